/**
 * Registry figures: audit verification against hashing the same lines bare (its floor), gate evaluation against
 * the same rule written as a JS closure (the ceiling an interpreter can approach), and registrations per second
 * under the store lock against appending the same audit lines without the lock or registry write.
 * Run: npx tsx test/bench/registry/registryBench.ts
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAuditEvents, verifyAuditText } from '../../../src/core/registry/auditLog';
import { FileRegistryStore } from '../../../src/core/registry/fileRegistryStore';
import { evaluateRule, parseGate, type GateScope } from '../../../src/core/registry/gates';
import type { RunId } from '../../../src/core/tracking/types';

const time = async (fn: () => unknown | Promise<unknown>) => {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

async function auditVerify(dir: string): Promise<void> {
  const path = join(dir, 'audit.jsonl');
  const N = 100_000;
  for (let i = 0; i < N; i += 10_000) {
    await appendAuditEvents(
      path,
      Array.from({ length: 10_000 }, (_, k) => ({
        type: 'monitor.update' as const,
        model: 'churn',
        details: { n: i + k, share: Math.random() },
      })),
    );
  }
  const text = readFileSync(path, 'utf8');
  const verifyMs = await time(() => verifyAuditText(text, null));
  const hashMs = await time(() => {
    for (const line of text.split('\n')) createHash('sha256').update(line).digest('hex');
  });
  console.log(
    `audit verify: ${N} lines (${(text.length / 1e6).toFixed(1)} MB) in ${verifyMs.toFixed(0)} ms; bare sha256 of the lines ${hashMs.toFixed(0)} ms; ratio ${(verifyMs / hashMs).toFixed(2)}x`,
  );
}

async function gateEvaluation(): Promise<void> {
  const rule = 'val_accuracy >= production.val_accuracy - 0.01 and lineage.clean == true and not (loss / 2 > 0.3)';
  const values: Record<string, number | boolean> = {
    val_accuracy: 0.9,
    'production.val_accuracy': 0.905,
    'lineage.clean': true,
    loss: 0.4,
  };
  const scope: GateScope = { lookup: async (p) => ({ ok: true, value: values[p] }) };
  const expr = parseGate(rule);
  const N = 50_000;
  const parseMs = await time(() => {
    for (let i = 0; i < N; i++) parseGate(rule);
  });
  const evalMs = await time(async () => {
    for (let i = 0; i < N; i++) await evaluateRule(rule, expr, scope);
  });
  const native = async (v: typeof values) =>
    (v.val_accuracy as number) >= (v['production.val_accuracy'] as number) - 0.01 &&
    v['lineage.clean'] === true &&
    !((v.loss as number) / 2 > 0.3);
  const nativeMs = await time(async () => {
    for (let i = 0; i < N; i++) await native(values);
  });
  console.log(
    `gates: parse ${((parseMs * 1000) / N).toFixed(2)} µs/rule; evaluate ${((evalMs * 1000) / N).toFixed(2)} µs/rule vs async JS closure ${((nativeMs * 1000) / N).toFixed(2)} µs (${(evalMs / nativeMs).toFixed(1)}x)`,
  );
}

async function registrations(dir: string): Promise<void> {
  const store = new FileRegistryStore(dir);
  const N = 200;
  const artifact = {
    path: 'a',
    runPath: 'artifacts',
    kind: 'dir' as const,
    sha256: '0'.repeat(64),
    bytes: 1,
    files: [],
    format: null,
  };
  const lockedMs = await time(async () => {
    for (let i = 0; i < N; i++)
      await store.registerVersion({
        model: 'churn',
        runId: `r${i}` as RunId,
        experiment: 'e',
        artifact,
        metrics: { val_accuracy: i / N },
        schema: null,
        data: [],
        git: null,
      });
  });
  const bare = join(dir, 'bare.jsonl');
  const bareMs = await time(async () => {
    for (let i = 0; i < N; i++)
      await appendAuditEvents(bare, [{ type: 'register', model: 'churn', version: i + 1, details: {} }]);
  });
  console.log(
    `register: ${N} versions in ${lockedMs.toFixed(0)} ms (${(lockedMs / N).toFixed(2)} ms each, lock + registry write + fsync'd audit line); bare fsync'd audit append ${(bareMs / N).toFixed(2)} ms; ratio ${(lockedMs / bareMs).toFixed(1)}x`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'registry-bench-'));
  try {
    await auditVerify(dir);
    await gateEvaluation();
    await registrations(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
