/** The drift panel's settings ⇄ the core's DriftOptions, and their validation: pure, unit-tested. */
import type { DriftOptions } from '../../core/drift/reportTypes';
import type { StatTestId } from '../../core/drift/statTest';
import { testChoice } from '../../core/drift/registry';
import { MlopsError } from '../../core/errors';
import type { DriftSettings } from '../../protocol/webview/drift';

export const DEFAULT_SETTINGS: DriftSettings = {
  test: 'auto',
  threshold: null,
  driftShare: 0.5,
  columnTests: {},
  columnThresholds: {},
};

/** Checks settings that came from a webview or a command argument; unknown tests and bad numbers are errors. */
export function normalizeSettings(input: Partial<DriftSettings> | undefined): DriftSettings {
  const s = { ...DEFAULT_SETTINGS, ...(input ?? {}) };
  const test = (name: string, where: string): string => testChoice(name, where);
  const threshold = (v: unknown, where: string) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new MlopsError(`the threshold ${where} must be a number ≥ 0, got ${String(v)}.`, 'bad-input');
    return v;
  };
  if (typeof s.driftShare !== 'number' || !(s.driftShare >= 0 && s.driftShare <= 1)) {
    throw new MlopsError(
      `the drift share must be between 0 and 1, got ${String(s.driftShare)}.`,
      'bad-input',
      'The dataset counts as drifted when at least this share of columns drifted.',
    );
  }
  const columnTests: Record<string, string> = {};
  for (const [column, name] of Object.entries(s.columnTests ?? {}))
    if (name !== 'auto') columnTests[column] = test(name, `for column '${column}'`);
  const columnThresholds: Record<string, number> = {};
  for (const [column, v] of Object.entries(s.columnThresholds ?? {}))
    columnThresholds[column] = threshold(v, `for column '${column}'`);
  return {
    test: test(s.test, 'as the global test'),
    threshold: s.threshold === null ? null : threshold(s.threshold, 'for every column'),
    driftShare: s.driftShare,
    columnTests,
    columnThresholds,
  };
}

export function driftOptionsFrom(settings: DriftSettings): DriftOptions {
  return {
    test: settings.test === 'auto' ? undefined : (settings.test as StatTestId),
    threshold: settings.threshold ?? undefined,
    driftShare: settings.driftShare,
    columnTests: settings.columnTests as Record<string, StatTestId>,
    columnThresholds: settings.columnThresholds,
  };
}
