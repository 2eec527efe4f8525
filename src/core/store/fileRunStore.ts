import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MlopsError } from '../errors';
import { newRunId, isValidRunId } from '../tracking/runId';
import { readRunRecord } from '../tracking/runReader';
import { stringify as toYaml } from 'yaml';
import type { RunId, RunRecord, RunSummary } from '../tracking/types';
import { writeJsonAtomic } from './atomicWrite';
import { PARAMS_YAML, runDirOf, runPaths, storePaths } from './layout';
import { RunIndex } from './runIndex';
import type { NewRun, RunFilter, RunStore } from './runStore';
import { summariseRun } from './runSummary';
import { withStoreLock } from './storeLock';

const STAGING_PREFIX = '.new-';

/** The `.mlops/` file store: run folders are the truth, index.json a cache of them. */
export class FileRunStore implements RunStore {
  private readonly index: RunIndex;

  constructor(readonly workspace: string) {
    this.index = new RunIndex(workspace);
  }

  runDir(id: RunId): string {
    if (!isValidRunId(id))
      throw new MlopsError(`'${id}' is not a run id`, 'bad-input', "Run 'mlops runs' to list run ids.");
    return runDirOf(this.workspace, id);
  }

  async createRun(init: NewRun): Promise<RunRecord> {
    const record = await withStoreLock(this.workspace, () => this.writeNewRun(init));
    await this.index.upsert([await summariseRun(this.runDir(record.id), record)]);
    return record;
  }

  async writeNewRun(init: NewRun): Promise<RunRecord> {
    const id = newRunId();
    const dir = this.runDir(id);
    const now = new Date().toISOString();
    const record: RunRecord = {
      id,
      experiment: init.experiment,
      status: init.status ?? 'queued',
      command: init.command,
      argv: init.argv,
      shell: init.shell,
      cwd: init.cwd,
      createdAt: now,
      startedAt: init.status === 'running' ? now : null,
      endedAt: null,
      exitCode: null,
      signal: null,
      pid: null,
      git: null,
      data: [],
      env: {},
      parent: init.parent ?? null,
      ...(init.derivedFrom ? { derivedFrom: init.derivedFrom } : {}),
      ...(init.name ? { name: init.name } : {}),
      tags: init.tags ?? {},
      ...(init.sweep ? { sweep: init.sweep.id, trial: init.sweep.trial } : {}),
      source: init.source,
      gpus: init.gpus,
      ...(init.executor ? { executor: init.executor } : {}),
      ...(init.slurm ? { slurm: init.slurm } : {}),
    };
    // Written in a staging folder and renamed into place: a run folder never exists without its run.json.
    const staging = join(storePaths(this.workspace).runs, `${STAGING_PREFIX}${id}`);
    await mkdir(runPaths(staging).artifacts, { recursive: true });
    if (init.params && Object.keys(init.params).length > 0)
      await writeFile(runPaths(staging).params, toYaml(init.params, PARAMS_YAML));
    await writeJsonAtomic(runPaths(staging).record, record);
    await rename(staging, dir);
    return record;
  }

  /** Staging folders left by a process that died while creating a run. Call under the store lock. */
  async removeAbandonedStaging(): Promise<void> {
    const names = await readdir(storePaths(this.workspace).runs).catch(() => [] as string[]);
    for (const name of names) {
      if (name.startsWith(STAGING_PREFIX))
        await rm(join(storePaths(this.workspace).runs, name), { recursive: true, force: true });
    }
  }

  async updateRun(id: RunId, patch: Partial<Omit<RunRecord, 'id'>>): Promise<RunRecord> {
    const dir = this.runDir(id);
    const updated = await withStoreLock(this.workspace, () => this.patchRecord(id, patch));
    await this.index.upsert([await summariseRun(dir, updated)]);
    return updated;
  }

  async patchRecord(id: RunId, patch: Partial<Omit<RunRecord, 'id'>>): Promise<RunRecord> {
    const dir = this.runDir(id);
    const current = await readRunRecord(dir);
    if (!current.ok)
      throw new MlopsError(
        `run ${id}: ${current.reason}`,
        'not-found',
        'Run "mlops rebuild-index" to list damaged runs.',
      );
    const record = { ...current.record, ...patch, id };
    await writeJsonAtomic(runPaths(dir).record, record);
    return record;
  }

  async getRun(id: RunId): Promise<RunRecord | undefined> {
    const result = await readRunRecord(this.runDir(id));
    return result.ok ? result.record : undefined;
  }

  async listRuns(filter: RunFilter = {}): Promise<RunSummary[]> {
    let data = await this.index.read();
    const onDisk = (await readdir(storePaths(this.workspace).runs).catch(() => [] as string[])).filter(isValidRunId);
    // Folders noted as problems are read again: a folder made before its run.json is a problem only for a moment.
    const unindexed = onDisk.filter((id) => !data.runs[id]);
    const onDiskSet = new Set<string>(onDisk);
    const vanished = [...Object.keys(data.runs), ...Object.keys(data.problems)].filter((id) => !onDiskSet.has(id));
    const added: RunSummary[] = [];
    for (const id of unindexed) {
      const dir = runDirOf(this.workspace, id);
      const result = await readRunRecord(dir);
      if (result.ok) added.push(await summariseRun(dir, result.record));
    }
    if (added.length > 0 || vanished.length > 0) {
      await this.index.upsert(added, vanished);
      data = await this.index.read();
    }
    return Object.values(data.runs)
      .filter(
        (r) =>
          (filter.experiment === undefined || r.experiment === filter.experiment) &&
          (filter.status === undefined || r.status === filter.status) &&
          (filter.parent === undefined || r.parent === filter.parent),
      )
      .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  async refreshSummary(id: RunId): Promise<RunSummary | undefined> {
    const dir = this.runDir(id);
    const result = await readRunRecord(dir);
    if (!result.ok) return undefined;
    const summary = await summariseRun(dir, result.record);
    await this.index.upsert([summary]);
    return summary;
  }

  async deleteRun(id: RunId): Promise<void> {
    await rm(this.runDir(id), { recursive: true, force: true });
    await this.index.upsert([], [id]);
  }

  async rebuildIndex(options?: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void }) {
    const { data: _data, ...report } = await this.index.rebuild(options);
    return report;
  }

  async resolveRunId(idOrPrefix: string): Promise<RunId> {
    if (isValidRunId(idOrPrefix)) {
      try {
        await readFile(runPaths(this.runDir(idOrPrefix)).record);
        return idOrPrefix;
      } catch {
        // not a full id: try it as a prefix
      }
    }
    const ids = (await readdir(storePaths(this.workspace).runs).catch(() => [] as string[])).filter(isValidRunId);
    const matches = ids.filter((id) => id.startsWith(idOrPrefix) || id.endsWith(idOrPrefix));
    if (matches.length === 1) return matches[0];
    if (matches.length === 0)
      throw new MlopsError(
        `no run '${idOrPrefix}' in ${this.workspace}`,
        'not-found',
        "Run 'mlops runs' to list run ids.",
      );
    throw new MlopsError(
      `'${idOrPrefix}' matches ${matches.length} runs`,
      'bad-input',
      'Give more characters of the run id.',
    );
  }
}
