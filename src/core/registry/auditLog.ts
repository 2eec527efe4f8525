/**
 * `.mlops/audit.jsonl`: one JSON event per line, each carrying the sha256 of the previous line's text, so an
 * edited, inserted or deleted line breaks the chain where it happened. registry.json keeps the chain's head
 * (line count and last hash) so a removed or edited final line is caught too.
 */
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { appendLines } from '../store/atomicWrite';
import { AUDIT_EVENT_TYPES, type AuditEvent, type AuditEventInit, type AuditHead } from './types';

export const GENESIS_HASH = '0'.repeat(64);

export function sha256Line(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex');
}

export function currentUser(): string {
  const fromEnv = process.env.MLOPS_USER || process.env.USER || process.env.USERNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The last complete line of a file ('' when empty or missing), read from the end in growing chunks. */
async function lastLine(path: string): Promise<string> {
  const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!handle) return '';
  try {
    const { size } = await handle.stat();
    let chunk = 4096;
    for (;;) {
      const start = Math.max(0, size - chunk);
      const buf = Buffer.alloc(size - start);
      await handle.read(buf, 0, buf.length, start);
      const text = buf.toString('utf8').replace(/\n+$/, '');
      const cut = text.lastIndexOf('\n');
      if (cut >= 0 || start === 0) return text.slice(cut + 1);
      chunk *= 4;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Appends events after the file's current last line and returns them with the new head. The caller holds the
 * store lock, so nothing else appends in between.
 */
export async function appendAuditEvents(
  path: string,
  inits: AuditEventInit[],
  now = new Date(),
): Promise<{ events: AuditEvent[]; head: AuditHead | null }> {
  if (inits.length === 0) return { events: [], head: null };
  const previous = await lastLine(path);
  let prev = previous ? sha256Line(previous) : GENESIS_HASH;
  let seq = previous ? seqOf(previous) + 1 : 1;
  const at = now.toISOString();
  const events: AuditEvent[] = [];
  const lines: string[] = [];
  for (const init of inits) {
    const event: AuditEvent = {
      seq,
      at,
      user: init.user ?? currentUser(),
      type: init.type,
      ...(init.model !== undefined ? { model: init.model } : {}),
      ...(init.version !== undefined ? { version: init.version } : {}),
      details: init.details ?? {},
      prev,
    };
    const line = JSON.stringify(event);
    events.push(event);
    lines.push(line);
    prev = sha256Line(line);
    seq += 1;
  }
  await appendLines(path, lines, { fsync: true });
  return { events, head: { lines: seq - 1, sha256: prev } };
}

function seqOf(line: string): number {
  try {
    const seq = (JSON.parse(line) as { seq?: unknown }).seq;
    return typeof seq === 'number' && Number.isInteger(seq) ? seq : 0;
  } catch {
    return 0;
  }
}

export interface AuditProblem {
  /** 1-based line number in audit.jsonl. */
  line: number;
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  lines: number;
  problems: AuditProblem[];
}

function checkShape(value: unknown): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'is not a JSON object';
  const e = value as Partial<AuditEvent>;
  if (typeof e.seq !== 'number') return 'has no seq';
  if (typeof e.at !== 'string') return "has no 'at' time";
  if (typeof e.prev !== 'string' || !/^[0-9a-f]{64}$/.test(e.prev)) return 'has no valid prev hash';
  if (!(AUDIT_EVENT_TYPES as readonly string[]).includes(String(e.type)))
    return `has an unknown type '${String(e.type)}'`;
  return null;
}

/**
 * Walks the chain. A line whose `prev` does not hash the line before it marks where a line was edited,
 * inserted or deleted; a `seq` gap tells a deletion from an edit; the head from registry.json catches changes
 * to the end of the log.
 */
export function verifyAuditText(text: string, head: AuditHead | null): AuditVerification {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const problems: AuditProblem[] = [];
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  lines.forEach((line, i) => {
    const n = i + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      problems.push({ line: n, message: `line ${n} is not valid JSON (edited or torn)` });
      prevHash = sha256Line(line);
      expectedSeq += 1;
      return;
    }
    const shapeProblem = checkShape(parsed);
    if (shapeProblem) problems.push({ line: n, message: `line ${n} ${shapeProblem}` });
    const event = parsed as AuditEvent;
    const seqOk = typeof event.seq !== 'number' || event.seq === expectedSeq;
    if (!seqOk) {
      const message =
        event.seq > expectedSeq
          ? `line ${n} has seq ${event.seq} where ${expectedSeq} was expected: ${event.seq - expectedSeq} line(s) deleted before it`
          : `line ${n} has seq ${event.seq} where ${expectedSeq} was expected: it was inserted or duplicated`;
      problems.push({ line: n, message });
    } else if (event.prev !== prevHash) {
      if (n === 1)
        problems.push({
          line: 1,
          message: 'line 1: its prev hash is not the start of the log (edited, or lines before it were deleted)',
        });
      else if (!problems.some((p) => p.line === n - 1)) {
        problems.push({ line: n - 1, message: `line ${n - 1} was edited: line ${n}'s prev hash does not match it` });
      }
    }
    prevHash = sha256Line(line);
    expectedSeq = (typeof event.seq === 'number' ? event.seq : expectedSeq) + 1;
  });
  if (head) {
    if (lines.length < head.lines) {
      problems.push({
        line: lines.length + 1,
        message: `the log ends at line ${lines.length} but registry.json recorded ${head.lines} lines: the last ${head.lines - lines.length} line(s) were deleted`,
      });
    } else if (lines.length > head.lines) {
      problems.push({
        line: head.lines + 1,
        message: `lines ${head.lines + 1}–${lines.length} were appended outside mlops (registry.json recorded ${head.lines} lines)`,
      });
    } else if (lines.length > 0 && sha256Line(lines[lines.length - 1]) !== head.sha256) {
      problems.push({
        line: lines.length,
        message: `line ${lines.length} (the last) does not match the hash recorded in registry.json: it was edited`,
      });
    }
  }
  const unique = dedupeByLine(problems);
  return { ok: unique.length === 0, lines: lines.length, problems: unique };
}

function dedupeByLine(problems: AuditProblem[]): AuditProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => (seen.has(p.message) ? false : (seen.add(p.message), true)))
    .sort((a, b) => a.line - b.line);
}

export async function verifyAuditLog(path: string, head: AuditHead | null): Promise<AuditVerification> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  return verifyAuditText(text, head);
}

/** Parsed events, skipping lines that are not JSON (verify reports those). */
export async function readAuditEvents(path: string): Promise<AuditEvent[]> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  const events: AuditEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      events.push(JSON.parse(line) as AuditEvent);
    } catch {
      // a damaged line: `mlops audit verify` names it
    }
  }
  return events;
}
