import { MlopsError } from '../../core/errors';
import { FileRunStore } from '../../core/store/fileRunStore';
import { settleStaleRuns } from '../../backend/runner';
import { runPaths } from '../../core/store/layout';
import { numericMetrics, readLatestMetrics, readParams } from '../../core/tracking/runReader';
import { listArtifacts } from '../../core/tracking/artifacts';
import { flatten } from '../../core/tracking/flatten';
import type { CliCommand } from '../command';
import { formatNumber, textTable } from '../textTable';
import { formatBytes } from '../../core/format/bytes';

const MAX_ARTIFACTS = 200;

export const showCommand: CliCommand = {
  name: 'show',
  usage: 'show <run-id>',
  summary: 'run.json, params, latest metrics and artifacts of one run',
  async run(ctx) {
    const [idArg] = ctx.args.positionals;
    if (!idArg) throw new MlopsError('show needs a run id', 'bad-input', "Run 'mlops runs' to list run ids.");
    await settleStaleRuns(ctx.workspace);
    const store = new FileRunStore(ctx.workspace);
    const id = await store.resolveRunId(idArg);
    const record = await store.getRun(id);
    if (!record)
      throw new MlopsError(
        `run ${id} has a missing or corrupt run.json`,
        'not-found',
        'Its files are kept; inspect them under .mlops/runs/.',
      );
    const dir = store.runDir(id);
    const [params, metrics, artifacts] = await Promise.all([
      readParams(dir, record),
      readLatestMetrics(dir, record),
      listArtifacts(dir, MAX_ARTIFACTS),
    ]);
    const artifactRows = artifacts.entries.map((a) => [`artifacts/${a.path}`, formatBytes(a.bytes)]);
    if (artifacts.truncated) artifactRows.push([`… (the first ${MAX_ARTIFACTS} listed)`, '']);
    const lines = [
      `run        ${record.id}`,
      ...(record.name ? [`name       ${record.name}`] : []),
      `experiment ${record.experiment}`,
      `status     ${record.status}${record.exitCode !== null ? ` (exit ${record.exitCode})` : ''}${record.error ? ` — ${record.error}` : ''}`,
      `command    ${record.command}`,
      `started    ${record.startedAt ?? '-'}`,
      `ended      ${record.endedAt ?? '-'}`,
      ...(record.engine ? [`engine     ${record.engine}`] : []),
      ...(record.gpus?.length ? [`gpus       ${record.gpus.join(',')}`] : []),
      ...(Object.keys(record.tags ?? {}).length
        ? [
            `tags       ${Object.entries(record.tags)
              .map(([k, v]) => (v ? `${k}=${v}` : k))
              .join(' ')}`,
          ]
        : []),
      `git        ${record.git?.commit ? `${record.git.commit.slice(0, 12)}${record.git.dirty ? ' (dirty)' : ''}` : '-'}`,
      `folder     ${dir}`,
      ...(record.skippedArtifacts?.length
        ? [
            `skipped    ${record.skippedArtifacts.map((l) => `${l.path} -> ${l.target}`).join(', ')} (links outside the run folder, not hashed)`,
          ]
        : []),
      '',
      textTable(
        ['PARAM', 'VALUE'],
        Object.entries(flatten(params)).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]),
      ),
      '',
      textTable(
        ['METRIC', 'LATEST'],
        Object.entries(numericMetrics(metrics)).map(([k, v]) => [k, formatNumber(v)]),
      ),
      '',
      artifactRows.length ? textTable(['ARTIFACT', 'SIZE'], artifactRows) : 'no artifacts',
    ];
    return {
      json: {
        run: record,
        params,
        metrics,
        artifacts: artifacts.entries,
        artifactsTruncated: artifacts.truncated,
        folder: dir,
        log: runPaths(dir).log,
      },
      text: lines.join('\n'),
    };
  },
};
