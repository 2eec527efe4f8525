import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAuditLog, verifyAuditText } from '../../../src/core/registry/auditLog';
import { FileRegistryStore } from '../../../src/core/registry/fileRegistryStore';
import { storePaths } from '../../../src/core/store/layout';
import { cliContext, makeRun, REPO, runCli, tempWorkspace } from './fixtures';
import { auditCommand } from '../../../src/cli/commands/audit';

/** A registry with five audited changes. */
async function fiveEvents(ws: string): Promise<FileRegistryStore> {
  const store = new FileRegistryStore(ws);
  await store.appendAudit([1, 2, 3, 4, 5].map((n) => ({ type: 'monitor.update' as const, details: { n } })));
  return store;
}

const lines = (ws: string) => readFileSync(storePaths(ws).audit, 'utf8').split('\n').filter(Boolean);
const writeLines = (ws: string, ls: string[]) => writeFileSync(storePaths(ws).audit, ls.map((l) => `${l}\n`).join(''));

describe('registry: tamper-evident audit log', () => {
  let ws: string;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  const verify = async () => verifyAuditLog(storePaths(ws).audit, (await new FileRegistryStore(ws).read()).auditHead);

  it('chains each line to the sha256 of the previous one and verifies clean', async () => {
    await fiveEvents(ws);
    const result = await verify();
    assert.deepEqual(result, { ok: true, lines: 5, problems: [] });
    const parsed = lines(ws).map((l) => JSON.parse(l));
    assert.equal(parsed[0].prev, '0'.repeat(64));
    assert.deepEqual(
      parsed.map((e) => e.seq),
      [1, 2, 3, 4, 5],
    );
  });

  it('detects an edited line and names it', async () => {
    await fiveEvents(ws);
    const ls = lines(ws);
    ls[2] = ls[2].replace('"n":3', '"n":33');
    writeLines(ws, ls);
    const result = await verify();
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.problems.map((p) => p.line),
      [3],
    );
    assert.match(result.problems[0].message, /line 3 was edited/);
  });

  it('detects a deleted line, in the middle and at the end', async () => {
    await fiveEvents(ws);
    const ls = lines(ws);
    writeLines(ws, [...ls.slice(0, 1), ...ls.slice(2)]);
    const middle = await verify();
    assert.ok(middle.problems.some((p) => p.line === 2 && /1 line\(s\) deleted before it/.test(p.message)));
    writeLines(ws, ls.slice(0, 4));
    const end = await verify();
    assert.deepEqual(
      end.problems.map((p) => p.line),
      [5],
    );
    assert.match(end.problems[0].message, /the last 1 line\(s\) were deleted/);
  });

  it('detects an inserted line, even one carrying a correct prev hash', async () => {
    await fiveEvents(ws);
    const ls = lines(ws);
    const forged = JSON.stringify({ ...JSON.parse(ls[1]), details: { n: 'forged' } });
    writeLines(ws, [...ls.slice(0, 2), forged, ...ls.slice(2)]);
    const result = await verify();
    assert.equal(result.ok, false);
    assert.ok(
      result.problems.some((p) => p.line === 3 && /inserted/.test(p.message)),
      JSON.stringify(result.problems),
    );
  });

  it('detects an edit of the final line through the head kept in registry.json', async () => {
    await fiveEvents(ws);
    const ls = lines(ws);
    ls[4] = ls[4].replace('"n":5', '"n":6');
    writeLines(ws, ls);
    const result = await verify();
    assert.deepEqual(
      result.problems.map((p) => p.line),
      [5],
    );
    assert.match(result.problems[0].message, /was edited/);
  });

  it('reports a line that is not JSON', () => {
    const result = verifyAuditText('{"seq":1}\nnot json\n', null);
    assert.ok(result.problems.some((p) => p.line === 2 && /not valid JSON/.test(p.message)));
  });

  it('mlops audit verify exits 1 naming the line; mlops audit lists events', async () => {
    await fiveEvents(ws);
    const listed = await auditCommand.run(cliContext(ws, [], { limit: '2' }));
    assert.deepEqual(
      (listed.json as Array<{ seq: number }>).map((e) => e.seq),
      [4, 5],
    );
    const ok = await auditCommand.run(cliContext(ws, ['verify']));
    assert.equal(ok.exitCode, 0);
    const ls = lines(ws);
    ls[0] = ls[0].replace('"n":1', '"n":0');
    writeLines(ws, ls);
    const bad = await auditCommand.run({ ...cliContext(ws, ['verify']), json: false });
    assert.equal(bad.exitCode, 1);
    assert.match(bad.text!, /line 1: line 1 was edited/);
  });
});

describe('registry: concurrent writers', () => {
  let ws: string;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('numbers versions uniquely and keeps the chain intact when several processes register at once', async function () {
    this.timeout(120_000);
    const PROCESSES = 4;
    const EACH = 3;
    const runs: string[] = [];
    for (let i = 0; i < PROCESSES * EACH; i++) runs.push(await makeRun(ws, { metrics: { val_accuracy: i / 100 } }));
    const outputs = await Promise.all(
      Array.from(
        { length: PROCESSES },
        (_, p) =>
          new Promise<string>((done, fail) => {
            const child = spawn(
              process.execPath,
              ['--import', 'tsx', join(__dirname, 'registerWorker.ts'), ws, ...runs.slice(p * EACH, (p + 1) * EACH)],
              { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
            );
            let out = '';
            let err = '';
            child.stdout.on('data', (c: Buffer) => (out += c));
            child.stderr.on('data', (c: Buffer) => (err += c));
            child.on('error', fail);
            child.on('close', (code) => (code === 0 ? done(out) : fail(new Error(`worker exited ${code}: ${err}`))));
          }),
      ),
    );
    const assigned = outputs
      .join('')
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    assert.equal(assigned.length, PROCESSES * EACH);
    const versions = (await new FileRegistryStore(ws).listVersions('churn')).map((v) => v.version);
    assert.deepEqual(
      versions,
      Array.from({ length: PROCESSES * EACH }, (_, i) => i + 1),
    );
    assert.deepEqual(new Set(assigned.map(([run]) => run)), new Set(runs));
    const cli = await runCli(ws, ['audit', 'verify', '--json']);
    assert.equal(cli.code, 0, cli.stdout);
    assert.equal(JSON.parse(cli.stdout).lines, PROCESSES * EACH);
  });
});
