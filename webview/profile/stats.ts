/** The statistics a profile card lists, as label/value text; pure, unit-tested. */
import type { ProfileColumnView } from '../../src/protocol/webview/profile';

export function numberText(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString('en-US');
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return v.toExponential(3);
  const rounded = Number(v.toPrecision(5));
  return abs >= 1000 ? rounded.toLocaleString('en-US') : String(rounded);
}

export function percentText(share: number): string {
  if (share === 0) return '0%';
  if (share < 0.001) return '<0.1%';
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

export function statRows(c: ProfileColumnView): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['count', c.count.toLocaleString('en-US')],
    ['missing', `${c.missing.toLocaleString('en-US')} (${percentText(c.missingShare)})`],
    ['distinct', c.distinct.toLocaleString('en-US')],
  ];
  if (c.storage === 'numeric' && c.count > 0) {
    rows.push(
      ['min', numberText(c.min)],
      ['max', numberText(c.max)],
      ['mean', numberText(c.mean)],
      ['std', numberText(c.std)],
    );
    for (const q of c.quantiles) rows.push([q.p === 0.5 ? 'median' : `p${Math.round(q.p * 100)}`, numberText(q.value)]);
    if (c.zeros) rows.push(['zeros', c.zeros.toLocaleString('en-US')]);
    if (c.infinite) rows.push(['infinite', c.infinite.toLocaleString('en-US')]);
  }
  if (c.lengths)
    rows.push([
      'length',
      c.lengths.min === c.lengths.max ? String(c.lengths.min) : `${c.lengths.min}–${c.lengths.max}`,
    ]);
  return rows;
}
