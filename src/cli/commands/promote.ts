import { MlopsError } from '../../core/errors';
import { FileRegistryStore } from '../../core/registry/fileRegistryStore';
import { promote } from '../../core/registry/promotion';
import { parseTransitionTarget, targetLabel } from '../../core/registry/transitions';
import { option, type CliCommand } from '../command';
import { driftSources, gateText, versionArgs } from './gate';

export const promoteCommand: CliCommand = {
  name: 'promote',
  usage: 'promote <model> <version> --to <staging|production|archived|ALIAS> [--force --reason TEXT]',
  summary: 'move a version to a stage or alias after its gates hold (exit 1 when they fail)',
  valueOptions: ['to', 'reason', 'reference', 'current'],
  flags: ['force'],
  async run(ctx) {
    const store = new FileRegistryStore(ctx.workspace);
    const { model, version } = await versionArgs(store, ctx.args, 'promote');
    const toText = option(ctx.args, 'to');
    if (!toText)
      throw new MlopsError(
        'promote needs --to STAGE|ALIAS',
        'bad-input',
        'e.g. --to staging, --to production or --to champion.',
      );
    const to = parseTransitionTarget(toText);
    const outcome = await promote(store, {
      model,
      version,
      to,
      force: ctx.args.flags.has('force'),
      reason: option(ctx.args, 'reason'),
      drift: driftSources(ctx.args),
      signal: ctx.signal,
    });
    if (!outcome.promoted) {
      const text = [
        gateText(outcome.check),
        `not promoted: ${outcome.failures.length} gate(s) failed. Fix them, or override with --force --reason "why".`,
      ].join('\n');
      return { json: { promoted: false, check: outcome.check }, text, exitCode: 1 };
    }
    const { transition } = outcome;
    const label = targetLabel(to);
    const lines = [
      transition.events.length === 0
        ? `${model}:${version} is already ${label}; nothing changed`
        : `${model}:${version} → ${label}`,
      ...(outcome.check.results.length ? [gateText(outcome.check)] : []),
      ...(outcome.overridden
        ? [`gates OVERRIDDEN (reason recorded in the audit log): ${option(ctx.args, 'reason')}`]
        : []),
      ...(transition.archived ? [`archived ${model}:${transition.archived.version} (was production)`] : []),
      ...(transition.aliasMovedFrom !== null
        ? [`alias @${(to as { alias: string }).alias} moved from version ${transition.aliasMovedFrom}`]
        : []),
    ];
    return {
      json: {
        promoted: true,
        overridden: outcome.overridden,
        version: transition.version,
        archived: transition.archived,
        aliasMovedFrom: transition.aliasMovedFrom,
        check: outcome.check,
        events: transition.events,
      },
      text: lines.join('\n'),
    };
  },
};
