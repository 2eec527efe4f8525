/** Turns a valid mlops.yaml value into the typed MlopsSpec with defaults filled in. */
import type { ExperimentSpec, MlopsSpec, ModelSpec, MonitorSpec } from './types';

type Obj = Record<string, unknown>;

export function emptySpec(): MlopsSpec {
  return { experiments: {}, models: {}, monitors: {} };
}

/** Sections are built with Object.fromEntries, which defines keys: a name can never reach a prototype. */
export function normalizeSpec(root: Obj | null): MlopsSpec {
  return {
    experiments: Object.fromEntries(
      entries(root?.experiments).map(([name, raw]) => [name, normalizeExperiment(name, raw)]),
    ),
    models: Object.fromEntries(
      entries(root?.models).map(([name, raw]) => [
        name,
        { ...(raw as Omit<ModelSpec, 'name'>), name, gates: (raw.gates as string[]) ?? [] },
      ]),
    ),
    monitors: Object.fromEntries(
      entries(root?.monitors).map(([name, raw]) => [name, { ...(raw as Omit<MonitorSpec, 'name'>), name }]),
    ),
  };
}

function normalizeExperiment(name: string, raw: Obj): ExperimentSpec {
  const experiment: ExperimentSpec = {
    ...(raw as Omit<ExperimentSpec, 'name' | 'params'>),
    name,
    params: (raw.params as Obj) ?? {},
    source: 'spec',
  };
  if (raw.env) experiment.env = stringValues(raw.env as Obj);
  if (raw.tags) experiment.tags = stringValues(raw.tags as Obj);
  if (raw.gpus && typeof raw.gpus === 'object') {
    const gpus = raw.gpus as { count: number; fallback?: 'cpu' | 'fail' };
    experiment.gpus = gpus.count;
    experiment.gpuFallback = gpus.fallback ?? 'fail';
  }
  return experiment;
}

function entries(section: unknown): Array<[string, Obj]> {
  return section && typeof section === 'object' ? (Object.entries(section) as Array<[string, Obj]>) : [];
}

function stringValues(map: Obj): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, String(v)]));
}
