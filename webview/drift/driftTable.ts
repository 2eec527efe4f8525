/** The per-column table: type, test (overridable), score, threshold (overridable), result, missing shares. */
import type { DriftColumnView, DriftSettings, DriftTestInfo } from '../../src/protocol/webview/drift';
import { dropdown, textField } from '../shared/components';
import { debounce, h } from '../shared/dom';
import { resultText, ruleText, scoreText, shareText } from './format';
import { parseThreshold, withColumnOverride } from './settingsEdit';

export interface TableHandlers {
  settings(): DriftSettings;
  change(settings: DriftSettings): void;
  focus(column: string): void;
}

export function driftTable(columns: DriftColumnView[], tests: DriftTestInfo[], handlers: TableHandlers): HTMLElement {
  const head = ['column', 'type', 'test', 'score', 'threshold', 'result', 'missing ref / cur', 'rows ref / cur'];
  return h('table', { class: 'grid drift-table' }, [
    h('thead', {}, [
      h(
        'tr',
        {},
        head.map((t) => h('th', { text: t })),
      ),
    ]),
    h(
      'tbody',
      {},
      columns.map((c) => row(c, tests, handlers)),
    ),
  ]);
}

function row(c: DriftColumnView, tests: DriftTestInfo[], handlers: TableHandlers): HTMLElement {
  const status = c.status !== 'ok' ? c.status : c.drifted ? 'drifted' : 'ok';
  const name = h('a', { text: c.column, title: `${c.column} (${c.role})` });
  name.addEventListener('click', () => handlers.focus(c.column));
  return h('tr', { class: `row-${status}${c.overridden ? ' overridden' : ''}`, attrs: { 'data-column': c.column } }, [
    h('th', {}, [name, ...(c.role !== 'feature' ? [h('span', { class: 'muted', text: ` ${c.role}` })] : [])]),
    h('td', { class: 'muted', text: c.type }),
    h('td', {}, [testPicker(c, tests, handlers)]),
    h('td', {
      class: 'num',
      text: scoreText(c.score, c.scoreKind),
      title: c.statistic !== null ? `statistic ${c.statistic}` : '',
    }),
    h('td', {}, [thresholdField(c, handlers)]),
    h('td', {}, [h('span', { class: `result result-${status}`, text: resultText(c) })]),
    h('td', { class: 'num', text: `${shareText(c.missingShareRef)} / ${shareText(c.missingShareCur)}` }),
    h('td', { class: 'num muted', text: `${c.nReference.toLocaleString()} / ${c.nCurrent.toLocaleString()}` }),
  ]);
}

function testPicker(c: DriftColumnView, tests: DriftTestInfo[], handlers: TableHandlers): HTMLElement {
  if (c.type !== 'numerical' && c.type !== 'categorical') return h('span', { class: 'muted', text: c.test ?? '—' });
  const type = c.type;
  const overridden = handlers.settings().columnTests[c.column];
  const pick = dropdown(`Test for ${c.column}`, (value) => {
    const s = handlers.settings();
    handlers.change(withColumnOverride(s, c.column, value, s.columnThresholds[c.column] ?? null));
  });
  pick.classList.add('cell-dropdown');
  const auto = { value: 'auto', label: overridden ? 'auto' : `auto (${c.test ?? '—'})` };
  pick.setOptions(
    [auto, ...tests.filter((t) => t.accepts.includes(type)).map((t) => ({ value: t.id, label: t.id }))],
    overridden ?? 'auto',
  );
  return pick;
}

function thresholdField(c: DriftColumnView, handlers: TableHandlers): HTMLElement {
  const own = handlers.settings().columnThresholds[c.column];
  const wrap = h('span', { class: 'threshold' });
  const field = textField({
    placeholder: ruleText(c),
    value: own === undefined ? '' : String(own),
    size: 8,
    onInput: debounce((text: string) => {
      const v = parseThreshold(text);
      field.classList.toggle('invalid', v === undefined);
      if (v === undefined) return;
      const s = handlers.settings();
      if ((s.columnThresholds[c.column] ?? null) === v) return;
      handlers.change(withColumnOverride(s, c.column, s.columnTests[c.column] ?? 'auto', v));
    }, 700),
  });
  field.title = `Threshold for ${c.column}; empty = ${c.threshold ?? 'the test default'}`;
  wrap.append(field);
  return wrap;
}
