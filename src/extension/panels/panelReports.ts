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
  private readonly receivers = new Map<string, (message: { type: string }) => void>();

  open(viewType: string, key: string, receive: (message: { type: string }) => void): PanelRecord {
    const record: PanelRecord = { viewType, key, reports: {}, messagesSent: 0, bytesSent: 0, sentTypes: [] };
    this.records.set(`${viewType}:${key}`, record);
    this.receivers.set(`${viewType}:${key}`, receive);
    return record;
  }

  close(record: PanelRecord): void {
    const id = `${record.viewType}:${record.key}`;
    if (this.records.get(id) !== record) return;
    this.records.delete(id);
    this.receivers.delete(id);
  }

  /** Hands a message to a panel's host side as if its webview had sent it (hidden command, for tests). */
  simulate(viewType: string, key: string, message: { type: string }): boolean {
    const receive = this.receivers.get(`${viewType}:${key}`);
    receive?.(message);
    return receive !== undefined;
  }

  list(): PanelRecord[] {
    return [...this.records.values()];
  }
}
