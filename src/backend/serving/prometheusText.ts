import type { DeploymentIdentity } from './predictionServer';
import type { StatsSnapshot } from './servingStats';

/** Whether a GET /metrics asks for Prometheus' text format (Accept: text/plain, as Prometheus' scraper sends). */
export function wantsPrometheus(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const type = part.split(';')[0].trim().toLowerCase();
    return type === 'text/plain' || type === 'application/openmetrics-text';
  });
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** The serving figures in the Prometheus text exposition format (version 0.0.4). */
export function prometheusText(identity: DeploymentIdentity, kind: string, stats: StatsSnapshot): string {
  const labels = `deployment="${escapeLabel(identity.deployment)}",model="${escapeLabel(identity.model)}",version="${identity.version ?? ''}"`;
  const lines: string[] = [];
  const metric = (
    name: string,
    type: 'counter' | 'gauge' | 'summary',
    help: string,
    samples: Array<[string, number | null]>,
  ) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [extra, value] of samples) {
      if (value === null) continue;
      lines.push(`${name}{${labels}${extra ? ',' + extra : ''}} ${value}`);
    }
  };
  metric('mlops_serving_info', 'gauge', 'The served model (value 1).', [[`kind="${escapeLabel(kind)}"`, 1]]);
  metric('mlops_serving_requests_total', 'counter', 'Answered /predict and /feedback requests.', [
    ['', stats.requests],
  ]);
  metric('mlops_serving_predictions_total', 'counter', 'Rows predicted.', [['', stats.predictions]]);
  metric('mlops_serving_errors_total', 'counter', 'Requests answered with a status of 400 or more.', [
    ['', stats.errors],
  ]);
  metric(
    'mlops_serving_responses_total',
    'counter',
    'Answers by HTTP status code.',
    Object.entries(stats.byStatus).map(([code, n]) => [`code="${code}"`, n]),
  );
  metric(
    'mlops_serving_latency_milliseconds',
    'summary',
    `Prediction latency over the last ${stats.latencyMs.window} successful requests.`,
    [
      ['quantile="0.5"', stats.latencyMs.p50],
      ['quantile="0.95"', stats.latencyMs.p95],
      ['quantile="0.99"', stats.latencyMs.p99],
    ],
  );
  metric('mlops_serving_uptime_seconds', 'gauge', 'Seconds since the server started.', [['', stats.uptimeS]]);
  return lines.join('\n') + '\n';
}
