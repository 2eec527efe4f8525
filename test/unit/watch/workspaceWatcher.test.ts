import { strict as assert } from 'node:assert';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { runDirOf, storePaths } from '../../../src/core/store/layout';
import type { RunId, RunSummary } from '../../../src/core/tracking/types';
import { RefreshManager } from '../../../src/extension/refreshManager';
import { WorkspaceWatcher } from '../../../src/extension/workspaceWatcher';
import { syntheticSummaries, writeRunFolder } from '../../bench/panels/syntheticStore';
import { useTempDir } from '../../helpers/tempWorkspace';

async function waitFor(what: string, condition: () => boolean, boundMs = 30_000): Promise<void> {
  const giveUp = Date.now() + boundMs;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The extension's wiring, without VS Code: watcher events → keyed refresh jobs → the store → the rows the Runs views show. */
function watchedWorkspace(workspace: string) {
  const store = new FileRunStore(workspace);
  const refresh = new RefreshManager(20);
  const rows = new Map<RunId, RunSummary>();
  const refreshRun = (id: RunId) =>
    refresh.schedule(`run:${id}`, async () => {
      const summary = await store.refreshSummary(id).catch(() => undefined);
      if (summary) rows.set(id, summary);
      else rows.delete(id);
    });
  const watcher = new WorkspaceWatcher(workspace, {
    specChanged: () => undefined,
    runFolderAdded: refreshRun,
    runFolderRemoved: (id) => rows.delete(id),
    runFilesChanged: refreshRun,
  });
  return { store, rows, ready: watcher.ready, dispose: () => (watcher.dispose(), refresh.dispose()) };
}

describe('the workspace watcher', () => {
  const ws = useTempDir();
  let session: ReturnType<typeof watchedWorkspace> | undefined;
  afterEach(() => session?.dispose());

  it('indexes every run folder of a burst whose run.json is written after the folder', async function () {
    this.timeout(90_000);
    mkdirSync(storePaths(ws.path).runs, { recursive: true });
    session = watchedWorkspace(ws.path);
    const rows = session.rows;
    const [probe, ...burst] = syntheticSummaries({ runs: 31, params: 2, metrics: 1, seed: 7 });

    await session.ready;
    // A complete folder moved into place, as the runner does: it shows with or without the fix.
    const staging = join(storePaths(ws.path).runs, '.probe');
    writeRunFolder(staging, probe, []);
    renameSync(runDirOf(staging, probe.id), runDirOf(ws.path, probe.id));
    await waitFor('the probe run', () => rows.has(probe.id));

    // As a logging client does: the folder first, its record a moment later.
    for (const run of burst) mkdirSync(runDirOf(ws.path, run.id));
    await sleep(300);
    for (const run of burst) writeRunFolder(ws.path, run, [{ name: 'loss', points: 5, value: (i) => 1 / (i + 1) }]);

    await waitFor(`all ${burst.length} burst runs in the rows`, () => burst.every((r) => rows.has(r.id))).catch(
      () => undefined,
    );
    assert.deepEqual(
      burst.filter((r) => !rows.has(r.id)).map((r) => r.id),
      [],
      'run folders missed by the watcher',
    );
    const indexed = new Set((await session.store.listRuns()).map((r) => r.id));
    assert.ok(burst.every((r) => indexed.has(r.id)));
  });

  it('reports a run folder whose run.json is first incomplete once the record reads', async function () {
    this.timeout(60_000);
    mkdirSync(storePaths(ws.path).runs, { recursive: true });
    session = watchedWorkspace(ws.path);
    await session.ready;
    const [run] = syntheticSummaries({ runs: 1, params: 1, metrics: 1, seed: 3 });
    const dir = runDirOf(ws.path, run.id);
    mkdirSync(dir);
    writeFileSync(join(dir, 'run.json'), '{"id": "');
    await sleep(300);
    assert.equal(session.rows.has(run.id), false);
    writeRunFolder(ws.path, run, []);
    await waitFor('the run once its record is complete', () => session!.rows.has(run.id));
  });

  it('indexes the first run of a workspace whose .mlops folder a logging client makes during the session', async function () {
    this.timeout(60_000);
    session = watchedWorkspace(ws.path);
    await session.ready;
    const [run] = syntheticSummaries({ runs: 1, params: 1, metrics: 1, seed: 5 });
    writeRunFolder(ws.path, run, []);
    await waitFor('the first run', () => session!.rows.has(run.id));
  });
});
