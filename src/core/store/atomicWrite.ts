import {
  promises as fs,
  openSync,
  writeSync,
  closeSync,
  fsyncSync,
  renameSync,
  mkdirSync,
  writeFileSync,
} from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes a file so that readers see either the old or the new content, never a torn one. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

export function writeJsonAtomicSync(path: string, value: unknown): void {
  writeFileAtomicSync(path, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Appends complete lines with a single write(2) on an O_APPEND descriptor, so concurrent appenders never
 * interleave inside a line and a crash leaves at most one torn final line (which readers ignore).
 */
export function appendLinesSync(path: string, lines: string[]): void {
  if (lines.length === 0) return;
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, lines.map((l) => l + '\n').join(''));
  } finally {
    closeSync(fd);
  }
}

export async function appendLines(path: string, lines: string[], options: { fsync?: boolean } = {}): Promise<void> {
  if (lines.length === 0) return;
  await fs.mkdir(dirname(path), { recursive: true });
  const handle = await fs.open(path, 'a');
  try {
    await handle.write(lines.map((l) => l + '\n').join(''));
    if (options.fsync) await handle.sync();
  } finally {
    await handle.close();
  }
}

export function fsyncFileSync(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
