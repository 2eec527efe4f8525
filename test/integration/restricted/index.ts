/** Entry of the restricted-mode suite (Workspace Trust on, folder untrusted), bundled to out/integration/restricted/index.js. */
import { runMochaSuite } from '../mochaRunner';

export function run(): Promise<void> {
  return runMochaSuite(() => {
    require('./restrictedMode.test');
    require('./processGate.test');
    require('./deploymentStats.test');
  });
}
