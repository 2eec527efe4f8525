/** Lineage: what code, data and environment made each run, and the graph that links runs to models. */
export { captureGit, DIFF_FILE, type CaptureGitOptions } from './gitCapture';
export { stripCredentials } from './remoteUrl';
export { UNTRACKED_DIR, UNTRACKED_FILE_LIMIT, UNTRACKED_TOTAL_LIMIT, UNTRACKED_LIST_LIMIT } from './untrackedFiles';
export {
  hashInputs,
  hashArtifacts,
  checkInputs,
  type DataInput,
  type DataPurpose,
  type HashedData,
  type HashOptions,
} from './dataHashing';
export { HashCache, hashCachePath } from './hashCache';
export { datasetVersionId, parseDatasetVersionId, normaliseDataPath } from './datasetVersion';
export { resolveInWorkspace } from './workspacePath';
export { captureEnv, envCacheDir, type CaptureEnvOptions } from './envCapture';
export { gpuInventory, type GpuSnapshot } from './gpuInventory';
export { captureLaunchLineage, dataInputsOf, type LaunchCaptureOptions, type LaunchLineage } from './launchCapture';
export {
  LineageGraph,
  nodeId,
  NODE_KINDS,
  EDGE_KINDS,
  type LineageNode,
  type LineageEdge,
  type LineageNodeKind,
  type LineageEdgeKind,
  type LineageGraphJson,
} from './graph';
export { buildLineageGraph, type LineageProvider, type LineageContribution } from './graphBuilder';
export {
  registryContribution,
  registryProvider,
  type ModelVersionFacts,
  type DeploymentFacts,
} from './registryLineage';
export { upstream, downstream, neighbourhood, reachable, type Direction, type TraverseOptions } from './graphQuery';
export { loadLineageGraph, resolveLineageTarget } from './lineageLoader';
export { listRunRecords } from './runSource';
export { renderLineageTree } from './lineageText';
export {
  diffRuns,
  diffParams,
  diffData,
  diffEnv,
  diffCode,
  type RunDiff,
  type RunSnapshot,
  type ParamsDiff,
  type DataDiff,
  type EnvDiff,
  type CodeDiff,
} from './runDiff';
export { loadRunSnapshot } from './runSnapshot';
export { fileAtRun, changedFilesBetweenRuns, patchedFiles, type FileAtRun } from './fileAtRun';
export { datasetCatalog, type DatasetEntry, type DatasetVersionEntry } from './datasetCatalog';
