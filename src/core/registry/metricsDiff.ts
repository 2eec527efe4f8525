/** Metrics of a version against the production version, as a Markdown table. */
import { formatGateNumber } from './gates/checkGates';
import type { ModelVersion } from './types';

export function metricsDiffMarkdown(candidate: ModelVersion, production: ModelVersion): string {
  const names = [...new Set([...Object.keys(candidate.metrics), ...Object.keys(production.metrics)])].sort();
  const cell = (v: number | undefined) => (v === undefined ? '—' : formatGateNumber(v));
  const rows = names.map((n) => {
    const a = production.metrics[n];
    const b = candidate.metrics[n];
    const delta = a !== undefined && b !== undefined ? `${b - a >= 0 ? '+' : ''}${formatGateNumber(b - a)}` : '';
    return `| ${n} | ${cell(a)} | ${cell(b)} | ${delta} |`;
  });
  return [
    `# ${candidate.model}: v${candidate.version} vs production v${production.version}`,
    '',
    `Metrics recorded at registration. Runs: production \`${production.runId}\`, candidate \`${candidate.runId}\`.`,
    '',
    `| metric | production v${production.version} | v${candidate.version} | change |`,
    '|---|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}
