import type {
  SweepHeader,
  SweepImportance,
  SweepToHost,
  SweepToWebview,
  SweepTrialRow,
} from '../../src/protocol/webview/sweep';
import { afterPaint, createBridge } from '../shared/bridge';
import { button } from '../shared/components';
import { h } from '../shared/dom';
import { formatNumber } from '../shared/format';
import { plotlyLoaded } from '../shared/plot';
import { onThemeChange } from '../shared/theme';
import { drawBestSoFar, drawImportance, drawParcoords, drawScatter } from './charts';
import '../shared/base.css';
import './sweep.css';

const bridge = createBridge<SweepToHost, SweepToWebview, { sweepId: string }>();
let header: SweepHeader | null = null;
let importance: SweepImportance | null = null;
const trials = new Map<number, SweepTrialRow>();

const title = h('h2', { class: 'title' });
const facts = h('div', { class: 'muted facts' });
const bestLine = h('div', { class: 'best' });
const stop = button('Stop sweep', () => bridge.post({ type: 'stop' }), {
  title: 'Stop the running trials and end the sweep',
});
const notice = h('div', { class: 'banner', attrs: { hidden: '' } });
const parcoords = h('div', { class: 'plot parcoords' });
const bestSoFar = h('div', { class: 'plot best-so-far' });
const importancePlot = h('div', { class: 'plot importance' });
const importanceNote = h('div', { class: 'muted note' });
const scatters = h('div', { class: 'scatters' });
const table = h('table', { class: 'trials' });

document
  .getElementById('app')!
  .append(
    h('div', { class: 'toolbar' }, [title, h('span', { class: 'grow' }), stop]),
    facts,
    bestLine,
    notice,
    h('div', { class: 'row' }, [parcoords, bestSoFar]),
    h('div', { class: 'row' }, [h('div', { class: 'importance-box' }, [importancePlot, importanceNote]), scatters]),
    h('h2', { text: 'Trials' }),
    h('div', { class: 'table-wrap' }, [table]),
  );

function value(v: number | null): string {
  return v === null ? '—' : formatNumber(v);
}

function renderHeader(canStop: boolean): void {
  if (!header) return;
  title.textContent = `Sweep of ${header.experiment}`;
  title.append(
    ' ',
    h('span', {
      class: `status status-${header.status === 'stopped' ? 'killed' : header.status}`,
      text: header.status,
    }),
  );
  const ended = [...trials.values()].filter((t) => !['queued', 'running'].includes(t.status)).length;
  facts.textContent = `${header.method} · ${ended}/${header.trials} trials ended · ${header.concurrency} at a time · seed ${header.seed} · ${header.metric.goal} ${header.metric.name} (${header.metric.summary} point) · early stop: ${header.earlyStop} · ${header.id}`;
  bestLine.replaceChildren();
  if (header.best) {
    bestLine.append(
      `Best ${header.metric.name}: `,
      h('strong', { text: value(header.best.value) }),
      ` (trial ${header.best.number}`,
    );
    if (header.best.runId) {
      const runId = header.best.runId;
      const link = h('a', { class: 'link', text: `run ${runId.slice(-6)}` });
      link.addEventListener('click', () => bridge.post({ type: 'openRun', runId }));
      bestLine.append(', ', link);
    }
    bestLine.append(')');
  } else bestLine.textContent = 'No completed trial yet.';
  notice.hidden = !header.error;
  notice.className = header.status === 'failed' ? 'banner error' : 'banner';
  notice.textContent = header.error ?? '';
  stop.hidden = !canStop;
}

function renderTable(): void {
  if (!header) return;
  const dims = header.dimensions.map((d) => d.name);
  const best = header.best?.number;
  const head = h('tr', {}, [
    h('th', { text: '#' }),
    h('th', { text: 'status' }),
    h('th', { text: header.metric.name }),
    ...dims.map((d) => h('th', { text: d })),
    h('th', { text: 'steps' }),
    h('th', { text: 'run' }),
    h('th', { text: 'note' }),
  ]);
  const rows = [...trials.values()]
    .sort((a, b) => a.number - b.number)
    .map((t) => {
      const run = h('td');
      if (t.runId) {
        const runId = t.runId;
        const link = h('a', { class: 'link', text: runId.slice(-6), title: runId });
        link.addEventListener('click', () => bridge.post({ type: 'openRun', runId }));
        run.append(link);
      }
      return h('tr', { class: t.number === best ? 'best-row' : '' }, [
        h('td', { class: 'num', text: String(t.number) }),
        h('td', {}, [h('span', { class: `status status-${t.status}`, text: t.status })]),
        h('td', { class: 'num', text: value(t.value) }),
        ...dims.map((d) =>
          h('td', {
            class: typeof t.params[d] === 'number' ? 'num' : '',
            text:
              d in t.params
                ? typeof t.params[d] === 'number'
                  ? formatNumber(t.params[d] as number)
                  : String(t.params[d])
                : '—',
          }),
        ),
        h('td', { class: 'num', text: t.steps === null ? '' : String(t.steps) }),
        run,
        h('td', {
          class: 'muted note-cell',
          text: t.status === 'completed' ? '' : (t.error ?? ''),
          title: t.error ?? '',
        }),
      ]);
    });
  table.replaceChildren(h('thead', {}, [head]), h('tbody', {}, rows));
}

let drawing: Promise<void> | null = null;
let again = false;
async function drawCharts(): Promise<void> {
  if (drawing) {
    again = true;
    return drawing;
  }
  drawing = (async () => {
    do {
      again = false;
      if (!header || !importance) return;
      await plotlyLoaded();
      const all = [...trials.values()].sort((a, b) => a.number - b.number);
      const dims = await drawParcoords(parcoords, header, all);
      await drawBestSoFar(bestSoFar, header, all);
      await drawImportance(importancePlot, importance);
      importanceNote.textContent = `Importance: ${importance.method}, over ${all.filter((t) => t.status === 'completed' && t.value !== null).length} completed trials.`;
      if (scatters.childElementCount !== header.dimensions.length) {
        scatters.replaceChildren(...header.dimensions.map(() => h('div', { class: 'plot scatter' })));
      }
      await Promise.all(
        header.dimensions.map((d, i) => drawScatter(scatters.children[i] as HTMLElement, d, header!, all)),
      );
      afterPaint(() =>
        bridge.report('charts', {
          trials: all.length,
          parcoordsDimensions: dims,
          scatters: header!.dimensions.length,
          status: header!.status,
        }),
      );
    } while (again);
  })().finally(() => (drawing = null));
  return drawing;
}

bridge.onMessage((message) => {
  switch (message.type) {
    case 'snapshot':
    case 'trialsChanged':
      if (message.type === 'snapshot') trials.clear();
      header = message.header;
      importance = message.importance;
      bridge.saveState({ sweepId: header.id });
      for (const t of message.trials) trials.set(t.number, t);
      renderHeader(message.canStop);
      renderTable();
      afterPaint(() => bridge.report('table', { trials: trials.size, status: header!.status }));
      void drawCharts();
      return;
    case 'notice':
      notice.hidden = false;
      notice.className = message.level === 'error' ? 'banner error' : 'banner';
      notice.textContent = message.message;
      return;
  }
});

onThemeChange(() => void drawCharts());
bridge.post({ type: 'ready' });
