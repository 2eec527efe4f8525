export { parseGate, namesIn, type GateExpr, type CompareOp, type ArithOp } from './parser';
export { tokenize, GateSyntaxError, type Token } from './lexer';
export {
  evaluateGates,
  evaluateRule,
  namesInRules,
  type GateScope,
  type GateReport,
  type GateResult,
  type GateValue,
  type Lookup,
} from './evaluate';
export { versionScope, type ScopeInputs } from './gateScope';
export { versionDrift, driftPair, type DriftFacts, type DriftOutcome, type DriftSources } from './gateDrift';
export { checkGates, describeFailures, formatGateNumber, type GateCheck, type GateCheckOptions } from './checkGates';
