import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { MlopsError } from '../errors';
import { isSameProcess, processStartTime } from '../process/procStat';
import { ensureStoreRoot } from './ensureStore';

export const STORE_LOCK_FILE = 'store.lock';

/** Who holds the lock: enough to tell at once whether that process is still alive. */
export interface LockOwner {
  pid: number;
  startTime: number | null;
  host: string;
  /** Unique per acquisition, so a lock taken over in between is never mistaken for the one judged dead. */
  nonce: string;
  acquiredAt: string;
}

const WAIT_LIMIT_MS = 30_000;
/** A lock whose owner cannot be checked (another host, an old proper-lockfile folder) is stale after this. */
const UNCHECKABLE_STALE_MS = 10_000;

/** In-process queue per store, so this process's own writers wait for each other without polling the file. */
const localTails = new Map<string, Promise<unknown>>();
/** The stores this async context holds, so a nested take fails at once instead of waiting on itself. */
const holding = new AsyncLocalStorage<ReadonlySet<string>>();

function ownerAlive(owner: LockOwner): boolean | undefined {
  if (owner.host !== hostname()) return undefined;
  return isSameProcess(owner.pid, owner.startTime);
}

async function readOwner(path: string): Promise<{ owner?: LockOwner; mtimeMs: number } | null> {
  const info = await stat(path).catch(() => null);
  if (!info) return null;
  if (!info.isFile()) return { mtimeMs: info.mtimeMs };
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as LockOwner;
    return typeof owner?.pid === 'number' ? { owner, mtimeMs: info.mtimeMs } : { mtimeMs: info.mtimeMs };
  } catch {
    return { mtimeMs: info.mtimeMs };
  }
}

/** Creates the lock file with its owner in one step (link of a complete temp file): EEXIST while it is held. */
async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  const tmp = `${path}.${owner.nonce}.tmp`;
  await writeFile(tmp, JSON.stringify(owner));
  try {
    await link(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Removes a lock whose holder is gone. It is first renamed aside and checked again, so a lock that another waiter
 * broke and re-took in between is put back rather than removed.
 */
async function breakStale(path: string, judged: { owner?: LockOwner }): Promise<void> {
  const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const moved = await readOwner(aside);
  if (judged.owner && moved?.owner && moved.owner.nonce !== judged.owner.nonce) {
    await link(aside, path).catch(() => undefined);
  }
  await rm(aside, { recursive: true, force: true });
}

async function acquire(root: string): Promise<LockOwner> {
  const path = join(root, STORE_LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    host: hostname(),
    nonce: randomBytes(8).toString('hex'),
    acquiredAt: new Date().toISOString(),
  };
  const deadline = Date.now() + WAIT_LIMIT_MS;
  let wait = 2;
  for (;;) {
    if (await tryCreate(path, owner)) return owner;
    const held = await readOwner(path);
    if (held) {
      const alive = held.owner ? ownerAlive(held.owner) : undefined;
      const stale = alive === false || (alive === undefined && Date.now() - held.mtimeMs > UNCHECKABLE_STALE_MS);
      if (stale) {
        await breakStale(path, held);
        continue;
      }
      if (Date.now() > deadline) {
        const who = held.owner ? `process ${held.owner.pid} on ${held.owner.host}, since ${held.owner.acquiredAt}` : 'an unknown process';
        throw new MlopsError(
          `could not lock ${root}: it is held by ${who}`,
          'conflict',
          `Wait for that mlops process to finish; if it is hung, end it (the lock is freed as soon as it has exited).`,
        );
      }
    }
    await delay(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 50);
  }
}

async function release(root: string, owner: LockOwner): Promise<void> {
  const path = join(root, STORE_LOCK_FILE);
  const held = await readOwner(path);
  if (held?.owner?.nonce === owner.nonce) await unlink(path).catch(() => undefined);
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
      await release(root, owner);
    }
  } finally {
    done();
    if (localTails.get(root) === tail) localTails.delete(root);
  }
}
