import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { metricSegments, writeSeries, type SeriesPoints } from '../../core/interop/importedRun';
import { eventFilesWrittenSince } from '../../core/interop/tensorboard/eventFilesOfRun';
import { readRunFolder } from '../../core/interop/tensorboard/readRunFolder';
import { PARAMS_YAML, runPaths } from '../../core/store/layout';
import { stringify as toYaml } from 'yaml';
import { readParams } from '../../core/tracking/runReader';

export interface TensorboardPickup {
  /** Points added to the run's series. */
  points: number;
  folders: number;
  /** Lines for the run's log and the output channel: what was imported, and every file that could not be read. */
  messages: string[];
}

/**
 * A script that writes TensorBoard event files (SummaryWriter) under its working folder gets its scalars and hparams
 * into the run when it ends. With one folder of event files the tags are the metric names; with several, each tag is
 * prefixed by its folder (relative to the working folder). A metric the run already has (logged through the client,
 * e.g. by mlops_workbench.tensorboard.SummaryWriter) is left as it is; params already logged win over hparams.
 */
export async function pickUpTensorboard(cwd: string, runDir: string, startedAtMs: number): Promise<TensorboardPickup> {
  const folders = await eventFilesWrittenSince(cwd, startedAtMs);
  const pickup: TensorboardPickup = { points: 0, folders: folders.length, messages: [] };
  if (folders.length === 0) return pickup;
  const paths = runPaths(runDir);
  const series = new Map<string, SeriesPoints>();
  const hparams: Record<string, unknown> = {};
  const kept: string[] = [];
  let unreadable = 0;
  for (const folder of folders) {
    const read = await readRunFolder(folder);
    unreadable += read.unreadableFiles;
    for (const p of read.problems)
      pickup.messages.push(`TensorBoard event file ${p.file} could not be read in full: ${p.message}`);
    Object.assign(hparams, read.collected.params);
    for (const [tag, points] of read.collected.series) {
      const name = folders.length > 1 && folder.relative ? `${folder.relative}/${tag}` : tag;
      if (existsSync(join(paths.plots, ...metricSegments(name)) + '.tsv')) {
        kept.push(name);
        continue;
      }
      series.set(name, points);
      pickup.points += points.steps.length;
    }
  }
  writeSeries(paths.plots, series, true);
  if (Object.keys(hparams).length > 0) {
    const logged = await readParams(runDir);
    await writeFile(paths.params, toYaml({ ...hparams, ...logged }, PARAMS_YAML));
  }
  const where = folders.map((f) => f.relative || '.').join(', ');
  pickup.messages.unshift(
    `imported ${pickup.points} TensorBoard point(s) of ${series.size} scalar tag(s)${Object.keys(hparams).length ? ` and ${Object.keys(hparams).length} hparam(s)` : ''} from ${where}` +
      (kept.length
        ? `; ${kept.length} tag(s) the run had already logged were left as logged (${kept.slice(0, 5).join(', ')})`
        : ''),
  );
  if (unreadable > 0)
    pickup.messages.push(`warning: ${unreadable} event file(s) could not be read in full (see above)`);
  return pickup;
}
