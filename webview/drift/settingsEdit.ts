/** Edits of the drift settings the panel sends to the host; pure, unit-tested. */
import type { DriftSettings } from '../../src/protocol/webview/drift';

/** One column's test and threshold replaced; 'auto' and null remove that override. */
export function withColumnOverride(
  settings: DriftSettings,
  column: string,
  test: string,
  threshold: number | null,
): DriftSettings {
  const columnTests = { ...settings.columnTests };
  const columnThresholds = { ...settings.columnThresholds };
  if (test === 'auto') delete columnTests[column];
  else columnTests[column] = test;
  if (threshold === null) delete columnThresholds[column];
  else columnThresholds[column] = threshold;
  return { ...settings, columnTests, columnThresholds };
}

/**
 * A threshold typed by the user: '' means "no override" (null); a number ≥ 0 is kept; anything else is
 * undefined (invalid: the field is marked and nothing is sent).
 */
export function parseThreshold(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** A drift share typed by the user, in [0, 1]; undefined when invalid. */
export function parseShare(text: string): number | undefined {
  const v = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(v) && v >= 0 && v <= 1 ? v : undefined;
}
