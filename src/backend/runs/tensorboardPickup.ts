import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { metricSegments, writeSeries, type SeriesPoints } from '../../core/interop/importedRun';
import type { RunFolder } from '../../core/interop/tensorboard/eventFiles';
import { eventFilesWrittenSince, refreshRunFolder } from '../../core/interop/tensorboard/eventFilesOfRun';
import { readRunFolder } from '../../core/interop/tensorboard/readRunFolder';
import { writeJsonAtomic } from '../../core/store/atomicWrite';
import { PARAMS_YAML, runPaths } from '../../core/store/layout';
import { readParams } from '../../core/tracking/runReader';

export interface TensorboardPickup {
  /** Points added to the run's series. */
  points: number;
  folders: number;
  /** Lines for the run's log and the output channel: what was imported, and every file that could not be read. */
  messages: string[];
}

/** How far the import of a run's event files has got; kept in the run folder, so a new backend goes on from there. */
interface PickupState {
  version: 1;
  /** Bytes read of each event file (the end of its last whole record), by folder and file name. */
  offsets: Record<string, Record<string, number>>;
  /** Whether each folder's tags are prefixed by the folder (decided when the folder is first seen). */
  prefixed: Record<string, boolean>;
  /** The metric each folder + tag goes to; null when the run had already logged that name itself. */
  names: Record<string, string | null>;
  hparams: Record<string, unknown>;
  points: number;
  problems: string[];
  unreadableFiles: string[];
}

export const TENSORBOARD_STATE_FILE = 'tensorboard-import.json';

const emptyState = (): PickupState => ({
  version: 1,
  offsets: {},
  prefixed: {},
  names: {},
  hparams: {},
  points: 0,
  problems: [],
  unreadableFiles: [],
});

/**
 * A script that writes TensorBoard event files (SummaryWriter) under its working folder gets its scalars into the run
 * while it runs (`poll`, a few seconds apart), and its hparams when it ends (`finish`, which also reads what the last
 * poll missed). With one folder of event files the tags are the metric names; a folder that appears beside another
 * has its tags prefixed by its path (relative to the working folder), and a name once given is kept for the run. A
 * metric the run already has (logged through the client, e.g. by mlops_workbench.tensorboard.SummaryWriter) is left
 * as it is; params already logged win over hparams. Points are appended before the state is saved: a backend killed
 * in between re-reads those records, so the worst case is a repeated point, never a lost one.
 */
export class TensorboardFollower {
  private readonly statePath: string;
  private readonly paths: ReturnType<typeof runPaths>;
  /** The folders the last search of the working folder found, and when the next search may run. */
  private folders: RunFolder[] = [];
  private nextSearchAt = 0;

  constructor(
    private readonly cwd: string,
    runDir: string,
    private readonly startedAtMs: number,
  ) {
    this.paths = runPaths(runDir);
    this.statePath = join(runDir, TENSORBOARD_STATE_FILE);
  }

  /** Reads what the event files gained since the last poll into the run's series; returns the points added. */
  async poll(): Promise<number> {
    return this.readNew(await this.load(), true);
  }

  async finish(): Promise<TensorboardPickup> {
    const state = await this.load();
    await this.readNew(state, false);
    const folders = Object.keys(state.offsets);
    const pickup: TensorboardPickup = { points: state.points, folders: folders.length, messages: [] };
    if (folders.length === 0) return pickup;
    if (Object.keys(state.hparams).length > 0) {
      const logged = await readParams(this.paths.dir);
      await writeFile(this.paths.params, toYaml({ ...state.hparams, ...logged }, PARAMS_YAML));
    }
    const imported = Object.values(state.names).filter((n) => n !== null).length;
    const kept = Object.entries(state.names).flatMap(([key, n]) => (n === null ? [this.nameOf(state, key)] : []));
    const hparams = Object.keys(state.hparams).length;
    pickup.messages.push(
      `imported ${state.points} TensorBoard point(s) of ${imported} scalar tag(s)${hparams ? ` and ${hparams} hparam(s)` : ''} from ${folders.map((f) => f || '.').join(', ')}` +
        (kept.length
          ? `; ${kept.length} tag(s) the run had already logged were left as logged (${kept.slice(0, 5).join(', ')})`
          : ''),
    );
    for (const problem of state.problems) pickup.messages.push(problem);
    if (state.unreadableFiles.length > 0)
      pickup.messages.push(
        `warning: ${state.unreadableFiles.length} event file(s) could not be read in full (see above)`,
      );
    return pickup;
  }

  private async load(): Promise<PickupState> {
    try {
      const state = JSON.parse(await readFile(this.statePath, 'utf8')) as PickupState;
      return state.version === 1 ? state : emptyState();
    } catch {
      return emptyState();
    }
  }

  private nameOf(state: PickupState, key: string): string {
    const [folder, tag] = key.split('\0');
    return state.prefixed[folder] ? `${folder}/${tag}` : tag;
  }

  /**
   * Searching a large working folder costs, so a live poll searches it at most 2% of the time (the next search waits
   * 50 times as long as the last one took); between searches it lists the folders already found again. The end of
   * the run always searches.
   */
  private async eventFolders(live: boolean): Promise<RunFolder[]> {
    if (live && Date.now() < this.nextSearchAt)
      return Promise.all(this.folders.map((f) => refreshRunFolder(f, this.startedAtMs)));
    const began = Date.now();
    this.folders = await eventFilesWrittenSince(this.cwd, this.startedAtMs);
    this.nextSearchAt = Date.now() + 50 * (Date.now() - began);
    return this.folders;
  }

  private async readNew(state: PickupState, live: boolean): Promise<number> {
    const folders = await this.eventFolders(live);
    const known = Object.keys(state.offsets).length;
    const fresh = folders.filter((f) => !(f.relative in state.offsets));
    for (const f of fresh) state.prefixed[f.relative] = f.relative !== '' && known + fresh.length > 1;
    const series = new Map<string, SeriesPoints>();
    let added = 0;
    let changed = fresh.length > 0;
    for (const folder of folders) {
      const read = await readRunFolder(folder, state.offsets[folder.relative] ?? {}, { live });
      state.offsets[folder.relative] = { ...state.offsets[folder.relative], ...read.offsets };
      if (read.records > 0) changed = true;
      for (const p of read.problems) {
        // A bad length header stops the read where it is, so every later read finds it again: say it once.
        const problem = `TensorBoard event file ${p.file} could not be read in full: ${p.message}`;
        if (!state.problems.includes(problem)) state.problems.push(problem);
        if (!state.unreadableFiles.includes(p.file)) state.unreadableFiles.push(p.file);
        changed = true;
      }
      Object.assign(state.hparams, read.collected.params);
      for (const [tag, points] of read.collected.series) {
        const key = `${folder.relative}\0${tag}`;
        if (!(key in state.names)) {
          const name = this.nameOf(state, key);
          state.names[key] = existsSync(join(this.paths.plots, ...metricSegments(name)) + '.tsv') ? null : name;
        }
        const name = state.names[key];
        if (name === null) continue;
        series.set(name, points);
        added += points.steps.length;
      }
    }
    if (!changed) return 0;
    writeSeries(this.paths.plots, series, false);
    state.points += added;
    await writeJsonAtomic(this.statePath, state);
    return added;
  }
}

/** The whole import at a run's end (what `finish` does when no poll ran before). */
export function pickUpTensorboard(cwd: string, runDir: string, startedAtMs: number): Promise<TensorboardPickup> {
  return new TensorboardFollower(cwd, runDir, startedAtMs).finish();
}
