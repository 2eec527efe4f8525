import type { RenderedReport } from '../../protocol/webview/common';

export interface PanelRecord {
  viewType: string;
  /** Which instance: the run id for run detail, "workspace" for the table. */
  key: string;
  /** Latest report per `what`. */
  reports: Record<string, RenderedReport>;
  messagesSent: number;
  bytesSent: number;
  /** Message types the host posted, in order (the last 200). */
  sentTypes: string[];
}

/**
 * What open panels reported rendering and what the host sent them. The hidden command `mlops.panels.inspect`
 * returns these, so integration tests and benchmarks check panels through their message contract.
 */
export class PanelReports {
  private readonly records = new Map<string, PanelRecord>();

  open(viewType: string, key: string): PanelRecord {
    const record: PanelRecord = { viewType, key, reports: {}, messagesSent: 0, bytesSent: 0, sentTypes: [] };
    this.records.set(`${viewType}:${key}`, record);
    return record;
  }

  close(record: PanelRecord): void {
    const id = `${record.viewType}:${record.key}`;
    if (this.records.get(id) === record) this.records.delete(id);
  }

  list(): PanelRecord[] {
    return [...this.records.values()];
  }
}
