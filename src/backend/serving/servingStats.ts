/** Request and error counts and latency percentiles over the most recent requests, for GET /metrics. */
const WINDOW = 4096;

export interface StatsSnapshot {
  requests: number;
  predictions: number;
  errors: number;
  /** Count of answers by status code. */
  byStatus: Record<string, number>;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; window: number };
  startedAt: string;
  uptimeS: number;
}

export class ServingStats {
  private readonly latencies = new Float64Array(WINDOW);
  private filled = 0;
  private next = 0;
  private requests = 0;
  private predictions = 0;
  private errors = 0;
  private readonly byStatus = new Map<number, number>();
  private readonly started = Date.now();

  /** Records an answered /predict or /feedback request; latency counts for successful predictions only. */
  record(status: number, latencyMs: number | null, rows = 0): void {
    this.requests++;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (status >= 400) this.errors++;
    if (latencyMs !== null) {
      this.latencies[this.next] = latencyMs;
      this.next = (this.next + 1) % WINDOW;
      this.filled = Math.min(this.filled + 1, WINDOW);
      this.predictions += rows;
    }
  }

  snapshot(): StatsSnapshot {
    const sorted = this.latencies.slice(0, this.filled).sort();
    const q = (p: number) =>
      sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]) : null;
    return {
      requests: this.requests,
      predictions: this.predictions,
      errors: this.errors,
      byStatus: Object.fromEntries([...this.byStatus].map(([k, v]) => [String(k), v])),
      latencyMs: { p50: q(0.5), p95: q(0.95), p99: q(0.99), window: sorted.length },
      startedAt: new Date(this.started).toISOString(),
      uptimeS: Math.round((Date.now() - this.started) / 1000),
    };
  }
}

const round = (v: number) => Math.round(v * 1000) / 1000;
