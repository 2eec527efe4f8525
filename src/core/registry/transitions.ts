/** Stage and alias moves as pure edits of the registry data; the store runs them under its lock. */
import { MlopsError } from '../errors';
import {
  RESERVED_ALIASES,
  isStage,
  type AuditEventInit,
  type ModelVersion,
  type RegistryData,
  type TransitionRequest,
  type TransitionResult,
  type TransitionTarget,
} from './types';

const ALIAS = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** `production` → a stage; `champion` → an alias. */
export function parseTransitionTarget(text: string): TransitionTarget {
  const to = text.trim();
  if (isStage(to)) return { kind: 'stage', stage: to };
  if (to === 'latest')
    throw new MlopsError(
      "'latest' is reserved: 'name' alone already means the highest version",
      'bad-input',
      'Pick another alias name.',
    );
  if (!ALIAS.test(to)) {
    throw new MlopsError(
      `'${text}' is neither a stage nor a valid alias`,
      'bad-input',
      'Use staging, production, archived, or an alias of letters, digits, _ . - starting with a letter (e.g. champion).',
    );
  }
  return { kind: 'alias', alias: to };
}

export function targetLabel(to: TransitionTarget): string {
  return to.kind === 'stage' ? to.stage : `@${to.alias}`;
}

function versionOrThrow(data: RegistryData, model: string, version: number): ModelVersion {
  const m = data.models[model];
  if (!m)
    throw new MlopsError(
      `no registered model '${model}'`,
      'not-found',
      "Run 'mlops models' to list registered models.",
    );
  const v = m.versions.find((x) => x.version === version);
  if (!v)
    throw new MlopsError(
      `no version ${version} of model '${model}'`,
      'not-found',
      `Versions: ${m.versions.map((x) => x.version).join(', ') || 'none'}.`,
    );
  return v;
}

/**
 * Applies a transition to `data` in place. Entering production archives the version that held it; an alias
 * leaves its previous holder. A move to where the version already is changes nothing and records nothing.
 */
export function applyTransition(
  data: RegistryData,
  request: TransitionRequest,
  context: { now: string; user: string },
): { result: Omit<TransitionResult, 'events'>; audit: AuditEventInit[] } {
  const { model, version, to } = request;
  const target = versionOrThrow(data, model, version);
  const registered = data.models[model];
  const previousStage = target.stage;
  if (request.expectProduction !== undefined) {
    const now = registered.versions.find((v) => v.stage === 'production')?.version ?? null;
    if (now !== request.expectProduction) {
      throw new MlopsError(
        `the production version of '${model}' changed while gates were checked (${request.expectProduction ?? 'none'} → ${now ?? 'none'})`,
        'conflict',
        'Check the gates again and retry the promotion.',
      );
    }
  }
  const audit: AuditEventInit[] = [];
  const base = { model, user: context.user };
  let archived: ModelVersion | null = null;
  let aliasMovedFrom: number | null = null;
  const noOp = to.kind === 'stage' ? target.stage === to.stage : registered.aliases[to.alias] === version;
  if (noOp) return { result: { version: target, previousStage, archived, aliasMovedFrom }, audit };

  if (request.override) {
    audit.push({
      ...base,
      type: 'override',
      version,
      details: { to: targetLabel(to), reason: request.override.reason, failedRules: request.override.failedRules },
    });
  }
  const note = request.note ? { note: request.note } : {};
  if (to.kind === 'stage') {
    if (to.stage === 'production') {
      const current = registered.versions.find((v) => v.stage === 'production' && v.version !== version);
      if (current) {
        current.stage = 'archived';
        current.stageChangedAt = context.now;
        current.stageChangedBy = context.user;
        archived = current;
        audit.push({
          ...base,
          type: 'transition',
          version: current.version,
          details: { from: 'production', to: 'archived', reason: `version ${version} entered production` },
        });
      }
    }
    target.stage = to.stage;
    target.stageChangedAt = context.now;
    target.stageChangedBy = context.user;
    audit.push({ ...base, type: 'transition', version, details: { from: previousStage, to: to.stage, ...note } });
  } else {
    if (RESERVED_ALIASES.has(to.alias)) throw new MlopsError(`'${to.alias}' is a stage, not an alias`, 'bad-input');
    const held = registered.aliases[to.alias];
    aliasMovedFrom = held ?? null;
    registered.aliases[to.alias] = version;
    audit.push({ ...base, type: 'alias', version, details: { alias: to.alias, from: aliasMovedFrom, ...note } });
  }
  return { result: { version: target, previousStage, archived, aliasMovedFrom }, audit };
}

export function applyRemoveAlias(data: RegistryData, model: string, alias: string, user: string): AuditEventInit[] {
  const registered = data.models[model];
  if (!registered)
    throw new MlopsError(
      `no registered model '${model}'`,
      'not-found',
      "Run 'mlops models' to list registered models.",
    );
  const held = registered.aliases[alias];
  if (held === undefined)
    throw new MlopsError(
      `model '${model}' has no alias '${alias}'`,
      'not-found',
      `Aliases: ${Object.keys(registered.aliases).join(', ') || 'none'}.`,
    );
  delete registered.aliases[alias];
  return [{ type: 'alias', model, version: held, user, details: { alias, from: held, to: null } }];
}
