import { strict as assert } from 'node:assert';
import type { MonitorSummary } from '../../../src/core/monitor/monitorSummary';
import type { RunSummary } from '../../../src/core/tracking/types';
import { monitorsBadge, runsBadge } from '../../../src/extension/trees/viewBadges';

const run = (status: string) => ({ status }) as RunSummary;
const monitor = (status: string) => ({ status }) as MonitorSummary;

describe('view badges', () => {
  it('the Runs view counts running runs only, and shows none when nothing runs', () => {
    assert.deepEqual(runsBadge([run('running'), run('queued'), run('completed'), run('running')]), {
      value: 2,
      tooltip: '2 runs running',
    });
    assert.deepEqual(runsBadge([run('running')]), { value: 1, tooltip: '1 run running' });
    assert.equal(runsBadge([run('queued'), run('failed')]), undefined);
  });

  it('the Monitors view counts monitors whose last check found drift', () => {
    assert.deepEqual(
      monitorsBadge([monitor('drift'), monitor('ok'), monitor('unknown'), monitor('drift'), monitor('error')]),
      { value: 2, tooltip: '2 monitors found drift' },
    );
    assert.equal(monitorsBadge([monitor('ok')]), undefined);
  });
});
