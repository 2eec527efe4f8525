/** Entry of a series parser thread (dist/seriesWorker.js): parses one whole metric TSV per request. */
import { parentPort } from 'node:worker_threads';
import { SeriesColumnsTail } from '../../core/tracking/seriesColumns';
import type { ParseReply, ParseRequest } from './seriesParsePool';

const port = parentPort;
if (!port) throw new Error('seriesWorkerMain runs as a worker thread');

port.on('message', (request: ParseRequest) => {
  const tail = new SeriesColumnsTail(request.path, request.metric);
  tail
    .poll()
    .then(() => {
      const state = tail.state();
      if (!state) return port.postMessage({ id: request.id, state: null } satisfies ParseReply);
      const { step, time, value, length } = state.columns;
      const cut = (a: Float64Array): ArrayBuffer => a.slice(0, length).buffer as ArrayBuffer;
      const columns = { step: cut(step), time: cut(time), value: cut(value) };
      const reply: ParseReply = {
        id: request.id,
        state: {
          offset: state.offset,
          ino: state.ino,
          header: state.header,
          skipped: state.skipped,
          length,
          ...columns,
        },
      };
      port.postMessage(reply, [columns.step, columns.time, columns.value]);
    })
    .catch((err: unknown) =>
      port.postMessage({ id: request.id, error: (err as Error)?.message ?? String(err) } satisfies ParseReply),
    );
});
