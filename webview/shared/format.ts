import type { Cell } from '../../src/protocol/webview/runs';

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e7)) return v.toExponential(3);
  return String(Number(v.toPrecision(5)));
}

export function formatCell(cell: Cell, format: 'text' | 'number' | 'date' | 'duration' | 'status' = 'text'): string {
  if (cell === null) return '';
  if (typeof cell === 'number') {
    if (format === 'duration') return formatDuration(cell);
    return formatNumber(cell);
  }
  if (format === 'date') return formatDate(cell);
  return cell;
}

export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** Non-finite cells are text on the wire ("NaN", "Inf", "-Inf"); they get their own style. */
export function isNonFinite(cell: Cell): boolean {
  return cell === 'NaN' || cell === 'Inf' || cell === '-Inf';
}

export { formatBytes } from '../../src/core/format/bytes';
