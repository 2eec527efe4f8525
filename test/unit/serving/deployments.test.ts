import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { FileRegistryStore, readAuditEvents } from '../../../src/core/registry';
import { deploymentDir, listLogFiles } from '../../../src/core/monitor/deploymentFiles';
import { storePaths } from '../../../src/core/store/layout';
import { DeploymentManager } from '../../../src/backend/serving/deploymentManager';
import { trainedChurnModel, type TrainedModel } from './helpers';
import { registerArtifact } from './registryFixture';

const FAST = {
  healthEveryMs: 200,
  healthTimeoutMs: 1000,
  backoffInitialMs: 100,
  startTimeoutMs: 60_000,
  stopGraceMs: 2000,
};

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(100);
  }
}

const predict = (url: string, rows: unknown) =>
  fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });

describe('deployments: supervised serving workers recorded in the registry', function () {
  this.timeout(120_000);
  let model: TrainedModel;
  let ws: string;
  let registry: FileRegistryStore;
  let manager: DeploymentManager;

  before(async () => {
    model = await trainedChurnModel();
    ws = mkdtempSync(join(tmpdir(), 'mlops-deploy-'));
    registry = new FileRegistryStore(ws);
    await registerArtifact(ws, 'churn', model.artifactDir);
    manager = new DeploymentManager({ workspace: ws, registry, timing: FAST });
  });
  after(async () => {
    await manager.close();
    rmSync(ws, { recursive: true, force: true });
  });

  it('serves a registered tfjs version, restarts its worker after kill -9 and audits start, restart and stop', async () => {
    const started = await manager.start({ model: 'churn:1' });
    assert.equal(started.status, 'running');
    assert.match(started.url!, /^http:\/\/127\.0\.0\.1:\d+$/);
    const first = await predict(started.url!, model.rows.slice(0, 3));
    assert.equal(first.status, 200);
    assert.equal(((await first.json()) as { predictions: unknown[] }).predictions.length, 3);

    process.kill(started.pid!, 'SIGKILL');
    const restarted = await until('the restart', async () => {
      const r = await registry.getDeployment('churn');
      return r?.status === 'running' && r.restarts === 1 && r.pid !== started.pid ? r : null;
    });
    assert.equal(restarted.url, started.url, 'same port after a restart');
    assert.equal((await predict(restarted.url!, model.rows.slice(0, 2))).status, 200);

    const listed = await manager.list();
    assert.equal(listed[0].stats!.requests, 1, 'counts start again in the new worker');

    const stopped = await manager.stop('churn');
    assert.equal(stopped.status, 'stopped');
    await assert.rejects(fetch(`${started.url}/health`));
    const events = (await readAuditEvents(storePaths(ws).audit)).map((e) => e.type);
    assert.deepEqual(
      events.filter((t) => t.startsWith('deployment.')),
      ['deployment.start', 'deployment.restart', 'deployment.stop'],
    );
    const lines = (await listLogFiles(deploymentDir(ws, 'churn'), 'predictions')).flatMap((f) =>
      readFileSync(f.path, 'utf8').trim().split('\n'),
    );
    assert.equal(lines.length, 5);
    for (const l of lines) JSON.parse(l);
  });

  it('restart resolves once the new worker answers, with its record and audit event written', async () => {
    const started = await manager.start({ model: 'churn:1', name: 'churn-restart' });
    const restarted = await manager.restart('churn-restart');
    assert.equal(restarted.status, 'running');
    assert.notEqual(restarted.pid, started.pid);
    assert.equal(restarted.restarts, 1);
    assert.equal(
      (await predict(restarted.url!, model.rows.slice(0, 1))).status,
      200,
      'serving as soon as restart() resolves',
    );
    const events = (await readAuditEvents(storePaths(ws).audit))
      .filter((e) => e.details.id === 'churn-restart')
      .map((e) => e.type);
    assert.deepEqual(events, ['deployment.start', 'deployment.restart']);
    await manager.stop('churn-restart');
  });

  it('refuses a second deployment under the same name while one runs', async () => {
    await manager.start({ model: 'churn' });
    await assert.rejects(manager.start({ model: 'churn:1' }), /already running/);
    await manager.stop('churn');
  });

  it('serves a Python model through its serve: command, restarting the command when it crashes', async function () {
    const script = join(ws, 'serve.py');
    writeFileSync(
      script,
      [
        'import json, os, sys',
        'from http.server import BaseHTTPRequestHandler, HTTPServer',
        'class H(BaseHTTPRequestHandler):',
        '    def log_message(self, *a): pass',
        '    def answer(self, code, body):',
        '        data = json.dumps(body).encode()',
        '        self.send_response(code); self.send_header("content-type", "application/json"); self.send_header("content-length", str(len(data))); self.end_headers(); self.wfile.write(data)',
        '    def do_GET(self): self.answer(200, {"ok": True})',
        '    def do_POST(self):',
        '        rows = json.loads(self.rfile.read(int(self.headers["content-length"])))["rows"]',
        '        if any(r.get("crash") for r in rows): os._exit(3)',
        '        self.answer(200, {"predictions": [{"prediction": r["x"] * 2} for r in rows]})',
        'HTTPServer(("127.0.0.1", int(os.environ["MLOPS_SERVE_PORT"])), H).serve_forever()',
      ].join('\n'),
    );
    writeFileSync(
      join(ws, 'mlops.yaml'),
      `models:\n  doubler:\n    serve: {command: [python3, serve.py], health: /health}\n`,
    );
    await registerArtifact(ws, 'doubler', join(ws, 'no-artifact'), null);
    const started = await manager.start({ model: 'doubler' });
    assert.equal(started.kind, 'command');
    const ok = await predict(started.url!, [{ x: 2 }, { x: 5 }]);
    assert.deepEqual(((await ok.json()) as { predictions: unknown[] }).predictions, [
      { prediction: 4 },
      { prediction: 10 },
    ]);

    const crashed = await predict(started.url!, { crash: true, x: 1 });
    assert.ok(crashed.status >= 500, `a crash mid-request is a server error (${crashed.status})`);
    const back = await until('the command to come back', async () => {
      const res = await predict(started.url!, { x: 21 }).catch(() => null);
      return res?.status === 200 ? res : null;
    });
    assert.deepEqual(((await back.json()) as { predictions: unknown[] }).predictions, [{ prediction: 42 }]);
    await manager.stop('doubler');
  });
});
