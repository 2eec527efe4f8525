import type { CliCommand } from '../command';

/**
 * Every CLI command, one module each. Add a command by writing src/cli/commands/<name>.ts and one line here.
 */
export const commands: CliCommand[] = [];
