import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { RegistryStore } from '../../core/registry/registryStore';
import { emptyRegistry, type ModelVersion, type RegisteredModel, type RegistryData } from '../../core/registry/types';

/** The last read of registry.json, re-read when the file changes; a damaged file keeps the last good data. */
export class RegistryModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private current: RegistryData = emptyRegistry();
  private problem: string | null = null;

  constructor(readonly store: RegistryStore) {}

  get data(): RegistryData {
    return this.current;
  }

  /** Why the last read failed, if it did. */
  get error(): string | null {
    return this.problem;
  }

  models(): RegisteredModel[] {
    return Object.values(this.current.models).sort((a, b) => a.name.localeCompare(b.name));
  }

  version(model: string, version: number): ModelVersion | undefined {
    return this.current.models[model]?.versions.find((v) => v.version === version);
  }

  production(model: string): ModelVersion | undefined {
    return this.current.models[model]?.versions.find((v) => v.stage === 'production');
  }

  async reload(): Promise<void> {
    try {
      this.current = await this.store.read();
      this.problem = null;
    } catch (err) {
      this.problem = errorMessage(err);
    }
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
