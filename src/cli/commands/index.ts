import type { CliCommand } from '../command';
import { queueCommand } from './queue';
import { runCommand } from './run';
import { stopCommand } from './stop';
import { driftCommand } from './drift';
import { lineageCommand } from './lineage';
import { metricsCommand } from './metrics';
import { profileCommand } from './profile';
import { rebuildIndexCommand } from './rebuildIndex';
import { cacheCommand } from './cache';
import { runsCommand } from './runs';
import { showCommand } from './show';
import { validateCommand } from './validate';
import { registerCommand } from './register';
import { promoteCommand } from './promote';
import { gateCommand } from './gate';
import { auditCommand } from './audit';
import { modelsCommand } from './models';
import { serveCommand } from './serve';
import { monitorCommand } from './monitor';
import { sweepCommand } from './sweep';
import { evaluateCommand } from './evaluate';
import { importCommand } from './import';

/**
 * Every CLI command, one module each. Add a command by writing src/cli/commands/<name>.ts and one line here.
 */
export const commands: CliCommand[] = [
  runCommand,
  stopCommand,
  queueCommand,
  runsCommand,
  showCommand,
  metricsCommand,
  rebuildIndexCommand,
  cacheCommand,
  lineageCommand,
  driftCommand,
  profileCommand,
  validateCommand,
  registerCommand,
  promoteCommand,
  gateCommand,
  auditCommand,
  modelsCommand,
  serveCommand,
  monitorCommand,
  sweepCommand,
  evaluateCommand,
  importCommand,
];
