import { MlopsError } from '../../core/errors';
import type { MonitorCheck } from '../../core/monitor/monitorFiles';
import { runMonitor, settleMonitorRetrain } from '../../core/monitor/monitorRun';
import { summariseMonitors } from '../../core/monitor/monitorSummary';
import type { RetrainOutcome } from '../../core/monitor/retrain';
import { FileRegistryStore } from '../../core/registry';
import { loadSpec, requireValidSpec } from '../../core/spec/loadSpec';
import type { RunId } from '../../core/tracking/types';
import { retrainActions } from '../../backend/monitoring/retrainActions';
import { Runner } from '../../backend/runner';
import type { CliCommand, CliContext } from '../command';
import { formatNumber, textTable } from '../textTable';

function checkText(check: MonitorCheck): string {
  const lines = [
    `monitor ${check.monitor} (${check.model}${check.version !== null ? `:${check.version}` : ''}): ${check.status}${check.share !== null ? `, ${check.drifted}/${check.tested} columns drifted (share ${formatNumber(check.share)}, threshold ${check.driftShare})` : ''}`,
  ];
  if (check.message) lines.push(`  ${check.message}`);
  if (check.columns.length) {
    lines.push(
      textTable(
        ['COLUMN', 'TEST', 'SCORE', 'THRESHOLD', 'DRIFT'],
        check.columns.map((c) => [
          c.column,
          c.test ?? '',
          formatNumber(c.score),
          formatNumber(c.threshold),
          c.drifted === null ? '' : c.drifted ? 'yes' : 'no',
        ]),
      ).replace(/^/gm, '  '),
    );
  }
  if (check.performance)
    lines.push(
      `  performance on ${check.performance.labelled} labelled rows: ${check.performance.checks.map((c) => `${c.metric} ${formatNumber(c.current)} vs ${formatNumber(c.reference)}${c.passed ? '' : ' (drift)'}`).join(', ')}`,
    );
  for (const d of check.dataChanged) lines.push(`  data changed: ${d.path}`);
  if (check.retrain) lines.push(`  retraining queued: run ${check.retrain.runId} (${check.retrain.reason})`);
  return lines.join('\n');
}

function outcomeText(o: RetrainOutcome): string {
  if (o.version === null) return `retraining run ${o.runId} ${o.status}${o.error ? `: ${o.error}` : ''}`;
  const gates = o.gates
    ? o.gates.passed
      ? 'gates pass'
      : `gates fail: ${o.gates.failures.join('; ')}`
    : 'gates not checked';
  return `retraining run ${o.runId} registered as ${o.model}:${o.version} (challenger); ${gates}${o.promoted ? '; promoted to production' : ''}`;
}

async function runOne(ctx: CliContext, name: string) {
  const spec = requireValidSpec(await loadSpec(ctx.workspace));
  const monitor = spec.monitors[name];
  if (!monitor) {
    const known = Object.keys(spec.monitors);
    throw new MlopsError(
      `no monitor '${name}' in mlops.yaml`,
      'not-found',
      known.length ? `Monitors: ${known.join(', ')}.` : 'Declare one under monitors: in mlops.yaml.',
    );
  }
  const registry = new FileRegistryStore(ctx.workspace);
  const runner = new Runner({ workspace: ctx.workspace, role: 'cli' });
  try {
    const actions = retrainActions(runner, registry);
    const { check, settled } = await runMonitor({
      workspace: ctx.workspace,
      monitor,
      spec,
      registry,
      actions,
      signal: ctx.signal,
    });
    let retrained: RetrainOutcome | null = null;
    if (check.retrain && !ctx.args.flags.has('detach')) {
      if (!ctx.json)
        ctx.stdout.write(
          `${checkText(check)}\nwaiting for retraining run ${check.retrain.runId} (--detach to return at once)…\n`,
        );
      await runner.waitForEnd(check.retrain.runId as RunId, ctx.signal);
      retrained = await settleMonitorRetrain(ctx.workspace, monitor, spec, registry, actions);
    }
    const text = [
      check.retrain && !ctx.args.flags.has('detach') && !ctx.json ? '' : checkText(check),
      ...[settled, retrained].filter((o): o is RetrainOutcome => o !== null).map(outcomeText),
    ]
      .filter(Boolean)
      .join('\n');
    return {
      json: { check, settled, retrained },
      text,
      exitCode: check.status === 'drift' ? 1 : check.status === 'error' ? 2 : 0,
    };
  } finally {
    await runner.close();
  }
}

async function listAll(ctx: CliContext) {
  const spec = requireValidSpec(await loadSpec(ctx.workspace), { allowMissing: true });
  const monitors = await summariseMonitors(ctx.workspace, spec, new FileRegistryStore(ctx.workspace));
  const rows = monitors.map((m) => [
    m.name,
    m.model,
    m.current,
    m.every ?? 'on demand',
    m.status,
    m.lastCheck?.share != null ? formatNumber(m.lastCheck.share) : '',
    m.lastCheck?.at ?? 'never',
    m.pending ? `run ${m.pending.runId}` : m.lastRetrain?.version ? `challenger v${m.lastRetrain.version}` : '',
  ]);
  return {
    json: monitors,
    text: monitors.length
      ? textTable(['MONITOR', 'MODEL', 'CURRENT', 'EVERY', 'STATUS', 'SHARE', 'LAST CHECK', 'RETRAIN'], rows)
      : 'no monitors in mlops.yaml',
  };
}

export const monitorCommand: CliCommand = {
  name: 'monitor',
  usage: 'monitor run <name> [--detach] | monitor list',
  flags: ['detach'],
  summary:
    'check a monitor now (exit 1 on drift; retrains when mlops.yaml says so) or list monitors and their last state',
  async run(ctx) {
    const [sub, name] = ctx.args.positionals;
    if (sub === 'list') return listAll(ctx);
    if (sub === 'run' && name) return runOne(ctx, name);
    throw new MlopsError(
      sub === 'run' ? 'monitor run needs a monitor name' : `unknown monitor sub-command '${sub ?? ''}'`,
      'bad-input',
      "Use 'mlops monitor run <name>' or 'mlops monitor list'.",
    );
  },
};
