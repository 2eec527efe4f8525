import type { CliCommand } from '../command';
import { driftCommand } from './drift';
import { lineageCommand } from './lineage';
import { metricsCommand } from './metrics';
import { profileCommand } from './profile';
import { rebuildIndexCommand } from './rebuildIndex';
import { runsCommand } from './runs';
import { showCommand } from './show';
import { validateCommand } from './validate';

/**
 * Every CLI command, one module each. Add a command by writing src/cli/commands/<name>.ts and one line here.
 */
export const commands: CliCommand[] = [
  runsCommand,
  showCommand,
  metricsCommand,
  rebuildIndexCommand,
  lineageCommand,
  driftCommand,
  profileCommand,
  validateCommand,
];
