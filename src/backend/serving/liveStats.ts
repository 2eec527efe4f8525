/** The figures the Monitors view shows for a running deployment, read from its GET /metrics. */
export interface LiveStats {
  requests: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export async function liveStats(url: string, timeoutMs = 1500): Promise<LiveStats | null> {
  try {
    const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return null;
    const m = (await res.json()) as {
      requests: number;
      errors: number;
      latencyMs: { p50: number | null; p95: number | null; p99: number | null };
    };
    return { requests: m.requests, errors: m.errors, p50: m.latencyMs.p50, p95: m.latencyMs.p95, p99: m.latencyMs.p99 };
  } catch {
    return null;
  }
}
