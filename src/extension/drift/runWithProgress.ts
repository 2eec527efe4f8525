import * as vscode from 'vscode';
import { CancelledError } from '../../core/errors';
import type { JobProgress } from './dataJobs';

/**
 * Runs cancellable work with VS Code progress: a notification with a Cancel button, or the status bar spinner
 * for quick re-runs. The work sees one AbortSignal, aborted by the button, by `outer` (the panel's own Cancel,
 * a newer request) or never. Resolves to undefined when cancelled.
 */
export async function runWithProgress<T>(
  options: { title: string; notification: boolean; outer: AbortSignal },
  work: (signal: AbortSignal, report: (p: JobProgress) => void) => Promise<T>,
): Promise<T | undefined> {
  const location = options.notification ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
  return vscode.window.withProgress(
    { location, title: options.title, cancellable: options.notification },
    async (progress, token) => {
      const controller = new AbortController();
      const abort = () => controller.abort();
      options.outer.addEventListener('abort', abort, { once: true });
      const subscription = token.onCancellationRequested(abort);
      let reported = 0;
      try {
        return await work(controller.signal, (p) => {
          const increment = p.fraction === null ? undefined : Math.max(0, p.fraction * 100 - reported);
          if (increment !== undefined) reported += increment;
          progress.report({ message: p.message, increment });
        });
      } catch (err) {
        if (err instanceof CancelledError || controller.signal.aborted) return undefined;
        throw err;
      } finally {
        subscription.dispose();
        options.outer.removeEventListener('abort', abort);
      }
    },
  );
}
