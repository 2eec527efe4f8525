import { MlopsError } from '../errors';
import { formatModelRef, parseModelRef, type ModelRef } from '../spec/modelRef';
import { isStage, type ModelVersion, type RegisteredModel, type RegistryData } from './types';

function modelOrThrow(data: RegistryData, name: string): RegisteredModel {
  const model = data.models[name];
  if (model) return model;
  const known = Object.keys(data.models).sort();
  throw new MlopsError(
    `no registered model '${name}'`,
    'not-found',
    known.length
      ? `Registered models: ${known.join(', ')}.`
      : "Register one with 'mlops register <run-id> --model NAME'.",
  );
}

/** Aliases a version holds. */
export function aliasesOf(model: RegisteredModel, version: number): string[] {
  return Object.entries(model.aliases)
    .filter(([, v]) => v === version)
    .map(([alias]) => alias)
    .sort();
}

/**
 * `name` → the highest version; `name:3` → version 3; `name@production` / `name@staging` / `name@archived` →
 * the newest version in that stage; `name@champion` → the version holding the alias.
 */
export function resolveModelRef(data: RegistryData, refOrText: string | ModelRef): ModelVersion {
  const ref = typeof refOrText === 'string' ? parseModelRef(refOrText) : refOrText;
  const model = modelOrThrow(data, ref.name);
  const text = formatModelRef(ref);
  if (ref.kind === 'latest') {
    const last = model.versions[model.versions.length - 1];
    if (!last)
      throw new MlopsError(
        `model '${ref.name}' has no versions`,
        'not-found',
        "Register one with 'mlops register <run-id> --model NAME'.",
      );
    return last;
  }
  if (ref.kind === 'version') {
    const found = model.versions.find((v) => v.version === ref.version);
    if (found) return found;
    const numbers = model.versions.map((v) => v.version);
    throw new MlopsError(
      `no version ${ref.version} of model '${ref.name}'`,
      'not-found',
      numbers.length ? `Versions: ${numbers.join(', ')}.` : 'It has no versions yet.',
    );
  }
  if (isStage(ref.alias)) {
    const inStage = model.versions.filter((v) => v.stage === ref.alias);
    const newest = inStage[inStage.length - 1];
    if (newest) return newest;
    throw new MlopsError(
      `no version of '${ref.name}' is in ${ref.alias} (${text})`,
      'not-found',
      `Promote one with 'mlops promote ${ref.name} <version> --to ${ref.alias}'.`,
    );
  }
  const held = model.aliases[ref.alias];
  const found = held === undefined ? undefined : model.versions.find((v) => v.version === held);
  if (found) return found;
  const aliases = Object.keys(model.aliases).sort();
  throw new MlopsError(
    `no version of '${ref.name}' holds the alias '${ref.alias}'`,
    'not-found',
    aliases.length
      ? `Aliases of ${ref.name}: ${aliases.join(', ')}.`
      : `Set one with 'mlops promote ${ref.name} <version> --to ${ref.alias}'.`,
  );
}
