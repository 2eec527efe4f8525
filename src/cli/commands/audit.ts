import { MlopsError } from '../../core/errors';
import { readAuditEvents, verifyAuditLog } from '../../core/registry/auditLog';
import { FileRegistryStore } from '../../core/registry/fileRegistryStore';
import { storePaths } from '../../core/store/layout';
import { option, type CliCommand } from '../command';
import { textTable } from '../textTable';

function describe(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([k]) => k !== 'metrics' && k !== 'sha256')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

export const auditCommand: CliCommand = {
  name: 'audit',
  usage: 'audit [verify] [--model NAME] [--type TYPE] [--limit N]',
  summary: 'list registry audit events, or verify the hash chain of .mlops/audit.jsonl (exit 1 when tampered)',
  valueOptions: ['model', 'type', 'limit'],
  async run(ctx) {
    const [sub] = ctx.args.positionals;
    const path = storePaths(ctx.workspace).audit;
    if (sub === 'verify') {
      const head = (await new FileRegistryStore(ctx.workspace).read()).auditHead;
      const result = await verifyAuditLog(path, head);
      const text = result.ok
        ? `audit log intact: ${result.lines} line${result.lines === 1 ? '' : 's'}, hash chain verified`
        : [
            `audit log TAMPERED (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}):`,
            ...result.problems.map((p) => `  line ${p.line}: ${p.message}`),
          ].join('\n');
      return { json: result, text, exitCode: result.ok ? 0 : 1 };
    }
    if (sub !== undefined)
      throw new MlopsError(
        `unknown audit subcommand '${sub}'`,
        'bad-input',
        "Use 'mlops audit' to list events or 'mlops audit verify'.",
      );
    const limitText = option(ctx.args, 'limit');
    const limit = limitText === undefined ? undefined : Number(limitText);
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
      throw new MlopsError(`--limit must be a positive whole number, not '${limitText}'`, 'bad-input');
    const model = option(ctx.args, 'model');
    const type = option(ctx.args, 'type');
    let events = (await readAuditEvents(path)).filter(
      (e) => (!model || e.model === model) && (!type || e.type === type || e.type.startsWith(`${type}.`)),
    );
    if (limit !== undefined) events = events.slice(-limit);
    const rows = events.map((e) => [
      String(e.seq),
      e.at.replace('T', ' ').slice(0, 19),
      e.user,
      e.type,
      e.model ? `${e.model}${e.version !== undefined ? `:${e.version}` : ''}` : '',
      describe(e.details),
    ]);
    return {
      json: events,
      text: events.length
        ? textTable(['SEQ', 'TIME (UTC)', 'USER', 'EVENT', 'MODEL', 'DETAILS'], rows)
        : 'no audit events',
    };
  },
};
