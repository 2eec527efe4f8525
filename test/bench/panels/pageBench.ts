/**
 * Page-side figures in the real browser (code-server + headless chromium):
 *   table   – open the runs table on 100,000 runs (20 params, 10 metrics): time to first rows painted, host memory;
 *   compare – 100 runs × 100,000 points: selection → curves drawn, what the page reports about extremes; with
 *             `logged` after the count, the runs come with the sidecars the backend appends while a run logs (cold
 *             then means series never read by the panel, restored from sidecars); without it, they are foreign TSVs;
 *   live    – a run appending 50 points/s for a minute: CPU of the browser with the run panel open vs idle.
 * Usage: node --import tsx test/bench/panels/pageBench.ts table|compare|live [count] [logged]
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { cleanupAll } from '../../../scripts/vscode-host/processGroups';
import { runDirOf } from '../../../src/core/store/layout';
import { writeSeriesSidecars } from '../../../src/core/tracking/writeSeriesSidecars';
import { cpuSeconds, extensionHostPids, rssMiB } from './hostProcess';
import { openPanel, openSession, panelFrame, waitForExtension, type PageSession } from './pageSession';
import { syntheticSummaries, writeIndexOnly, writeRunFolder } from './syntheticStore';

const mode = process.argv[2] ?? 'table';
const count = Number(process.argv[3] ?? (mode === 'table' ? 100_000 : mode === 'compare' ? 100 : 60));
const filledRow = '.tbody .tr[data-id]:not([data-id=""])';

function chromiumPids(): number[] {
  const { readdirSync, readFileSync } = require('node:fs') as typeof import('node:fs');
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        return readFileSync(`/proc/${e}/cmdline`, 'utf8').includes('chrom');
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** CPU seconds of every chromium process, by pid (a process that exits between two readings drops out of both). */
function browserCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of chromiumPids()) {
    try {
      out.set(pid, cpuSeconds(pid));
    } catch {
      // exited while reading
    }
  }
  return out;
}

function cpuSince(start: Map<number, number>): number {
  let total = 0;
  for (const [pid, now] of browserCpu()) total += now - (start.get(pid) ?? 0);
  return total;
}

async function waitText(frame: Frame, selector: string, pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text =
      (await frame
        .locator(selector)
        .first()
        .textContent()
        .catch(() => '')) ?? '';
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`"${selector}" never matched ${pattern} (last: ${text})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function table(): Promise<void> {
  const session = await openSession((ws) =>
    writeIndexOnly(ws, syntheticSummaries({ runs: count, params: 20, metrics: 10 })),
  );
  try {
    await waitForExtension(session.page);
    await new Promise((r) => setTimeout(r, 10_000));
    const host = extensionHostPids();
    const before = host.map(rssMiB).reduce((a, b) => a + b, 0);
    const t0 = Date.now();
    await openPanel(session.page, 'MLOps: Open Runs Table');
    const tCommand = Date.now();
    const frame = await panelFrame(session.page, 'runs');
    await frame.locator(filledRow).first().waitFor({ timeout: 120_000 });
    const tRows = Date.now();
    const inPage = Number(await frame.evaluate('performance.now()'));
    const after = host.map(rssMiB).reduce((a, b) => a + b, 0);
    const counts = await waitText(frame, '.toolbar .muted', /of [\d,]+ runs/, 10_000);
    const filter = frame.locator('vscode-text-field.filter');
    const tType = Date.now();
    await filter.click();
    await session.page.keyboard.type('val_accuracy > 0.9 lr < 0.01 status = completed', { delay: 0 });
    const typedMs = Date.now() - tType;
    const filtered = await waitText(frame, '.toolbar .muted', /^[\d,]{1,6} of/, 30_000);
    const tFiltered = Date.now();
    const scroll = await frame.evaluate(`(async () => {
      const el = document.querySelector('.table-scroll');
      const t = performance.now(); let frames = 0; let worst = 0; let last = t;
      const wheel = async () => { let w = 0; let l = performance.now(); const s = l; for (let i = 0; i < 120; i++) { el.scrollTop += 120; await new Promise((r) => requestAnimationFrame(r)); const n = performance.now(); w = Math.max(w, n - l); l = n; } return { frames: 120, msPerFrame: (performance.now() - s) / 120, worstFrameMs: w }; };
      const wheelResult = await wheel();
      for (let i = 0; i < 60; i++) { el.scrollTop += 2000; await new Promise((r) => requestAnimationFrame(r)); const now = performance.now(); worst = Math.max(worst, now - last); last = now; frames++; }
      return { wheel120px: wheelResult, jump2000px: { frames, msPerFrame: (performance.now() - t) / frames, worstFrameMs: worst } };
    })()`);
    await session.page.screenshot({ path: '/tmp/bench-table.png' });
    console.log(
      `Runs table on ${count.toLocaleString()} runs (browser): palette→first rows painted ${tRows - t0} ms (command accepted after ${tCommand - t0} ms; ≤ ${inPage.toFixed(0)} ms of it inside the webview document, from its first byte to rows painted); ${counts}`,
    );
    console.log(
      `  extension host RSS ${before.toFixed(0)} MiB before the panel, ${after.toFixed(0)} MiB with it (pids ${host.join(',')})`,
    );
    console.log(
      `  typing a 47-character filter took ${typedMs} ms of keystrokes; filtered rows shown ${tFiltered - tType} ms after typing began: ${filtered}`,
    );
    console.log(`  scrolling (120 frames × 120 px, then 60 frames × 2000 px): ${JSON.stringify(scroll)}`);
  } finally {
    await session.close();
  }
}

/** Page marks (compare:*, host:*) as milliseconds after `t0` (epoch), read from the webview's own timeline. */
async function markTimeline(frame: Frame, t0: number, only?: RegExp): Promise<string> {
  const marks = (await frame.evaluate(`(() => {
    const o = performance.timeOrigin;
    const nav = performance.getEntriesByType('navigation')[0];
    const base = [{ name: 'doc:navigation-start', at: o }, ...(nav ? [{ name: 'doc:response-end', at: o + nav.responseEnd }, { name: 'doc:dom-content-loaded', at: o + nav.domContentLoadedEventEnd }] : [])];
    return base.concat(performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: o + m.startTime })));
  })()`)) as Array<{ name: string; at: number }>;
  return marks
    .filter((m) => m.at >= t0 - 1 && (!only || only.test(m.name)))
    .sort((a, b) => a.at - b.at)
    .map((m) => `${m.name} +${(m.at - t0).toFixed(0)}`)
    .join(', ');
}

async function tableFrame(session: PageSession): Promise<Frame> {
  const frame = await panelFrame(session.page, 'runs');
  await frame.locator(filledRow).first().waitFor({ timeout: 60_000 });
  return frame;
}

/** Ticks "select all" in the table (or clears it: from a partial selection that takes two clicks). */
async function tickAll(table: Frame, on: boolean): Promise<void> {
  const target = new RegExp(`· ${on ? count : 0} selected`);
  for (let click = 0; click < 3; click++) {
    const text = (await table.locator('.toolbar .muted').first().textContent()) ?? '';
    if (target.test(text)) return;
    await table.locator('.thead input[type=checkbox]').click();
    const before = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await waitText(table, '.toolbar .muted', new RegExp(`^(?!${before}$)`), 10_000);
  }
  await waitText(table, '.toolbar .muted', target, 10_000);
}

/**
 * Ticks only the first row of the table. Clearing a partial selection with the header box passes through "all
 * selected", which an open compare panel follows (reading every series): skip that when only the first row is ticked.
 */
async function tickFirst(table: Frame): Promise<void> {
  const first = table.locator(`${filledRow} input[type=checkbox]`).first();
  const text = (await table.locator('.toolbar .muted').first().textContent()) ?? '';
  if (/· 1 selected/.test(text) && (await first.isChecked())) return;
  await tickAll(table, false);
  await table.locator(`${filledRow} input[type=checkbox]`).first().click();
  await waitText(table, '.toolbar .muted', /· 1 selected/, 10_000);
}

async function curvesDrawn(cmp: Frame, runs: number): Promise<string> {
  return waitText(cmp, '.info', new RegExp(`^${runs} runs · .*drawn`), 120_000);
}

async function payload(cmp: Frame): Promise<string> {
  const bytes = (await cmp.evaluate(`Number(document.body.dataset.curvesBytes ?? 0)`)) as number;
  return `curves payload ≈ ${(bytes / 1e6).toFixed(2)} MB`;
}

/** The maximum of every plotted trace (each run has one spike of 40 + k that downsampling must keep). */
async function plottedMaxima(cmp: Frame): Promise<number[]> {
  return (await cmp.evaluate(`(() => {
    const gd = document.querySelector('.curves');
    return gd.data.map((t) => { let hi = -Infinity; for (const v of t.y) if (Number.isFinite(v) && v > hi) hi = v; return hi; });
  })()`)) as number[];
}

/** Closes the compare panel from its tab's close button and waits until its webview is gone (the host cache with it). */
async function closeCompare(session: PageSession): Promise<void> {
  const tab = session.page.locator('.tabs-container .tab', { hasText: 'MLOps Compare' }).first();
  await tab.hover();
  await tab.locator('.tab-actions .action-label').first().click();
  await tab.waitFor({ state: 'detached', timeout: 10_000 });
  await new Promise((r) => setTimeout(r, 2000));
}

/** With the compare panel open beside the table: tick all runs and time it until the compare panel drew every curve. */
async function follow(session: PageSession, table: Frame, label: string): Promise<void> {
  const cmp = await panelFrame(session.page, 'compare');
  await tickFirst(table);
  await curvesDrawn(cmp, 1);
  await new Promise((r) => setTimeout(r, 500));
  const t0 = Date.now();
  await tickAll(table, true);
  const info = await curvesDrawn(cmp, count);
  const drawn = Date.now() - t0;
  console.log(
    `Compare follows the table, ${label}: tick "select all" → ${count} curves drawn ${drawn} ms; ${info}; ${await payload(cmp)}`,
  );
  console.log(`  timeline (ms after the tick): ${await markTimeline(cmp, t0, /^(compare:curves|host:)/)}`);
}

async function compare(): Promise<void> {
  const points = 100_000;
  const logged = process.argv[4] === 'logged';
  const session = await openSession(async (ws) => {
    const summaries = syntheticSummaries({ runs: count, params: 6, metrics: 2 });
    const dirs = summaries.map((s, k) =>
      writeRunFolder(ws, s, [
        {
          name: 'loss',
          points,
          value: (i) => (i === 500 * (k + 1) ? 40 + k : 1 / Math.sqrt(i + 1) + 0.05 * Math.sin(i / 50 + k)),
        },
      ]),
    );
    if (logged) for (const dir of dirs) await writeSeriesSidecars(ws, dir);
  });
  try {
    await waitForExtension(session.page);
    await new Promise((r) => setTimeout(r, 8000));
    await openPanel(session.page, 'MLOps: Open Runs Table');
    const table = await tableFrame(session);
    await tickFirst(table);
    await table.locator('vscode-button', { hasText: 'Compare selected' }).click();
    await follow(
      session,
      table,
      logged
        ? 'cold (series never read: restored from the sidecars written while logging)'
        : 'cold (series never read: every TSV parsed)',
    );
    const extremes = await plottedMaxima(await panelFrame(session.page, 'compare'));
    const expected = new Set(extremes.map((_, k) => 40 + k));
    console.log(
      `  spike maxima present in the plotted traces: ${extremes.filter((v) => expected.has(v)).length} of ${extremes.length}`,
    );
    await session.page.screenshot({ path: '/tmp/bench-compare.png' });
    await follow(session, table, 'warm (series in the host cache)');

    // Closing the compare panel drops the host cache; the next compare restores the series from their sidecars.
    await closeCompare(session);
    await tickAll(table, true);
    const t0 = Date.now();
    await table.locator('vscode-button', { hasText: 'Compare selected' }).click();
    const cmp = await panelFrame(session.page, 'compare');
    const info = await curvesDrawn(cmp, count);
    console.log(
      `Compare in a new panel, series from sidecars (browser): click "Compare selected" → curves drawn ${Date.now() - t0} ms; ${info}; ${await payload(cmp)}`,
    );
    console.log(`  timeline (ms after the click): ${await markTimeline(cmp, t0)}`);
    await follow(session, table, 'series in the host cache again');
  } finally {
    await session.close();
  }
}

async function live(): Promise<void> {
  let runDir = '';
  let id = '';
  const session = await openSession((ws) => {
    const [s] = syntheticSummaries({ runs: 1, params: 4, metrics: 2 });
    s.status = 'running';
    s.endedAt = null;
    s.startedAt = new Date().toISOString();
    id = s.id;
    runDir = writeRunFolder(ws, s, [{ name: 'loss', points: 10, value: (i) => 1 / (i + 1) }], {
      record: {
        pid: process.pid,
        supervisor: { pid: process.pid, startTime: null },
        heartbeatAt: new Date().toISOString(),
      },
    });
    runDir = runDirOf(ws, s.id);
  });
  try {
    await waitForExtension(session.page);
    await new Promise((r) => setTimeout(r, 8000));
    await openPanel(session.page, 'MLOps: Open Run Details');
    await session.page.keyboard.type(id.slice(-6));
    await session.page.keyboard.press('Enter');
    const frame = await panelFrame(session.page, 'run');
    await frame.locator('.live-plot .main-svg').first().waitFor({ timeout: 60_000 });
    await new Promise((r) => setTimeout(r, 3000));
    const idleStart = browserCpu();
    await new Promise((r) => setTimeout(r, 20_000));
    const idle = cpuSince(idleStart) / 20;
    const file = join(runDir, 'plots', 'metrics', 'loss.tsv');
    let step = 10;
    const writer = setInterval(() => {
      const lines: string[] = [];
      for (let k = 0; k < 5; k++, step++)
        lines.push(`${Date.now()}\t${step}\t${1 / (step + 1) + Math.random() * 0.01}`);
      appendFileSync(file, lines.join('\n') + '\n');
    }, 100);
    const cpuStart = browserCpu();
    const drawStart = Number(await frame.evaluate('Number(document.body.dataset.liveBusyMs ?? 0)'));
    await new Promise((r) => setTimeout(r, count * 1000));
    clearInterval(writer);
    const busy = cpuSince(cpuStart) / count;
    const drawMs = Number(await frame.evaluate('Number(document.body.dataset.liveBusyMs ?? 0)')) - drawStart;
    const lastStep = step - 1;
    const t0 = Date.now();
    writeFileSync(join(runDir, 'marker'), '');
    appendFileSync(file, `${Date.now()}\t${step}\t123\n`);
    // Polled with evaluate (CDP): the panel's CSP rightly refuses the eval that waitForFunction would need.
    while (!(await frame.evaluate(`Array.from(document.querySelector('.live-plot').data[0].y).includes(123)`))) {
      if (Date.now() - t0 > 10_000) throw new Error('the appended point never reached the plot');
      await new Promise((r) => setTimeout(r, 20));
    }
    const latency = Date.now() - t0;
    const plotted = await frame.evaluate(`document.querySelector('.live-plot').data[0].x.length`);
    await session.page.screenshot({ path: '/tmp/bench-live.png' });
    console.log(
      `Live run, 50 points/s for ${count} s (browser): time the panel spent appending points (extendTraces, measured in the page): ${drawMs.toFixed(0)} ms in ${count} s = ${(drawMs / count / 10).toFixed(2)}% of one core`,
    );
    console.log(
      `  all chromium processes used ${(busy * 100).toFixed(1)}% of one core (idle with the panel open: ${(idle * 100).toFixed(1)}%) → panel cost ≈ ${((busy - idle) * 100).toFixed(1)}%`,
    );
    console.log(
      `  ${plotted} points plotted (last step written ${lastStep + 1}); a new point appeared in the plot ${latency} ms after it was written`,
    );
  } finally {
    await session.close();
  }
}

const run: Record<string, () => Promise<void>> = { table, compare, live };
(run[mode] ?? table)()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
