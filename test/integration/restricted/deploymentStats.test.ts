import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { FileRegistryStore } from '../../../src/core/registry';
import { mlopsApi, workspaceRoot } from '../helpers';

describe('restricted mode: the Monitors view sends no request to a URL the workspace names', () => {
  let server: Server;
  let requests: string[];

  before(async () => {
    await mlopsApi();
    requests = [];
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ requests: 7, errors: 0, latencyMs: { p50: 1, p95: 2, p99: 3 } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('lists a running deployment from registry.json without fetching its /metrics', async () => {
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    // The trap works: this is the request a trusted window makes for the row.
    assert.equal((await fetch(`${url}/metrics`)).status, 200);
    requests.length = 0;
    await new FileRegistryStore(workspaceRoot()).putDeployment({
      id: 'planted',
      model: 'churn',
      version: 1,
      ref: 'churn@production',
      kind: 'tfjs',
      status: 'running',
      url,
      host: '127.0.0.1',
      port,
      pid: null,
      startedAt: new Date().toISOString(),
      stoppedAt: null,
      restarts: 0,
      error: null,
    });
    await vscode.commands.executeCommand('mlops.refreshMonitors');
    const tree = (await vscode.commands.executeCommand<{
      tree: Array<{ label: string; children: Array<{ label: string }> }>;
    }>('mlops.monitors.inspect'))!.tree;
    assert.match(JSON.stringify(tree), /planted/, 'the deployment is not listed, so the check proves nothing');
    assert.deepEqual(requests, [], 'a request reached the URL named by the untrusted workspace');
  });
});
