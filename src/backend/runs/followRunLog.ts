import { runPaths } from '../../core/store/layout';
import type { RunId } from '../../core/tracking/types';
import { ChangeTrigger } from '../watch/changeTrigger';
import { LogFollower } from '../watch/logFollower';
import type { RunnerContext } from './runnerContext';

/** Emits `runOutput` with what the run's log.txt gains from `offset` on; close the trigger to stop following. */
export function followRunLog(ctx: RunnerContext, runId: RunId, runDir: string, offset = 0): ChangeTrigger {
  const path = runPaths(runDir).log;
  const log = new LogFollower(path, { offset });
  return new ChangeTrigger({
    paths: [path],
    pollMs: ctx.timing.followPollMs,
    onChange: async () => {
      const text = await log.read();
      if (text) ctx.emit({ type: 'runOutput', runId, text });
    },
  });
}
