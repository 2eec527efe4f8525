import { FileRunStore } from '../../core/store/fileRunStore';
import type { CliCommand } from '../command';
import { progressLine } from '../progressLine';

export const rebuildIndexCommand: CliCommand = {
  name: 'rebuild-index',
  usage: 'rebuild-index',
  summary: 'rebuild .mlops/index.json from the run folders',
  async run(ctx) {
    const progress = progressLine(ctx, 'indexing runs');
    const report = await new FileRunStore(ctx.workspace).rebuildIndex({
      signal: ctx.signal,
      onProgress: progress.update,
    });
    progress.done();
    const problems = Object.entries(report.problems).map(([id, why]) => `  ${id}: ${why}`);
    const text = [
      `indexed ${report.indexed} run(s)`,
      report.movedAside ? `a corrupt index was moved aside to ${report.movedAside}` : '',
      problems.length
        ? `${problems.length} run folder(s) could not be read (their files are kept):\n${problems.join('\n')}`
        : '',
    ]
      .filter(Boolean)
      .join('\n');
    return { json: report, text };
  },
};
