/** Entry of the trusted-workspace integration suite, bundled to out/integration/suite/index.js. */
import { runMochaSuite } from '../mochaRunner';

export function run(): Promise<void> {
  return runMochaSuite(() => {
    require('./activation.test');
    require('./trees.test');
    require('./running.test');
    require('./diagnostics.test');
    require('./panels.test');
    require('./scripts.test');
    require('./queue.test');
    require('./lineage.test');
    require('./dataPanels.test');
    require('./registry.test');
    require('./monitors.test');
    require('./native.test');
    require('./sweeps.test');
    require('./evaluation.test');
    require('./slurm.test');
    require('./import.test');
  });
}
