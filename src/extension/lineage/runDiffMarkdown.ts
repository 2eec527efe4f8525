/** The "Compare code/data/params" summary of two runs, as Markdown. Pure. */
import type { RunDiff } from '../../core/lineage/runDiff';
import { formatBytes } from '../../core/format/bytes';

export interface RunLabel {
  id: string;
  experiment: string;
  createdAt?: string;
}

export interface CodeFiles {
  /** Repo-relative paths whose content may differ, or why the code cannot be compared. */
  files: string[] | null;
  error: string | null;
  /** Paths left out of the diff editor (too many). */
  omitted: number;
  /** Size and binary-file count of each run's uncommitted patch. */
  patches: Array<{ run: string; bytes: number; files: number; binaryFiles: number } | null>;
}

const MAX_ROWS = 200;

const md = (text: string) => text.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1');
const code = (text: string) => `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
const value = (v: unknown) => (v === undefined ? '—' : code(typeof v === 'string' ? v : JSON.stringify(v)));
const shortRun = (r: RunLabel) => `${r.experiment} ${r.id.slice(-8)}`;

function table(header: string[], rows: string[][]): string[] {
  if (rows.length === 0) return [];
  const shown = rows.slice(0, MAX_ROWS);
  const out = [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...shown.map((r) => `| ${r.join(' | ')} |`),
  ];
  if (rows.length > shown.length) out.push('', `…and ${rows.length - shown.length} more.`);
  return out;
}

export function renderRunDiffMarkdown(diff: RunDiff, a: RunLabel, b: RunLabel, codeFiles: CodeFiles): string {
  const out: string[] = [
    `# ${md(shortRun(a))} → ${md(shortRun(b))}`,
    '',
    `A: run ${code(a.id)}${a.createdAt ? ` (${a.createdAt})` : ''}  `,
    `B: run ${code(b.id)}${b.createdAt ? ` (${b.createdAt})` : ''}`,
    '',
  ];

  const p = diff.params;
  out.push('## Params', '');
  const paramCount = p.added.length + p.removed.length + p.changed.length;
  if (paramCount === 0) out.push(`Same params (${p.unchanged.length}).`);
  else {
    out.push(
      `${p.changed.length} changed, ${p.added.length} added, ${p.removed.length} removed, ${p.unchanged.length} unchanged.`,
      '',
    );
    for (const row of table(
      ['param', 'A', 'B'],
      [
        ...p.changed.map((c) => [code(c.key), value(c.from), value(c.to)]),
        ...p.added.map((c) => [code(c.key), '—', value(c.value)]),
        ...p.removed.map((c) => [code(c.key), value(c.value), '—']),
      ],
    ))
      out.push(row);
  }

  const d = diff.data;
  out.push('', '## Data', '');
  if (d.changed.length + d.added.length + d.removed.length === 0)
    out.push(
      d.unchanged.length > 0
        ? `Same data versions (${d.unchanged.length} ${d.unchanged.length === 1 ? 'path' : 'paths'}).`
        : 'No data was recorded for either run.',
    );
  else {
    for (const row of table(
      ['path', 'role', 'A', 'B'],
      [
        ...d.changed.map((c) => [
          code(c.path),
          c.role ?? 'input',
          `${code(c.from.sha256.slice(0, 12))} ${formatBytes(c.from.bytes)}`,
          `${code(c.to.sha256.slice(0, 12))} ${formatBytes(c.to.bytes)}`,
        ]),
        ...d.added.map((r) => [
          code(r.path),
          r.role ?? 'input',
          '—',
          `${code(r.sha256.slice(0, 12))} ${formatBytes(r.bytes)}`,
        ]),
        ...d.removed.map((r) => [
          code(r.path),
          r.role ?? 'input',
          `${code(r.sha256.slice(0, 12))} ${formatBytes(r.bytes)}`,
          '—',
        ]),
      ],
    ))
      out.push(row);
  }

  const e = diff.env;
  const pk = e.packages;
  out.push('', '## Environment', '');
  const envCount =
    e.changed.length +
    e.lockfiles.length +
    pk.added.length +
    pk.removed.length +
    pk.upgraded.length +
    pk.downgraded.length +
    pk.changed.length;
  if (envCount === 0) out.push('Same environment (as far as it was recorded).');
  else {
    const envRows = table(
      ['what', 'A', 'B'],
      [
        ...e.changed.map((c) => [c.key, value(c.from), value(c.to)]),
        ...e.lockfiles.map((c) => [
          `lock file ${code(c.key)}`,
          value(c.from && String(c.from).slice(0, 12)),
          value(c.to && String(c.to).slice(0, 12)),
        ]),
      ],
    );
    for (const row of envRows) out.push(row);
    if (pk.added.length + pk.removed.length + pk.upgraded.length + pk.downgraded.length + pk.changed.length > 0) {
      if (envRows.length > 0) out.push('');
      out.push(
        `Packages: ${pk.upgraded.length} upgraded, ${pk.downgraded.length} downgraded, ${pk.changed.length} changed, ${pk.added.length} added, ${pk.removed.length} removed.`,
        '',
      );
      for (const row of table(
        ['package', 'A', 'B'],
        [
          ...pk.upgraded.map((c) => [`${code(c.name)} ↑`, code(c.from), code(c.to)]),
          ...pk.downgraded.map((c) => [`${code(c.name)} ↓`, code(c.from), code(c.to)]),
          ...pk.changed.map((c) => [code(c.name), code(c.from), code(c.to)]),
          ...pk.added.map((c) => [`${code(c.name)} +`, '—', code(c.version)]),
          ...pk.removed.map((c) => [`${code(c.name)} −`, code(c.version), '—']),
        ],
      ))
        out.push(row);
    }
  }

  out.push('', '## Code', '');
  for (const line of codeSection(diff, codeFiles)) out.push(line);
  return `${out.join('\n')}\n`;
}

function codeSection(diff: RunDiff, files: CodeFiles): string[] {
  const c = diff.code;
  if (!c.tracked)
    return ['At least one of the runs was not launched inside a git repository, so its code was not recorded.'];
  const lines = [
    c.sameCommit
      ? `Same commit ${code((c.commitA ?? '').slice(0, 12))}.`
      : `Commit ${code((c.commitA ?? 'none').slice(0, 12))} → ${code((c.commitB ?? 'none').slice(0, 12))}.`,
    `Uncommitted changes: A ${c.dirtyA ? 'dirty' : 'clean'}, B ${c.dirtyB ? 'dirty' : 'clean'}${c.dirtyA || c.dirtyB ? (c.samePatch ? ' (same patch)' : ' (different patches)') : ''}.`,
  ];
  files.patches.forEach((patch, i) => {
    if (patch && patch.binaryFiles > 0)
      lines.push(
        `Run ${i === 0 ? 'A' : 'B'}'s patch (${formatBytes(patch.bytes)}, ${patch.files} files) holds ${patch.binaryFiles} binary file(s): they are compared by size and hash, not shown inline.`,
      );
  });
  if (files.error) return [...lines, '', `**The code cannot be compared:** ${md(files.error)}`];
  if (c.identical) return [...lines, '', 'The code was identical.'];
  if (!files.files || files.files.length === 0) return [...lines, '', 'No file differs.'];
  lines.push(
    '',
    `${files.files.length} file(s) may differ; they are open in the diff editor (A on the left, B on the right).`,
    '',
  );
  for (const f of files.files.slice(0, MAX_ROWS)) lines.push(`- ${code(f)}`);
  if (files.files.length > MAX_ROWS) lines.push(`- …and ${files.files.length - MAX_ROWS} more`);
  if (files.omitted > 0)
    lines.push(
      '',
      `The diff editor shows the first ${files.files.length - files.omitted}; ${files.omitted} more are listed only.`,
    );
  return lines;
}
