/** Finding an experiment by name: one from mlops.yaml, or a workspace script named by its relative path. */
import { MlopsError } from '../errors';
import { scriptExperiment, scriptLanguage } from './discoverScripts';
import type { ExperimentSpec, MlopsSpec } from './types';

/**
 * The experiment called `name`. mlops.yaml wins; a name ending in a script extension (train.py, src/train.ts)
 * becomes a script experiment (its file is not checked here). Anything else is an MlopsError listing the known names.
 */
export function findExperiment(spec: MlopsSpec, name: string): ExperimentSpec {
  const own = Object.prototype.hasOwnProperty.call(spec.experiments, name) ? spec.experiments[name] : undefined;
  if (own) return own;
  if (name.includes('.') && scriptLanguage(name.slice(name.lastIndexOf('.') + 1))) return scriptExperiment(name);
  const known = Object.keys(spec.experiments);
  throw new MlopsError(
    `unknown experiment '${name}'`,
    'not-found',
    known.length
      ? `Known experiments: ${known.join(', ')}; or pass a script path such as train.py.`
      : 'mlops.yaml defines no experiments; add one, or pass a script path such as train.py.',
  );
}
