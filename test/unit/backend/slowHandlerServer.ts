/**
 * A backend stand-in for the cancellation tests, forked with IPC: the real `serveBackend` with a `monitor.run`
 * that never finishes on its own. It says (as a log event) when the handler starts, and when the handler's signal
 * aborts it writes `<MLOPS_TEST_OUT>/<name>.aborted` holding the reason (a file, because after a disconnect no
 * event can reach the test any more).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveBackend, type BackendHandlers } from '../../../src/backend/ipc/server';
import { errorMessage } from '../../../src/core/errors';

const out = process.env.MLOPS_TEST_OUT as string;
const server = serveBackend(process, {
  ping: async () => ({ pid: process.pid, version: 'test' }),
  // `request` is optional only so that, against a server that gives handlers no signal, the tests fail on their
  // assertions rather than on this stand-in.
  'monitor.run': ({ name }, request?: { signal: AbortSignal }) =>
    new Promise((_resolve, reject) => {
      const signal = request?.signal;
      signal?.addEventListener('abort', () => {
        // Renamed into place, so the test never reads it half-written.
        writeFileSync(join(out, `${name}.tmp`), errorMessage(signal.reason));
        renameSync(join(out, `${name}.tmp`), join(out, `${name}.aborted`));
        reject(signal.reason);
      });
      server.sendEvent({ type: 'log', level: 'info', message: `started ${name}` });
    }),
} as Partial<BackendHandlers> as BackendHandlers);
process.send?.({ kind: 'ready', pid: process.pid, workspace: out });
