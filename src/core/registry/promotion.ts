/** Promotion: gates first, then the transition; a failed gate needs an explicit override with a reason. */
import { MlopsError } from '../errors';
import type { MlopsSpec } from '../spec/types';
import { checkGates, describeFailures, type GateCheck } from './gates/checkGates';
import type { DriftSources } from './gates/gateDrift';
import type { RegistryStore } from './registryStore';
import type { TransitionResult, TransitionTarget } from './types';

export interface PromoteOptions {
  model: string;
  version: number;
  to: TransitionTarget;
  /** Promote even though gates failed; needs `reason`, and both are audited. */
  force?: boolean;
  reason?: string;
  user?: string;
  note?: string;
  spec?: MlopsSpec | null;
  drift?: DriftSources;
  signal?: AbortSignal;
}

export type PromoteOutcome =
  | { promoted: true; check: GateCheck; transition: TransitionResult; overridden: boolean }
  | { promoted: false; check: GateCheck; failures: string[] };

export async function promote(store: RegistryStore, options: PromoteOptions): Promise<PromoteOutcome> {
  const reason = options.reason?.trim();
  if (options.force && !reason) {
    throw new MlopsError(
      '--force needs --reason TEXT',
      'bad-input',
      'Say why the gates are overridden; the reason is kept in the audit log.',
    );
  }
  const check = await checkGates(store, {
    model: options.model,
    version: options.version,
    to: options.to,
    spec: options.spec,
    drift: options.drift,
    signal: options.signal,
  });
  if (!check.passed && !options.force) return { promoted: false, check, failures: describeFailures(check) };
  const overridden = !check.passed;
  const transition = await store.transition({
    model: options.model,
    version: options.version,
    to: options.to,
    user: options.user,
    note: options.note ?? (reason && !overridden ? reason : undefined),
    expectProduction: check.production,
    ...(overridden
      ? { override: { reason: reason!, failedRules: check.results.filter((r) => !r.passed).map((r) => r.rule) } }
      : {}),
  });
  return { promoted: true, check, transition, overridden };
}
