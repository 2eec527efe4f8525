import type { Disposable } from 'vscode';
import { basename, join } from 'node:path';
import { existsSync } from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';
import { storePaths } from '../core/store/layout';
import { SPEC_FILE_NAMES } from '../core/spec/loadSpec';
import { isValidRunId } from '../core/tracking/runId';
import { PendingRunFolders, type PendingRunFoldersOptions } from './pendingRunFolders';
import type { RunId } from '../core/tracking/types';

export interface WatcherHandlers {
  specChanged(): void;
  runFolderAdded(id: RunId): void;
  runFolderRemoved(id: RunId): void;
  runFilesChanged(id: RunId): void;
}

const RUN_FILES = new Set(['run.json', 'metrics.json']);

/**
 * Notices changes made outside the editor (a git checkout, a CLI run, a script logging on its own). It watches
 * only what it needs: the spec files and `.mlops` at the root, the runs folder one level deep, and the files of
 * runs that are still active, or whose folder came before its run.json — so a store of 100,000 runs costs a
 * handful of watches, not 100,000.
 */
export class WorkspaceWatcher implements Disposable {
  private readonly root: FSWatcher;
  private runsWatcher: FSWatcher | undefined;
  private readonly activeRunWatchers = new Map<string, FSWatcher>();
  private readonly paths;
  private disposed = false;
  private readonly runsExistedAtStart: boolean;
  private markRunsWatched: () => void = () => undefined;
  private readonly runsWatched = new Promise<void>((resolve) => (this.markRunsWatched = resolve));
  private readonly pending: PendingRunFolders;
  /** Resolves once the workspace is watched, and its runs folder too where it exists. */
  readonly ready: Promise<void>;

  constructor(
    workspace: string,
    private readonly handlers: WatcherHandlers,
    pendingOptions?: PendingRunFoldersOptions,
  ) {
    this.paths = storePaths(workspace);
    this.runsExistedAtStart = existsSync(this.paths.runs);
    this.pending = new PendingRunFolders(
      (id) => join(this.paths.runs, id),
      (id) => handlers.runFolderAdded(id),
      pendingOptions,
    );
    const rootEntries = new Set([workspace, this.paths.root, ...SPEC_FILE_NAMES.map((n) => join(workspace, n))]);
    this.root = watch(workspace, { ignoreInitial: true, depth: 0, ignored: (p) => !rootEntries.has(p) });
    const rootWatched = new Promise<void>((resolve) => this.root.once('ready', () => resolve()));
    this.ready = Promise.all([rootWatched, this.runsExistedAtStart ? this.runsWatched : undefined]).then(
      () => undefined,
    );
    this.root.on('all', (event, path) => {
      if (path === this.paths.root) {
        if (event === 'addDir') this.watchRunsFolderWhenPresent();
        return;
      }
      handlers.specChanged();
    });
    this.watchRunsFolderWhenPresent();
  }

  private watchRunsFolderWhenPresent(): void {
    if (this.runsWatcher || this.disposed) return;
    if (!existsSync(this.paths.runs)) {
      // .mlops exists but runs/ not yet: poll briefly for it rather than watching deeper.
      if (existsSync(this.paths.root)) setTimeout(() => this.watchRunsFolderWhenPresent(), 1000);
      return;
    }
    // A runs folder made during the session was not in the first listing: what it already holds is reported.
    this.runsWatcher = watch(this.paths.runs, { ignoreInitial: this.runsExistedAtStart, depth: 0 });
    this.runsWatcher.once('ready', () => this.markRunsWatched());
    this.runsWatcher.on('all', (event, path) => {
      const id = basename(String(path));
      if (!isValidRunId(id)) return;
      // The folder may be made before its run.json: it is reported once the record reads.
      if (event === 'addDir') this.pending.add(id);
      if (event === 'unlinkDir') {
        this.pending.forget(id);
        this.handlers.runFolderRemoved(id);
      }
    });
  }

  /** Keeps per-run watches on exactly the runs that are queued or running. */
  setActiveRuns(ids: RunId[], runDir: (id: RunId) => string): void {
    this.watchRunsFolderWhenPresent();
    const wanted = new Set<string>(ids);
    for (const [id, watcher] of this.activeRunWatchers) {
      if (!wanted.has(id)) {
        void watcher.close();
        this.activeRunWatchers.delete(id);
      }
    }
    for (const id of ids) {
      if (this.activeRunWatchers.has(id)) continue;
      const dir = runDir(id);
      const watcher = watch(dir, {
        ignoreInitial: true,
        depth: 0,
        ignored: (p) => p !== dir && !RUN_FILES.has(basename(p)),
      });
      watcher.on('all', () => this.handlers.runFilesChanged(id));
      this.activeRunWatchers.set(id, watcher);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.pending.dispose();
    void this.root.close();
    void this.runsWatcher?.close();
    for (const w of this.activeRunWatchers.values()) void w.close();
    this.activeRunWatchers.clear();
  }
}
