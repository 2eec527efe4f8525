/**
 * The two-windows case: two backends (forked as two VS Code windows would) and CLIs write one store at once, then
 * register and promote versions concurrently. Nothing may be lost, no run may start twice, and the audit chain holds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeBackend, forkBackend } from './lib/backend';
import { internalErrorSign, runCli, startCli } from './lib/cli';
import { checkSeries, readRecord, TERMINAL } from './lib/runChecks';
import { newStoreWatch, runDirOf, settleAndCheck } from './lib/store';
import { Tally, waitFor } from './lib/tally';
import { makeWorkspace } from './lib/workspace';

const POINTS = 2000;
const PER_SOURCE = 2;

interface RegistryView {
  models: Record<
    string,
    { aliases: Record<string, number>; versions: Array<{ version: number; runId: string; stage: string | null }> }
  >;
}

function readRegistry(ws: string): RegistryView | undefined {
  try {
    return JSON.parse(readFileSync(join(ws, '.mlops', 'registry.json'), 'utf8')) as RegistryView;
  } catch {
    return undefined;
  }
}

function auditLines(ws: string): Array<{ type: string }> {
  try {
    return readFileSync(join(ws, '.mlops', 'audit.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string });
  } catch {
    return [];
  }
}

export async function concurrencySection(root: string, rounds: number, seed: number): Promise<Tally> {
  const t = new Tally(`two backends and CLIs on one store, ${rounds} rounds (seed ${seed})`);
  const ws = makeWorkspace(root, 'two-windows');
  const w = newStoreWatch(ws);
  const a = await forkBackend(ws);
  const b = await forkBackend(ws);
  const started = Date.now();
  const registered: Array<{ runId: string; version: number }> = [];
  let promotions = 0;
  let conflicts = 0;
  try {
    await a.client.request('queue.setConcurrency', { concurrency: 3 });
    for (let round = 0; round < rounds; round++) {
      const where = `round ${round} (seed ${seed})`;
      const overrides = [`points=${POINTS}`];
      const launches = [a, b].flatMap((backend) =>
        Array.from({ length: PER_SOURCE }, () =>
          backend.client
            .request('launch', { experiment: 'train', overrides }, { timeoutMs: 120_000 })
            .then((r) => r.runId as string),
        ),
      );
      const clis = Array.from({ length: PER_SOURCE }, () =>
        startCli(['run', 'train', '--param', `points=${POINTS}`], { cwd: ws, timeoutMs: 300_000 }),
      );
      const ids: string[] = [];
      for (const l of await Promise.allSettled(launches)) {
        t.check(
          'every launch through a backend is accepted',
          l.status === 'fulfilled',
          () => `${where}: ${l.status === 'rejected' ? (l.reason as Error).message : ''}`,
        );
        if (l.status === 'fulfilled') ids.push(l.value);
      }
      for (const cli of clis) {
        const res = await cli.done;
        const id = /run (\S+) (started|queued)/.exec(res.stdout)?.[1];
        t.check(
          'every concurrent `mlops run` completes (exit 0)',
          res.code === 0 && id !== undefined,
          () => `${where}: exit ${res.code}${res.timedOut ? ' (timed out)' : ''}: ${res.stderr.slice(-300)}`,
        );
        if (id) ids.push(id);
      }
      for (const id of ids) w.committed.add(id);
      t.check('run ids are unique', new Set(ids).size === ids.length, () => `${where}: ${ids.join(', ')}`);
      for (const id of ids) {
        const record = await waitFor(
          () => {
            const r = readRecord(runDirOf(ws, id));
            return r && TERMINAL.has(r.status) ? r : undefined;
          },
          300_000,
          100,
        );
        t.check(
          'every concurrent run completes',
          record?.status === 'completed',
          () =>
            `${where}: run ${id} is ${record?.status ?? readRecord(runDirOf(ws, id))?.status} (${runDirOf(ws, id)})`,
        );
        await checkSeries(t, runDirOf(ws, id), id, { expectedPoints: POINTS });
      }
      await settleAndCheck(t, w);

      const regs = ids.map(
        (id) => startCli(['register', id, '--model', 'm', '--json'], { cwd: ws, timeoutMs: 120_000 }).done,
      );
      const versions: number[] = [];
      for (const [i, res] of (await Promise.all(regs)).entries()) {
        let version: number | undefined;
        try {
          version = (JSON.parse(res.stdout) as { version: number }).version;
        } catch {
          version = undefined;
        }
        t.check(
          'every concurrent `mlops register` succeeds',
          res.code === 0 && version !== undefined,
          () => `${where}: register ${ids[i]} exit ${res.code}: ${res.stderr.slice(-300)}`,
        );
        if (version !== undefined) {
          versions.push(version);
          registered.push({ runId: ids[i], version });
        }
      }
      const targets = ['staging', 'production', 'production', 'champion', 'champion'];
      const proms = versions
        .slice(0, targets.length)
        .map(
          (v, i) =>
            startCli(['promote', 'm', String(v), '--to', targets[i], '--json'], { cwd: ws, timeoutMs: 120_000 }).done,
        );
      const promoted = new Map<string, number[]>();
      for (const [i, res] of (await Promise.all(proms)).entries()) {
        promotions++;
        const conflict = res.code === 2 && /changed while/.test(res.stderr) && !internalErrorSign(res.stderr);
        if (conflict) conflicts++;
        t.check(
          'every concurrent `mlops promote` succeeds or refuses with a conflict',
          res.code === 0 || conflict,
          () => `${where}: promote m ${versions[i]} --to ${targets[i]}: exit ${res.code}: ${res.stderr.slice(-300)}`,
        );
        if (res.code === 0) promoted.set(targets[i], [...(promoted.get(targets[i]) ?? []), versions[i]]);
      }
      const registry = readRegistry(ws);
      const model = registry?.models.m;
      const all = model?.versions ?? [];
      t.check(
        'no registered version is lost',
        registered.every((r) => all.some((v) => v.version === r.version && v.runId === r.runId)),
        () =>
          `${where}: registry holds ${all.map((v) => `${v.version}:${v.runId}`).join(' ')}; CLIs reported ${registered.map((r) => `${r.version}:${r.runId}`).join(' ')}`,
      );
      t.check(
        'version numbers are unique and contiguous',
        all
          .map((v) => v.version)
          .sort((x, y) => x - y)
          .every((v, i) => v === i + 1),
        () => `${where}: versions ${all.map((v) => v.version).join(',')}`,
      );
      const inProduction = all.filter((v) => v.stage === 'production').map((v) => v.version);
      const wantProduction = promoted.get('production') ?? [];
      t.check(
        'production holds one version, one that was promoted to it',
        wantProduction.length === 0
          ? inProduction.length <= 1
          : inProduction.length === 1 && wantProduction.includes(inProduction[0]),
        () =>
          `${where}: production: ${inProduction.join(',') || 'none'}; promoted to it: ${wantProduction.join(',') || 'none'}`,
      );
      const champion = model?.aliases.champion;
      const wantChampion = promoted.get('champion') ?? [];
      t.check(
        'the champion alias names a version promoted to it',
        wantChampion.length === 0 || (champion !== undefined && wantChampion.includes(champion)),
        () => `${where}: champion → ${champion}, promoted to it: ${wantChampion.join(',')}`,
      );
      const verify = await runCli(['audit', 'verify', '--json'], { cwd: ws, timeoutMs: 60_000 });
      t.check(
        '`mlops audit verify` passes',
        verify.code === 0,
        () => `${where}: exit ${verify.code}: ${verify.stdout.slice(0, 300)} ${verify.stderr.slice(0, 300)}`,
      );
    }
    const registerEvents = auditLines(ws).filter((e) => e.type === 'register').length;
    t.check(
      'one audit event per registered version',
      registerEvents === registered.length,
      () => `${registerEvents} register events for ${registered.length} versions`,
    );
  } finally {
    await Promise.all([closeBackend(a), closeBackend(b)]);
  }
  await settleAndCheck(t, w, { final: true });
  t.figure(
    `${rounds} rounds: ${w.committed.size} runs (${2 * PER_SOURCE} through two backends and ${PER_SOURCE} through CLIs per round, ${POINTS} points each), ${registered.length} versions registered and ${promotions} promotions raced (${conflicts} refused as conflicts), in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return t;
}
