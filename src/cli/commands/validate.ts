import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MlopsError } from '../../core/errors';
import { readTable } from '../../core/data/readTable';
import { requireRows } from '../../core/data/table';
import { inferSchema, normalizeSchema, type DataSchema } from '../../core/data/schema';
import { validateTable } from '../../core/data/validate';
import { option, type CliCommand, type CliContext } from '../command';
import { progressLine } from '../progressLine';
import { textTable } from '../textTable';
import { numberOption, refuseTwoStdins, requiredPath } from './dataArgs';

export const validateCommand: CliCommand = {
  name: 'validate',
  usage: 'validate --reference R --current C [--schema S.json]',
  summary: "schema check of new data against the reference's inferred schema (or a saved schema); exit 1 on failure",
  valueOptions: ['reference', 'current', 'schema', 'missing-tolerance'],
  async run(ctx) {
    const currentPath = requiredPath(ctx, 'current');
    const schema = await loadSchema(ctx);
    const progress = progressLine(ctx, 'reading current (MB)');
    const current = await readTable(currentPath, {
      signal: ctx.signal,
      onProgress: (d, t) => progress.update(Math.round(d / 1e6), Math.round(t / 1e6)),
    });
    progress.done();
    requireRows(current, 'current');
    const report = validateTable(current, schema, {
      signal: ctx.signal,
      missingShareTolerance: numberOption(ctx, 'missing-tolerance', 0, 1),
    });
    const rows = report.issues.map((i) => [
      i.severity.toUpperCase(),
      i.column,
      i.kind,
      String(i.count),
      i.message,
      i.examples.map((e) => `row ${e.row}: ${e.value ?? 'missing'}`).join('; '),
    ]);
    const verdict = report.ok
      ? `valid: ${report.checkedColumns} columns, ${report.rowCount} rows, ${report.warnings} warning(s)`
      : `INVALID: ${report.errors} error(s), ${report.warnings} warning(s)`;
    const text = rows.length
      ? `${textTable(['SEVERITY', 'COLUMN', 'ISSUE', 'COUNT', 'MESSAGE', 'EXAMPLES'], rows)}\n\n${verdict}`
      : verdict;
    return { json: report, text, exitCode: report.ok ? 0 : 1 };
  },
};

async function loadSchema(ctx: CliContext): Promise<DataSchema> {
  const schemaPath = option(ctx.args, 'schema');
  if (schemaPath) {
    const path = resolve(ctx.workspace, schemaPath);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(path, 'utf8'));
    } catch (err) {
      throw new MlopsError(
        `cannot read the schema ${path}: ${(err as Error).message}`,
        'bad-input',
        'Pass a JSON schema file, e.g. one saved with a model artifact.',
      );
    }
    return normalizeSchema(raw, path);
  }
  const referencePath = requiredPath(ctx, 'reference');
  refuseTwoStdins(referencePath, requiredPath(ctx, 'current'));
  return inferSchema(requireRows(await readTable(referencePath, { signal: ctx.signal }), 'reference'));
}
