import { randomBytes } from 'node:crypto';
import type { RunId } from './types';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
let lastTime = -1;
let lastRandom: number[] = [];

/**
 * Time-sortable run ids (ulid-like, lower-case Crockford base32): 10 characters of milliseconds then 6 random
 * characters, incremented monotonically within one millisecond so ids created in one process sort in creation order.
 */
export function newRunId(now = Date.now()): RunId {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  if (now === lastTime) {
    for (let i = lastRandom.length - 1; i >= 0; i--) {
      if (lastRandom[i] < 31) {
        lastRandom[i]++;
        break;
      }
      lastRandom[i] = 0;
    }
  } else {
    lastTime = now;
    lastRandom = [...randomBytes(6)].map((b) => b % 32);
    lastRandom[0] = lastRandom[0] % 16;
  }
  return (time + lastRandom.map((d) => CROCKFORD[d]).join('')) as RunId;
}

const RUN_ID_PATTERN = /^[0-9a-z][0-9a-z_-]{2,63}$/;

/** Run ids come from folder names and user input: refuse anything that could escape the runs folder. */
export function isValidRunId(id: string): id is RunId {
  return RUN_ID_PATTERN.test(id);
}

export function runIdTime(id: RunId): number | null {
  if (id.length < 10) return null;
  let t = 0;
  for (const ch of id.slice(0, 10)) {
    const v = CROCKFORD.indexOf(ch);
    if (v < 0) return null;
    t = t * 32 + v;
  }
  return t;
}
