/** The panel's tables: metrics side by side, slices sorted by gap, fairness gaps, logged tables; importance bars. */
import type {
  EvaluationItem,
  EvaluationReport,
  FairnessReport,
  ImportanceReport,
} from '../../src/protocol/webview/evaluation';
import { h } from '../shared/dom';
import { formatNumber } from '../shared/format';

const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatNumber(v));

function grid(head: string[], rows: Node[][]): HTMLElement {
  return h('table', { class: 'grid' }, [
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
      rows.map((cells) => h('tr', {}, cells)),
    ),
  ]);
}

export function metricsTable(items: EvaluationItem[]): HTMLElement {
  const names = [...new Set(items.flatMap((i) => Object.keys(i.report!.metrics)))];
  const rows = names.map((name) => [
    h('th', { text: name }),
    ...items.map((i) => {
      const v = i.report!.metrics[name];
      const why = i.report!.undefined[name];
      return v === null || v === undefined
        ? h('td', { class: 'num nonfinite', text: 'undefined', title: why ?? '' })
        : h('td', { class: 'num', text: formatNumber(v) });
    }),
  ]);
  const foot = items.map(
    (i) =>
      `${i.label}: ${i.report!.task}, ${i.report!.n.toLocaleString()} rows${(i.report!.source.data ?? i.report!.source.predictions) ? ` of ${i.report!.source.data ?? i.report!.source.predictions}` : ''}`,
  );
  const undefinedNotes = items.flatMap((i) =>
    Object.entries(i.report!.undefined).map(([k, why]) => `${items.length > 1 ? `${i.label}: ` : ''}${k} — ${why}`),
  );
  return h('div', {}, [
    grid(['metric', ...items.map((i) => i.label)], rows),
    ...foot.map((t) => h('div', { class: 'muted', text: t })),
    ...undefinedNotes.map((t) => h('div', { class: 'note', text: t })),
  ]);
}

/** Precision, recall, F1 and support per class; ROC AUC and AP one against the rest when the report has probabilities. */
export function perClassTable(item: EvaluationItem, titled: boolean): HTMLElement {
  const r = item.report!;
  const curves = new Map((r.classCurves ?? []).map((c) => [c.label, c]));
  const ranked = curves.size > 0;
  const rows = r.perClass!.map((c) => [
    h('th', { text: c.label }),
    ...[c.precision, c.recall, c.f1].map((v) => h('td', { class: 'num', text: num(v) })),
    h('td', { class: 'num', text: c.support.toLocaleString() }),
    ...(ranked
      ? [curves.get(c.label)?.rocAuc, curves.get(c.label)?.averagePrecision].map((v) =>
          h('td', { class: 'num', text: num(v) }),
        )
      : []),
  ]);
  return h('div', { class: 'per-class' }, [
    ...(titled ? [h('h3', { text: item.label })] : []),
    grid(['class', 'precision', 'recall', 'F1', 'support', ...(ranked ? ['ROC AUC (vs rest)', 'AP'] : [])], rows),
  ]);
}

export function sliceTable(r: EvaluationReport, metric: string): HTMLElement {
  const overall = r.groups!.overall[metric];
  const rows = r
    .groups!.byGroup.map((g) => ({
      g,
      v: g.metrics[metric],
      gap: g.metrics[metric] !== null && overall !== null ? (g.metrics[metric] as number) - overall : null,
    }))
    .sort((a, b) => Math.abs(b.gap ?? -1) - Math.abs(a.gap ?? -1));
  return grid(
    ['group', 'rows', metric, 'gap to overall'],
    [
      [
        h('th', { text: 'overall' }),
        h('td', { class: 'num', text: r.n.toLocaleString() }),
        h('td', { class: 'num', text: num(overall) }),
        h('td', { class: 'num', text: '' }),
      ],
      ...rows.map(({ g, v, gap }) => [
        h('th', { text: g.group }),
        h('td', { class: 'num', text: g.n.toLocaleString() }),
        h('td', { class: 'num', text: num(v) }),
        h('td', {
          class: `num${gap !== null && gap < 0 ? ' worse' : ''}`,
          text: gap === null ? 'undefined' : `${gap >= 0 ? '+' : ''}${formatNumber(gap)}`,
        }),
      ]),
    ],
  );
}

export function fairnessTable(f: FairnessReport): HTMLElement {
  const gaps = [
    ['demographic parity difference', f.demographic_parity_difference],
    ['equalized odds difference', f.equalized_odds_difference],
    ['true positive rate gap', f.true_positive_rate_difference],
    ['false positive rate gap', f.false_positive_rate_difference],
  ] as const;
  return h('div', { class: 'pair' }, [
    h('div', {}, [
      grid(
        ['gap', 'value'],
        gaps.map(([k, v]) => [h('th', { text: k }), h('td', { class: 'num big', text: formatNumber(v) })]),
      ),
    ]),
    h('div', {}, [
      grid(
        ['group', 'selection rate', 'TPR', 'FPR'],
        f.byGroup.map((g) => [
          h('th', { text: g.group }),
          h('td', { class: 'num', text: formatNumber(g.selection_rate) }),
          h('td', { class: 'num', text: formatNumber(g.true_positive_rate) }),
          h('td', { class: 'num', text: formatNumber(g.false_positive_rate) }),
        ]),
      ),
      ...f.notes.map((n) => h('div', { class: 'note', text: n })),
    ]),
  ]);
}

export function importanceTraces(imp: ImportanceReport, colour: string): Record<string, unknown>[] {
  const features = [...imp.features].reverse();
  return [
    {
      type: 'bar',
      orientation: 'h',
      y: features.map((f) => f.feature),
      x: features.map((f) => f.mean),
      error_x: { type: 'data', array: features.map((f) => f.std), visible: true },
      marker: { color: colour },
      hovertemplate: '%{y}: %{x:.4g}<extra></extra>',
    },
  ];
}

const MAX_TABLE_ROWS = 500;

export function loggedTables(items: EvaluationItem[]): HTMLElement[] {
  return items.flatMap((item) =>
    item.plots.flatMap((p) => {
      if (p.kind !== 'table') return [];
      const shown = p.rows.slice(0, MAX_TABLE_ROWS);
      return [
        h('div', { class: 'logged-table' }, [
          h('h3', { text: `${item.label} · ${p.name}` }),
          grid(
            p.columns,
            shown.map((row) =>
              p.columns.map((c) =>
                h('td', {
                  class: typeof row[c] === 'number' ? 'num' : '',
                  text:
                    row[c] === undefined || row[c] === null
                      ? ''
                      : typeof row[c] === 'number'
                        ? formatNumber(row[c] as number)
                        : String(row[c]),
                }),
              ),
            ),
          ),
          ...(p.rows.length > MAX_TABLE_ROWS
            ? [h('div', { class: 'muted', text: `first ${MAX_TABLE_ROWS} of ${p.rows.length} rows` })]
            : []),
        ]),
      ];
    }),
  );
}
