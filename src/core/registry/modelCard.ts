/**
 * The model card: a Markdown page made only of recorded facts (mlops.yaml, the registry, the run, the gate
 * check, monitors, the audit log). Anything not recorded is said to be missing, never filled in.
 */
import type { ModelSpec } from '../spec/types';
import type { GateCheck } from './gates/checkGates';
import { formatGateNumber } from './gates/checkGates';
import { evaluationSections, type CardEvaluation } from './modelCardEvaluation';
import { aliasesOf } from './resolveModelRef';
import type { AuditEvent, DeploymentRecord, ModelVersion, MonitorRecord, RegisteredModel } from './types';

export interface ModelCardFacts {
  model: RegisteredModel;
  version: ModelVersion;
  spec: ModelSpec | null;
  gates: GateCheck | { error: string } | null;
  monitors: MonitorRecord[];
  deployments: DeploymentRecord[];
  history: AuditEvent[];
  run: { branch: string | null; remote: string | null; derivedFrom: string | null; parent: string | null } | null;
  /** The version's evaluation report; null when none is recorded (the card says so). Absent: section left out. */
  evaluation?: CardEvaluation;
}

const esc = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const notRecorded = (what: string) => `_${what}_`;

function schemaSection(schema: ModelVersion['schema']): string[] {
  if (!schema) return [notRecorded('No schema.json in the artifact.')];
  const columns = Array.isArray(schema.columns) ? (schema.columns as Array<Record<string, unknown>>) : null;
  if (!columns) return ['```json', JSON.stringify(schema, null, 2), '```'];
  const rows = columns.map((c) => {
    const detail =
      c.type === 'category'
        ? `categories: ${(c.categories as unknown[]).join(', ')}`
        : c.min !== undefined
          ? `range ${String(c.min)} … ${String(c.max)}`
          : '';
    return `| ${esc(String(c.name))} | ${esc(String(c.type))} | ${esc(detail)} |`;
  });
  const label = schema.label as { name?: string; task?: string; classes?: unknown[] } | undefined;
  return [
    '| input | type | training values |',
    '|---|---|---|',
    ...rows,
    ...(label?.name
      ? [
          '',
          `Label ${code(label.name)}${label.task ? ` (${label.task}${label.classes ? `, classes ${label.classes.join(', ')}` : ''})` : ''}.`,
        ]
      : []),
  ];
}

function gatesSection(gates: ModelCardFacts['gates']): string[] {
  if (gates === null) return [notRecorded('Gates were not evaluated.')];
  if ('error' in gates) return [`Gates could not be evaluated: ${gates.error}`];
  if (gates.skipped) return [notRecorded(gates.skipped.replace(/^./, (c) => c.toUpperCase()) + '.')];
  return [
    `**${gates.results.filter((r) => r.passed).length} of ${gates.results.length} gates hold** (evaluated when this card was generated).`,
    '',
    ...gates.results.map((r) => {
      const values = Object.entries(r.values)
        .map(
          ([k, v]) => `${k} = ${v === null ? 'n/a' : typeof v === 'number' ? formatGateNumber(v) : JSON.stringify(v)}`,
        )
        .join(', ');
      // ✓/✗ rather than emoji: they render in every font the Markdown preview may fall back to.
      return `- ${r.passed ? '✓ holds:' : '**✗ fails:**'} ${code(r.rule)}${values ? ` — ${values}` : ''}${r.reason ? ` — ${r.reason}` : ''}`;
    }),
  ];
}

function driftSection(facts: ModelCardFacts): string[] {
  const lines: string[] = [];
  const gates = facts.gates && !('error' in facts.gates) ? facts.gates : null;
  if (gates?.drift?.ok) {
    const d = gates.drift.facts;
    lines.push(
      `- Gate check: ${code(d.current)} vs ${code(d.reference)} (${d.source}): ${d.drifted} of ${d.tested} columns drifted, share ${d.share === null ? 'n/a' : formatGateNumber(d.share)} → ${d.datasetDrift ? '**dataset drift**' : 'no dataset drift'} (threshold ${formatGateNumber(d.driftShare)}).`,
    );
  } else if (gates?.drift && !gates.drift.ok) {
    lines.push(`- Gate check: not computed — ${gates.drift.reason}`);
  }
  for (const m of facts.monitors) {
    const c = m.lastCheck;
    lines.push(
      `- Monitor ${code(m.name)} (${m.model}): ${m.status}${c ? `, last check ${c.at.replace('T', ' ').slice(0, 16)} UTC${c.share !== null ? `, share ${formatGateNumber(c.share)}` : ''}${c.error ? `, error: ${c.error}` : ''}` : ', never checked'}.`,
    );
  }
  return lines.length ? lines : [notRecorded('No drift has been computed for this version.')];
}

function historyLine(e: AuditEvent): string {
  const d = e.details;
  const what =
    e.type === 'register'
      ? 'registered'
      : e.type === 'transition'
        ? `${String(d.from ?? 'none')} → ${String(d.to)}${d.reason ? ` (${String(d.reason)})` : ''}`
        : e.type === 'alias'
          ? `alias @${String(d.alias)} ${d.to === null ? 'removed' : 'set'}`
          : e.type === 'override'
            ? `**gates overridden** for ${String(d.to)}: “${String(d.reason)}” (failed: ${(d.failedRules as string[] | undefined)?.join('; ') ?? ''})`
            : e.type;
  return `| ${e.at.replace('T', ' ').slice(0, 19)} | ${esc(e.user)} | ${esc(what)} |`;
}

export function renderModelCard(facts: ModelCardFacts): string {
  const { model, version: v, spec } = facts;
  const badges = [v.stage ?? 'no stage', ...aliasesOf(model, v.version).map((a) => `@${a}`)].join(' · ');
  const metrics = Object.entries(v.metrics).sort(([a], [b]) => a.localeCompare(b));
  const deployments = facts.deployments.filter((d) => d.model === v.model && d.version === v.version);
  return [
    `# Model card: ${v.model} v${v.version}`,
    '',
    `${badges} · registered ${v.createdAt.replace('T', ' ').slice(0, 16)} UTC by ${v.createdBy}`,
    '',
    '## Description',
    spec?.description ??
      v.description ??
      notRecorded(`Not declared (add models.${v.model}.description to mlops.yaml).`),
    '',
    '## Intended use',
    spec?.intendedUse ?? notRecorded(`Not declared (add models.${v.model}.intendedUse to mlops.yaml).`),
    '',
    '## Training data',
    ...(v.data.length
      ? [
          '| path | sha256 | bytes |',
          '|---|---|---|',
          ...v.data.map((d) => `| ${esc(d.path)} | ${code(d.sha256.slice(0, 12))} | ${d.bytes} |`),
        ]
      : [notRecorded('The run recorded no data inputs.')]),
    '',
    '## Metrics at registration',
    ...(metrics.length
      ? ['| metric | value |', '|---|---|', ...metrics.map(([k, x]) => `| ${esc(k)} | ${formatGateNumber(x)} |`)]
      : [notRecorded('The run logged no metrics.')]),
    '',
    '## Inputs',
    ...schemaSection(v.schema),
    '',
    ...(facts.evaluation !== undefined ? [...evaluationSections(facts.evaluation, `${v.model}:${v.version}`), ''] : []),
    '## Gates',
    ...gatesSection(facts.gates),
    '',
    '## Drift',
    ...driftSection(facts),
    '',
    '## Lineage',
    `- Run ${code(v.runId)} of experiment ${code(v.experiment)}${facts.run?.derivedFrom ? `, retrained from run ${code(facts.run.derivedFrom)}` : ''}${facts.run?.parent ? `, child of ${code(facts.run.parent)}` : ''}.`,
    `- Code: ${v.git?.commit ? `commit ${code(v.git.commit.slice(0, 12))}${facts.run?.branch ? ` on ${code(facts.run.branch)}` : ''}${v.git.dirty ? ' with **uncommitted changes**' : ' (clean tree)'}` : 'not launched from a git repository'}${facts.run?.remote ? `, ${facts.run.remote}` : ''}.`,
    `- Artifact: ${code(v.artifact.path)}, ${v.artifact.files.length} file(s), ${v.artifact.bytes} bytes, sha256 ${code(v.artifact.sha256.slice(0, 16))}${v.artifact.format ? `, format ${v.artifact.format}` : ''}.`,
    ...(deployments.length
      ? deployments.map((d) => `- Deployment ${code(d.id)}: ${d.status}${d.url ? ` at ${d.url}` : ''}.`)
      : ['- Not deployed.']),
    '',
    '## History',
    ...(facts.history.length
      ? ['| time (UTC) | by | event |', '|---|---|---|', ...facts.history.map(historyLine)]
      : [notRecorded('No audit events.')]),
    '',
  ].join('\n');
}
