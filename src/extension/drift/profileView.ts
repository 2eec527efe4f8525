/** Turns a core data profile into what the profile panel draws: pure, so the wording and charts are unit-tested. */
import type { ColumnProfile, DataProfile } from '../../core/data/profile';
import type { ProfileChart, ProfileColumnView, ProfileSummary } from '../../protocol/webview/profile';

const MAX_BARS = 20;

export function profileColumnView(c: ColumnProfile): ProfileColumnView {
  const n = c.numeric;
  const top = c.text?.top ?? n?.top.map((t) => ({ value: formatKey(t.value), count: t.count })) ?? [];
  return {
    name: c.name,
    type: c.type,
    storage: c.kind,
    count: c.count,
    missing: c.missing,
    missingShare: c.missingShare,
    distinct: c.distinct,
    min: n?.min ?? null,
    max: n?.max ?? null,
    mean: n?.mean ?? null,
    std: n?.std ?? null,
    quantiles: n?.quantiles ?? [],
    zeros: n ? n.zeros : null,
    infinite: n ? n.infinite : null,
    lengths:
      c.text && c.text.minLength !== null && c.text.maxLength !== null
        ? { min: c.text.minLength, max: c.text.maxLength }
        : null,
    top: top.map((t) => ({ value: t.value, count: t.count })),
    chart: chartFor(c),
    note: noteFor(c),
  };
}

export function profileSummary(
  p: DataProfile,
  files: { path: string; file: string },
  bytes: number,
  elapsedMs: number,
): ProfileSummary {
  return {
    path: files.path,
    file: files.file,
    format: p.format,
    rowCount: p.rowCount,
    columnCount: p.columnCount,
    bytes,
    elapsedMs,
  };
}

/**
 * Numbers with many values get their histogram; categories (and integer codes with few values) get bars of their
 * most frequent values, the rest summed in `other`; a column with no values gets no chart.
 */
export function chartFor(c: ColumnProfile): ProfileChart | null {
  if (c.count === 0) return null;
  const n = c.numeric;
  if (n && c.type !== 'categorical' && n.histogram.counts.length > 0)
    return { kind: 'histogram', edges: n.histogram.edges, counts: n.histogram.counts };
  const top = c.text?.top ?? n?.top.map((t) => ({ value: formatKey(t.value), count: t.count })) ?? [];
  if (top.length === 0)
    return n && n.histogram.counts.length > 0
      ? { kind: 'histogram', edges: n.histogram.edges, counts: n.histogram.counts }
      : null;
  const shown = top.slice(0, MAX_BARS);
  const shownCount = shown.reduce((s, t) => s + t.count, 0);
  return {
    kind: 'bars',
    keys: shown.map((t) => t.value),
    counts: shown.map((t) => t.count),
    other: Math.max(0, c.count - shownCount - (n?.infinite ?? 0)),
  };
}

function noteFor(c: ColumnProfile): string | null {
  if (c.count === 0) return 'every value is missing: nothing to summarise';
  const notes: string[] = [];
  if (c.numeric && c.numeric.infinite > 0)
    notes.push(`${c.numeric.infinite} infinite value${c.numeric.infinite === 1 ? '' : 's'} left out of the statistics`);
  if (c.type === 'text') notes.push('free text: many distinct values, so only the most frequent are shown');
  if (c.type === 'datetime') notes.push('dates are shown as text');
  return notes.length ? notes.join('; ') : null;
}

function formatKey(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}
