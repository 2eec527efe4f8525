import { MlopsError } from '../errors';
import { FileRunStore } from '../store/fileRunStore';
import { buildLineageGraph, type LineageProvider } from './graphBuilder';
import { nodeId, type LineageGraph } from './graph';
import { listRunRecords } from './runSource';

export async function loadLineageGraph(
  workspace: string,
  options: { providers?: LineageProvider[]; signal?: AbortSignal } = {},
): Promise<LineageGraph> {
  const runs = await listRunRecords(workspace, options.signal);
  return buildLineageGraph(runs, options.providers ?? [], options.signal);
}

/** `churn:3`, `churn@production` or `churn@champion` → the model version node it names. */
function findModelVersion(graph: LineageGraph, ref: string): string | undefined {
  const m = /^(.+?)(?::|@)([^:@]+)$/.exec(ref);
  if (!m) return undefined;
  const [, model, selector] = m;
  const versions = graph.nodes().filter((n) => n.kind === 'model-version' && n.attrs.model === model);
  if (ref.includes('@'))
    return versions.find(
      (n) => n.attrs.stage === selector || (n.attrs.aliases as string[] | undefined)?.includes(selector),
    )?.id;
  return versions.find((n) => String(n.attrs.version) === selector)?.id;
}

/**
 * What `mlops lineage <target>` starts from: a node id (`dataset:data/x.csv@…`), a model version
 * (`model:version` or `model@alias`), or a run id or unique prefix of one.
 */
export async function resolveLineageTarget(graph: LineageGraph, workspace: string, target: string): Promise<string> {
  if (graph.has(target)) return target;
  if (target.includes(':') || target.includes('@')) {
    const found = findModelVersion(graph, target);
    if (found) return found;
    throw new MlopsError(
      `no model version '${target}' in the lineage of ${workspace}`,
      'not-found',
      "Give 'model:version' or 'model@alias' of a registered model, or a run id ('mlops runs' lists them).",
    );
  }
  const runId = await new FileRunStore(workspace).resolveRunId(target);
  const id = nodeId.run(runId);
  if (!graph.has(id))
    throw new MlopsError(
      `run ${runId} has a missing or corrupt run.json`,
      'not-found',
      'Inspect its folder under .mlops/runs/.',
    );
  return id;
}
