import { MlopsError } from '../errors';
import type { DriftReport } from './reportTypes';

/** Why a report tested no column, with what to do about it; null when at least one column was tested. */
export function untestedReason(report: DriftReport): { message: string; hint: string } | null {
  if (report.tested > 0) return null;
  if (report.currentRows === 0 || report.referenceRows === 0) {
    const which =
      report.currentRows === 0
        ? report.referenceRows === 0
          ? 'both the reference and the current data'
          : 'the current data'
        : 'the reference data';
    return {
      message: `no column could be tested: ${which} ${which.startsWith('both') ? 'have' : 'has'} no rows`,
      hint: 'Check that the file holds rows below its header.',
    };
  }
  if (report.columns.length === 0) {
    const [ref, cur] = [report.onlyInReference, report.onlyInCurrent];
    const lone = cur.length === 1 && ref.length > 1 ? cur[0] : ref.length === 1 && cur.length > 1 ? ref[0] : null;
    const delimiter = lone
      ? ` A header read as the single column '${lone.slice(0, 60)}' suggests a delimiter mlops did not recognise: use commas, tabs, ';' or '|'.`
      : '';
    return {
      message: `no column could be tested: the reference and the current data share no column (reference: ${list(report.onlyInReference)}; current: ${list(report.onlyInCurrent)})`,
      hint: `Compare files with the same columns.${delimiter}`,
    };
  }
  const reasons = report.columns.map((c) => `${c.column}: ${c.status}${c.reason ? ` (${c.reason})` : ''}`);
  return {
    message: `no column could be tested: ${reasons.slice(0, 5).join('; ')}${reasons.length > 5 ? `; and ${reasons.length - 5} more` : ''}`,
    hint: 'Check the columns named above, or choose the columns and tests with --columns and --test.',
  };
}

/** A verdict of "no drift" over zero tested columns would be a guess: it is an error instead. */
export function requireTestedColumns(report: DriftReport): void {
  const reason = untestedReason(report);
  if (reason) throw new MlopsError(reason.message, 'bad-input', reason.hint);
}

function list(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, 8).map((n) => (n.length > 40 ? `${n.slice(0, 40)}…` : n));
  return `${shown.join(', ')}${names.length > 8 ? `, … ${names.length - 8} more` : ''}`;
}
