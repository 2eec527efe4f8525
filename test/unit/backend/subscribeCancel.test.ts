import assert from 'node:assert/strict';
import { BackendService } from '../../../src/backend/service/backendService';
import { CancelledError } from '../../../src/core/errors';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { FAST, removeWorkspace, workspace } from './helpers';

describe('subscribe, cancelled by its caller', () => {
  let dir: string;
  afterEach(() => removeWorkspace(dir));

  it('lets the subscription go when nobody waits for the answer any more (nobody would unsubscribe)', async () => {
    dir = workspace({ 'mlops.yaml': 'experiments: {}\n' });
    const run = await new FileRunStore(dir).createRun({
      experiment: 'x',
      command: 'x',
      argv: ['x'],
      shell: false,
      cwd: dir,
      status: 'running',
    });
    const service = await BackendService.start({
      workspace: dir,
      timing: FAST,
      captureLineage: false,
      emit: () => undefined,
    });
    const open = () => (service as unknown as { subscriptions: Map<string, unknown> }).subscriptions.size;
    try {
      const controller = new AbortController();
      const answer = service.handlers.subscribe({ runId: run.id }, { signal: controller.signal });
      controller.abort();
      await assert.rejects(answer, CancelledError);
      assert.equal(open(), 0, 'the cancelled subscription is still open');

      await service.handlers.subscribe({ runId: run.id }, { signal: new AbortController().signal });
      assert.equal(open(), 1);
    } finally {
      await service.close();
    }
  });
});
