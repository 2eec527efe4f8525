/** The model registry: versions, stages and aliases, gates, promotion and the tamper-evident audit log. */
export * from './types';
export type { RegistryStore, NewModelVersion, RegistryMutation } from './registryStore';
export { FileRegistryStore } from './fileRegistryStore';
export { resolveModelRef, aliasesOf } from './resolveModelRef';
export { parseTransitionTarget, targetLabel, applyTransition } from './transitions';
export {
  appendAuditEvents,
  verifyAuditLog,
  verifyAuditText,
  readAuditEvents,
  sha256Line,
  currentUser,
  GENESIS_HASH,
  type AuditProblem,
  type AuditVerification,
} from './auditLog';
export {
  registerRun,
  locateArtifact,
  describeArtifact,
  metricsAtRegistration,
  type RegisterOptions,
} from './registration';
export { promote, type PromoteOptions, type PromoteOutcome } from './promotion';
export * from './gates';
export { registryLineageProvider } from './lineageSource';
export { parseVersionNumber, versionBadges, keyMetricNames } from './presentation';
export { renderModelCard, type ModelCardFacts } from './modelCard';
export { modelCardFacts } from './modelCardFacts';
export { gateRanges } from './gateLocations';
export { metricsDiffMarkdown } from './metricsDiff';
