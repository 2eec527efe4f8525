/** The model card's Evaluation, Fairness and Feature importance sections, from the version's evaluation report. */
import type { VersionEvaluation } from '../evaluation/evaluationFiles';
import { formatGateNumber } from './gates/checkGates';

export type CardEvaluation = VersionEvaluation | { error: string } | null;

const esc = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const fmt = (v: number) => formatGateNumber(v);

function append(lines: string[], more: string[]): void {
  for (const line of more) lines.push(line);
}

export function evaluationSections(found: CardEvaluation, ref: string): string[] {
  if (found === null) {
    return [
      '## Evaluation',
      `**Not evaluated.** No evaluation is recorded for this version (nor in its run), so its quality on held-out data, its fairness gaps and its feature importance are unknown. Run ${code(`mlops evaluate ${ref} --data TEST.csv --label COL`)}.`,
    ];
  }
  if ('error' in found) return ['## Evaluation', `The evaluation could not be read: ${found.error}`];
  const r = found.report;
  const source = r.source.data ?? r.source.predictions;
  const lines = [
    '## Evaluation',
    `${r.task} evaluation of ${r.n.toLocaleString('en-US')} rows${source ? ` from ${code(source)}` : ''}, label ${code(r.source.label)}${r.positiveLabel !== undefined ? ` (positive ${code(r.positiveLabel)}${r.threshold !== undefined ? `, threshold ${fmt(r.threshold)}` : ''})` : ''}, ${r.createdAt.replace('T', ' ').slice(0, 16)} UTC (${found.from === 'version' ? 'this version' : 'its run'}: ${code(found.path)}).`,
    '',
    '| metric | value |',
    '|---|---|',
    ...Object.entries(r.metrics).map(([k, v]) => `| ${esc(k)} | ${v === null ? `undefined — ${esc(r.undefined[k] ?? '')}` : fmt(v)} |`),
  ];
  if (r.perClass) {
    append(lines, ['', '| class | precision | recall | f1 | support |', '|---|---|---|---|---|', ...r.perClass.map((c) => `| ${esc(c.label)} | ${fmt(c.precision)} | ${fmt(c.recall)} | ${fmt(c.f1)} | ${c.support} |`)]);
  }
  lines.push('', '## Fairness');
  if (r.fairness) {
    const f = r.fairness;
    append(lines, [
      `By ${code(r.groups!.column)} (${f.byGroup.length} groups): demographic parity difference **${fmt(f.demographic_parity_difference)}**, equalized odds difference **${fmt(f.equalized_odds_difference)}** (TPR gap ${fmt(f.true_positive_rate_difference)}, FPR gap ${fmt(f.false_positive_rate_difference)}).`,
      '',
      '| group | selection rate | TPR | FPR |',
      '|---|---|---|---|',
      ...f.byGroup.map((g) => `| ${esc(g.group)} | ${fmt(g.selection_rate)} | ${fmt(g.true_positive_rate)} | ${fmt(g.false_positive_rate)} |`),
      ...f.notes.map((n) => `- ${n}`),
    ]);
  } else if (r.groups) {
    lines.push(`Per-group metrics by ${code(r.groups.column)} are recorded (${r.groups.byGroup.length} groups); fairness gaps are computed for binary tasks only.`);
  } else {
    lines.push(`_No sensitive-group column was evaluated (pass --group COL to ${code('mlops evaluate')})._`);
  }
  lines.push('', '## Feature importance');
  if (r.importance) {
    const imp = r.importance;
    append(lines, [
      `Permutation importance: drop in ${code(imp.scoring)} from ${fmt(imp.baseline)}, ${imp.repeats} repeats, seed ${imp.seed}.`,
      '',
      '| feature | mean drop | std |',
      '|---|---|---|',
      ...imp.features.map((f) => `| ${esc(f.feature)} | ${fmt(f.mean)} | ${fmt(f.std)} |`),
    ]);
  } else {
    lines.push(`_Not computed (${code('mlops evaluate MODEL@STAGE --data … --importance')})._`);
  }
  return lines;
}
