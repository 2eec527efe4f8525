/** Small helpers shared by the CLI and VS Code to show versions the same way. */
import { MlopsError } from '../errors';
import type { MlopsSpec } from '../spec/types';
import { aliasesOf } from './resolveModelRef';
import type { ModelVersion, RegisteredModel } from './types';

export function parseVersionNumber(text: string | undefined, model: string): number {
  const v = Number(text);
  if (text === undefined || !/^[1-9][0-9]*$/.test(text.trim()) || !Number.isSafeInteger(v)) {
    throw new MlopsError(
      `'${text ?? ''}' is not a version number of '${model}'`,
      'bad-input',
      `Give a version such as 3; 'mlops models ${model}' lists them.`,
    );
  }
  return v;
}

/** Stage and aliases as badges: `production @champion`. */
export function versionBadges(model: RegisteredModel, version: ModelVersion): string[] {
  return [...(version.stage ? [version.stage] : []), ...aliasesOf(model, version.version).map((a) => `@${a}`)];
}

/**
 * The metrics worth a column: the experiment's declared metric first, then the `val`/`test` ones, at most
 * `limit` in all.
 */
export function keyMetricNames(versions: readonly ModelVersion[], spec: MlopsSpec | null, limit = 3): string[] {
  const names = new Set<string>();
  for (const v of versions) {
    const declared = spec?.experiments[v.experiment]?.metric?.name;
    if (declared) names.add(declared);
  }
  const all = [...new Set(versions.flatMap((v) => Object.keys(v.metrics)))].sort();
  for (const n of all.filter((n) => /(^|[._/])(val|test|eval)/.test(n))) names.add(n);
  for (const n of all) names.add(n);
  return [...names].filter((n) => all.includes(n)).slice(0, limit);
}
