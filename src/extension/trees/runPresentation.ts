import * as vscode from 'vscode';
import { slurmStatusText } from '../../core/tracking/slurmLabel';
import type { RunStatus, RunSummary } from '../../core/tracking/types';

const STATUS_ICONS: Record<RunStatus, [string, string | undefined]> = {
  queued: ['clock', 'charts.yellow'],
  running: ['sync~spin', 'charts.blue'],
  completed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  killed: ['circle-slash', 'disabledForeground'],
  interrupted: ['warning', 'list.warningForeground'],
  pruned: ['debug-step-over', 'disabledForeground'],
};

export function statusIcon(status: RunStatus): vscode.ThemeIcon {
  const [id, color] = STATUS_ICONS[status];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

export function relativeTime(iso: string | null, now = Date.now()): string {
  if (!iso) return '';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

export function durationText(run: RunSummary, now = Date.now()): string {
  if (!run.startedAt) return '';
  const ms = (run.endedAt ? Date.parse(run.endedAt) : now) - Date.parse(run.startedAt);
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60
    ? `${s}s`
    : s < 3600
      ? `${Math.floor(s / 60)}m ${s % 60}s`
      : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** "completed · 2m ago · val_accuracy 0.93" — the main metric when the experiment names one. */
/** "epoch 5/20" when the run declares epochs, else "step 120"; the epoch comes from an `epoch` metric or the step. */
export function runProgress(run: RunSummary): string | undefined {
  const planned = [run.params.epochs, run.params['train.epochs']].find(
    (v): v is number => typeof v === 'number' && v > 0,
  );
  const epoch =
    typeof run.metrics.epoch === 'number' ? run.metrics.epoch : run.step !== null ? run.step + 1 : undefined;
  if (planned !== undefined && epoch !== undefined) return `epoch ${Math.min(epoch, planned)}/${planned}`;
  return run.step !== null ? `step ${run.step}` : undefined;
}

export function runDescription(run: RunSummary, mainMetric?: string, queuePosition?: number): string {
  const parts: string[] = [
    slurmStatusText(run) ?? (queuePosition !== undefined ? `queued #${queuePosition + 1}` : run.status),
  ];
  if (run.slurm?.jobId) parts.push(`Slurm ${run.slurm.jobId}`);
  if (run.status === 'running') parts.push(runProgress(run) ?? '');
  parts.push(relativeTime(run.startedAt ?? run.createdAt));
  const metric = mainMetric && run.metrics[mainMetric] !== undefined ? mainMetric : Object.keys(run.metrics)[0];
  if (metric !== undefined) parts.push(`${metric} ${formatValue(run.metrics[metric])}`);
  return parts.filter(Boolean).join(' · ');
}

export function runTooltip(run: RunSummary): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${run.experiment}** — \`${run.id}\`\n\n`);
  md.appendMarkdown(`Status: **${run.status}**${run.exitCode !== null ? ` (exit ${run.exitCode})` : ''}  \n`);
  if (run.startedAt)
    md.appendMarkdown(`Started: ${new Date(run.startedAt).toLocaleString()} · ${durationText(run)}  \n`);
  if (run.slurm)
    md.appendMarkdown(
      `Slurm job: ${run.slurm.jobId ?? 'not submitted'}${run.slurm.state ? ` · ${run.slurm.state}` : ''}${run.slurm.reason && run.slurm.reason !== 'None' ? ` (${run.slurm.reason})` : ''}${run.slurm.node ? ` · ${run.slurm.node}` : ''}  \n`,
    );
  if (run.gitCommit) md.appendMarkdown(`Commit: \`${run.gitCommit.slice(0, 10)}\`  \n`);
  const metrics = Object.entries(run.metrics).slice(0, 12);
  if (metrics.length)
    md.appendMarkdown(
      `\n| metric | value |\n|---|---|\n${metrics.map(([k, v]) => `| ${k} | ${formatValue(v)} |`).join('\n')}\n`,
    );
  const params = Object.entries(run.params).slice(0, 12);
  if (params.length)
    md.appendMarkdown(
      `\n| param | value |\n|---|---|\n${params.map(([k, v]) => `| ${k} | ${String(typeof v === 'object' ? JSON.stringify(v) : v)} |`).join('\n')}\n`,
    );
  return md;
}

/** The tree node of one run: same look in both trees. */
export function runTreeItem(
  run: RunSummary,
  options: { label?: string; mainMetric?: string; queuePosition?: number },
): vscode.TreeItem {
  // In the flat Runs view a named run (`--name`, an imported run's folder or MLflow name) shows its name too.
  const label = options.label ?? (run.name ? `${run.experiment} · ${run.name}` : run.experiment);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `run:${run.id}:${options.label ? 'exp' : 'flat'}`;
  item.description = runDescription(run, options.mainMetric, options.queuePosition);
  item.tooltip = runTooltip(run);
  item.iconPath = statusIcon(run.status);
  item.contextValue = `run.${run.status}`;
  item.command = { command: 'mlops.openRun', title: 'Open Run Details', arguments: [run.id] };
  return item;
}
