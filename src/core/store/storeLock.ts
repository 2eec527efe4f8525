import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { MlopsError } from '../errors';
import { isSameProcess, processStartTime } from '../process/procStat';
import { ensureStoreRoot } from './ensureStore';

/**
 * The store lock protocol, shared by the runner and both logging clients (clients/python/mlops_workbench/__init__.py mirrors
 * it step by step): `.mlops/store.lock` is a file created by link() of a complete temp file holding a {@link LockOwner}
 * as JSON. A lock whose owner is on this host and no longer running (pid gone, or its /proc start time differs) is
 * broken at once; one that cannot be checked (another host, an unreadable owner, an old folder-style lock) is broken
 * once its mtime is older than {@link UNCHECKABLE_STALE_MS}. A holder releases the lock only if it still holds its nonce.
 */
export const STORE_LOCK_FILE = 'store.lock';

/** Who holds the lock: enough to tell at once whether that process is still alive. */
export interface LockOwner {
  pid: number;
  /** /proc/<pid>/stat field 22 (start time after boot, in clock ticks); null where /proc is absent. */
  startTime: number | null;
  /** os.hostname() (Python: socket.gethostname()). */
  host: string;
  /** Unique per acquisition, so a lock taken over in between is never mistaken for the one judged dead. */
  nonce: string;
  acquiredAt: string;
}

const WAIT_LIMIT_MS = 30_000;
/** A lock whose owner cannot be checked (another host, an old folder-style lock) is stale after this. */
const UNCHECKABLE_STALE_MS = 10_000;

/** In-process queue per store, so this process's own writers wait for each other without polling the file. */
const localTails = new Map<string, Promise<unknown>>();
/** The stores this async context holds, so a nested take fails at once instead of waiting on itself. */
const holding = new AsyncLocalStorage<ReadonlySet<string>>();

function newOwner(): LockOwner {
  return {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    host: hostname(),
    nonce: randomBytes(8).toString('hex'),
    acquiredAt: new Date().toISOString(),
  };
}

function ownerAlive(owner: LockOwner): boolean | undefined {
  if (owner.host !== hostname()) return undefined;
  return isSameProcess(owner.pid, owner.startTime);
}

interface HeldLock {
  owner?: LockOwner;
  mtimeMs: number;
}

function readOwner(path: string): HeldLock | null {
  let info;
  try {
    info = statSync(path);
  } catch {
    return null;
  }
  if (!info.isFile()) return { mtimeMs: info.mtimeMs };
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    return typeof owner?.pid === 'number' ? { owner, mtimeMs: info.mtimeMs } : { mtimeMs: info.mtimeMs };
  } catch {
    return { mtimeMs: info.mtimeMs };
  }
}

/** Creates the lock file with its owner in one step (link of a complete temp file): false while it is held. */
function tryCreate(path: string, owner: LockOwner): boolean {
  const tmp = `${path}.${owner.nonce}.tmp`;
  writeFileSync(tmp, JSON.stringify(owner));
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
}

/**
 * Removes a lock whose holder is gone. It is first renamed aside and checked again, so a lock that another waiter
 * broke and re-took in between is put back rather than removed.
 */
function breakStale(path: string, judged: HeldLock): void {
  const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  const moved = readOwner(aside);
  if (judged.owner && moved?.owner && moved.owner.nonce !== judged.owner.nonce) {
    try {
      linkSync(aside, path);
    } catch {
      // taken again meanwhile: that holder's lock stands
    }
  }
  rmSync(aside, { recursive: true, force: true });
}

/** One try: the lock is taken, or a dead holder's lock was broken (try again at once), or a live holder has it. */
function attempt(
  path: string,
  owner: LockOwner,
): { taken: true } | { taken: false; retryNow: boolean; held?: HeldLock } {
  if (tryCreate(path, owner)) return { taken: true };
  const held = readOwner(path);
  if (!held) return { taken: false, retryNow: false };
  const alive = held.owner ? ownerAlive(held.owner) : undefined;
  if (alive === false || (alive === undefined && Date.now() - held.mtimeMs > UNCHECKABLE_STALE_MS)) {
    breakStale(path, held);
    return { taken: false, retryNow: true };
  }
  return { taken: false, retryNow: false, held };
}

function busy(root: string, held: HeldLock | undefined): MlopsError {
  const who = held?.owner
    ? `process ${held.owner.pid} on ${held.owner.host}, since ${held.owner.acquiredAt}`
    : 'an unknown process';
  return new MlopsError(
    `could not lock ${root}: it is held by ${who}`,
    'conflict',
    `Wait for that mlops process to finish; if it is hung, end it (the lock is freed as soon as it has exited).`,
  );
}

/** Backoff between tries while a live holder has the lock: 2 ms doubling to 50 ms, with jitter. */
function* backoff(): Generator<number> {
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) yield wait + Math.random() * wait;
}

/** Tries to take the lock until it is ours (the generator's return) or the wait limit passes; yields each wait in ms. */
function* attempts(root: string): Generator<number, LockOwner> {
  const path = join(root, STORE_LOCK_FILE);
  const owner = newOwner();
  const deadline = Date.now() + WAIT_LIMIT_MS;
  const waits = backoff();
  for (;;) {
    const tried = attempt(path, owner);
    if (tried.taken) return owner;
    if (tried.retryNow) continue;
    if (Date.now() > deadline) throw busy(root, tried.held);
    yield waits.next().value as number;
  }
}

async function acquire(root: string): Promise<LockOwner> {
  const tries = attempts(root);
  for (let step = tries.next(); ; step = tries.next()) {
    if (step.done) return step.value;
    await delay(step.value);
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function acquireSync(root: string): LockOwner {
  const tries = attempts(root);
  for (let step = tries.next(); ; step = tries.next()) {
    if (step.done) return step.value;
    Atomics.wait(sleeper, 0, 0, step.value);
  }
}

function release(root: string, owner: LockOwner): void {
  const path = join(root, STORE_LOCK_FILE);
  if (readOwner(path)?.owner?.nonce !== owner.nonce) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/**
 * The store lock for a synchronous caller (the Node logging client), on an existing store folder `root`
 * (`<workspace>/.mlops`). Blocks the thread while another process holds it. Not re-entrant.
 */
export function withStoreLockSync<T>(root: string, fn: () => T): T {
  const owner = acquireSync(root);
  try {
    return fn();
  } finally {
    release(root, owner);
  }
}

/**
 * Serialises writers of `.mlops/` across processes and VS Code windows. `.mlops/store.lock` names its holder (pid and
 * /proc start time), so a lock left by a killed process is taken over at once instead of after a timeout. Reads never
 * take the lock: every file they read is replaced atomically. Not re-entrant: `fn` must not take it again.
 */
export async function withStoreLock<T>(workspace: string, fn: () => Promise<T>): Promise<T> {
  const root = await ensureStoreRoot(workspace);
  const held = holding.getStore();
  if (held?.has(root)) throw new Error(`internal: the store lock of ${root} was taken again by its holder`);
  const previous = localTails.get(root) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  const tail = previous.then(() => mine);
  localTails.set(root, tail);
  await previous;
  try {
    const owner = await acquire(root);
    try {
      return await holding.run(new Set([...(held ?? []), root]), fn);
    } finally {
      release(root, owner);
    }
  } finally {
    done();
    if (localTails.get(root) === tail) localTails.delete(root);
  }
}
