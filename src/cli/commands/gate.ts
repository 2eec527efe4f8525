import { MlopsError } from '../../core/errors';
import { FileRegistryStore } from '../../core/registry/fileRegistryStore';
import { checkGates, describeFailures, formatGateNumber, type GateCheck } from '../../core/registry/gates/checkGates';
import type { RegistryStore } from '../../core/registry/registryStore';
import type { DriftSources } from '../../core/registry/gates/gateDrift';
import { parseVersionNumber } from '../../core/registry/presentation';
import { resolveModelRef } from '../../core/registry/resolveModelRef';
import { parseTransitionTarget } from '../../core/registry/transitions';
import { option, type CliArgs, type CliCommand } from '../command';

/** `<model> <version>` or one reference (`churn:3`, `churn@staging`). */
export async function versionArgs(
  store: RegistryStore,
  args: CliArgs,
  command: string,
): Promise<{ model: string; version: number }> {
  const [first, second] = args.positionals;
  if (!first)
    throw new MlopsError(
      `${command} needs a model and a version`,
      'bad-input',
      `e.g. 'mlops ${command} churn 3'; 'mlops models' lists them.`,
    );
  if (second !== undefined) return { model: first, version: parseVersionNumber(second, first) };
  const resolved = resolveModelRef(await store.read(), first);
  return { model: resolved.model, version: resolved.version };
}

export function driftSources(args: CliArgs): DriftSources {
  return { reference: option(args, 'reference'), current: option(args, 'current') };
}

export function gateText(check: GateCheck): string {
  const head = `${check.model}:${check.version}`;
  if (check.skipped) return `${head}: ${check.skipped}`;
  const lines = check.results.map((r) => {
    if (!r.passed) return '';
    const values = Object.entries(r.values)
      .map(([k, v]) => `${k} = ${typeof v === 'number' ? formatGateNumber(v) : JSON.stringify(v)}`)
      .join(', ');
    return `✓ ${r.rule}${values ? `  (${values})` : ''}`;
  });
  const failures = describeFailures(check);
  const passed = check.results.filter((r) => r.passed).length;
  return [
    `${head}: ${passed}/${check.results.length} gates hold${check.passed ? '' : ' — FAILED'}`,
    ...lines.filter(Boolean),
    ...failures,
    ...(check.drift?.ok
      ? [`drift: ${check.drift.facts.current} vs ${check.drift.facts.reference} (${check.drift.facts.source})`]
      : []),
  ].join('\n');
}

export const gateCommand: CliCommand = {
  name: 'gate',
  usage: 'gate <model> <version> [--to STAGE] [--reference R] [--current C]',
  summary: "evaluate a model version's gates from mlops.yaml; exit 0 when all hold, 1 with the failing rules",
  valueOptions: ['to', 'reference', 'current'],
  async run(ctx) {
    const store = new FileRegistryStore(ctx.workspace);
    const { model, version } = await versionArgs(store, ctx.args, 'gate');
    const toText = option(ctx.args, 'to');
    const to = toText ? parseTransitionTarget(toText) : undefined;
    const check = await checkGates(store, { model, version, to, drift: driftSources(ctx.args), signal: ctx.signal });
    return { json: check, text: gateText(check), exitCode: check.passed ? 0 : 1 };
  },
};
