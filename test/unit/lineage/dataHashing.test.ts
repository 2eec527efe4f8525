import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashInputs, hashArtifacts } from '../../../src/core/lineage/dataHashing';
import { HashCache, hashCachePath } from '../../../src/core/lineage/hashCache';
import { datasetVersionId, parseDatasetVersionId } from '../../../src/core/lineage/datasetVersion';
import { MlopsError } from '../../../src/core/errors';
import { tempDir } from './tempRepo';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** Backdates a file so its hash may be cached (a just-written file is "racily clean" and never cached). */
function age(path: string): void {
  const old = new Date(Date.now() - 60_000);
  utimesSync(path, old, old);
}

describe('lineage: hashing data inputs', () => {
  let ws: string;
  const write = (rel: string, content: string) => {
    const p = join(ws, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, content);
    age(p);
    return p;
  };
  beforeEach(() => {
    ws = tempDir('lineage-ws-');
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('hashes a file with sha256 and records its size, path relative to the workspace', async () => {
    write('data/train.csv', 'a,b\n1,2\n');
    const [ref] = await hashInputs(ws, ['./data//train.csv'], { cache: false });
    assert.deepEqual(ref, { path: 'data/train.csv', sha256: sha('a,b\n1,2\n'), bytes: 8, role: 'input', kind: 'file' });
  });

  it('hashes a folder as the sorted manifest of its files, so any change gives a new version', async () => {
    write('images/b/2.txt', 'two');
    write('images/a.txt', 'one');
    const [first] = await hashInputs(ws, ['images'], { cache: false });
    const manifest = `${sha('one')}  a.txt\n${sha('two')}  b/2.txt\n`;
    assert.equal(first.sha256, sha(manifest));
    assert.equal(first.kind, 'dir');
    assert.equal(first.files, 2);
    assert.equal(first.bytes, 6);
    write('images/b/2.txt', 'TWO');
    const [second] = await hashInputs(ws, ['images'], { cache: false });
    assert.notEqual(second.sha256, first.sha256);
  });

  it('answers an unchanged file from the persistent cache without reading it, and re-reads a changed one', async () => {
    const file = join(ws, 'data/big.bin');
    mkdirSync(join(ws, 'data'));
    writeFileSync(file, 'original');
    const stamp = new Date(Date.now() - 60_000);
    utimesSync(file, stamp, stamp);
    await hashInputs(ws, ['data/big.bin']);
    const cacheFile = JSON.parse(readFileSync(hashCachePath(ws), 'utf8'));
    assert.equal(cacheFile.entries['data/big.bin'].sha256, sha('original'));

    // Same inode, size and mtime but other bytes: only an answer from the cache can still be the old hash.
    writeFileSync(file, 'ORIGINAL');
    utimesSync(file, stamp, stamp);
    const [hit] = await hashInputs(ws, ['data/big.bin']);
    assert.equal(hit.sha256, sha('original'));

    const later = new Date(Date.now() - 30_000);
    utimesSync(file, later, later);
    const [miss] = await hashInputs(ws, ['data/big.bin']);
    assert.equal(miss.sha256, sha('ORIGINAL'), 'mtime moved, so the file was read again');
    const inMemory = HashCache.inMemory();
    await hashInputs(ws, ['data/big.bin'], { cache: inMemory });
    assert.equal(inMemory.size, 1);
  });

  it('does not cache a file written moments ago (its mtime could hide a second write)', async () => {
    writeFileSync(join(ws, 'fresh.csv'), 'x');
    await hashInputs(ws, ['fresh.csv']);
    assert.equal(existsSync(hashCachePath(ws)), false);
  });

  it('rejects paths that escape the workspace, naming them', async () => {
    await assert.rejects(
      hashInputs(ws, ['../etc/passwd']),
      (err: MlopsError) =>
        err instanceof MlopsError && /'\.\.\/etc\/passwd' is outside the workspace/.test(err.message),
    );
    await assert.rejects(hashInputs(ws, ['/etc/passwd']), /outside the workspace/);
  });

  it('fails before reading anything when a path is missing, naming every missing one', async () => {
    write('data/ok.csv', 'x');
    await assert.rejects(hashInputs(ws, ['data/ok.csv', 'data/nope.csv', 'data/gone']), (err: MlopsError) => {
      assert.equal(err.kind, 'bad-input');
      assert.equal(err.message, 'data paths not found: data/nope.csv, data/gone');
      return true;
    });
    assert.equal(existsSync(hashCachePath(ws)), false);
  });

  it('keeps the purpose of an input and hashes artifacts as outputs', async () => {
    write('data/test.csv', 't');
    const [ref] = await hashInputs(ws, [{ path: 'data/test.csv', purpose: 'eval' }], { cache: false });
    assert.equal(ref.purpose, 'eval');
    write('.mlops/runs/r1/artifacts/model.json', '{}');
    const outputs = await hashArtifacts(ws, join(ws, '.mlops/runs/r1/artifacts'), { cache: false });
    assert.deepEqual(
      outputs.map((o) => [o.path, o.role]),
      [['.mlops/runs/r1/artifacts/model.json', 'output']],
    );
  });

  it('stops reading when aborted', async () => {
    const big = join(ws, 'big.bin');
    writeFileSync(big, Buffer.alloc(32 * 1024 * 1024));
    const controller = new AbortController();
    const hashing = hashInputs(ws, ['big.bin'], { cache: false, signal: controller.signal });
    setImmediate(() => controller.abort());
    await assert.rejects(hashing, { name: 'CancelledError' });
  });

  it('gives dataset versions a stable id from path and content hash', () => {
    const id = datasetVersionId('./data//train.csv', sha('x'));
    assert.equal(id, `data/train.csv@${sha('x').slice(0, 12)}`);
    assert.equal(datasetVersionId('data/train.csv', sha('x')), id);
    assert.deepEqual(parseDatasetVersionId(id), { path: 'data/train.csv', shortHash: sha('x').slice(0, 12) });
  });
});
