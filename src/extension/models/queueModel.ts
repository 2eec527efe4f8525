import * as vscode from 'vscode';
import type { GpuInventory, QueueSnapshot } from '../../protocol/backend';
import type { BackendHost } from '../backendHost';

/** The backend's queue and GPU inventory as last reported by its events. */
export class QueueModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private snapshot: QueueSnapshot | undefined;
  private inventory: GpuInventory | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(backend: BackendHost) {
    this.subscription = backend.onEvent((event) => {
      if (event.type === 'queueChanged') this.snapshot = event.queue;
      else if (event.type === 'gpuInventory') this.inventory = event.inventory;
      else return;
      this.changed.fire();
    });
  }

  set(snapshot: QueueSnapshot): void {
    this.snapshot = snapshot;
    this.changed.fire();
  }

  get queue(): QueueSnapshot | undefined {
    return this.snapshot;
  }

  get gpus(): GpuInventory | undefined {
    return this.inventory;
  }

  /** 0-based place in the queue, or undefined when the run is not waiting. */
  position(runId: string): number | undefined {
    const index = this.snapshot?.items.findIndex((i) => i.runId === runId) ?? -1;
    return index >= 0 ? index : undefined;
  }

  /** "GPU 0 35% · GPU 1 0%", or the backend's "no GPU found" message. */
  gpuSummary(): string {
    if (!this.inventory) return '';
    if (this.inventory.gpus.length === 0) return '';
    return this.inventory.gpus.map((g) => `GPU ${g.index} ${g.utilizationPct ?? '?'}%`).join(' · ');
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
