/**
 * Sizes as every view shows them (CLI, trees, markdown, panels): binary units, one decimal below 10.
 * "812 B", "1.5 KiB", "23 MiB". Pure and free of imports, so webviews may use it too (CONTRIBUTING.md).
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '? B';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
