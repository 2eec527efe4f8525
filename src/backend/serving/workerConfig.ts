/** What the serving worker process (serveMain.ts) is told to serve, passed as JSON in MLOPS_SERVE_CONFIG. */
export const SERVE_CONFIG_ENV = 'MLOPS_SERVE_CONFIG';

export interface WorkerConfig {
  workspace: string;
  deployment: string;
  model: string;
  version: number | null;
  /** The registered artifact folder (a tfjs artifact, or whatever the user's command loads). */
  artifactDir: string;
  port: number;
  kind: 'tfjs' | 'command';
  /** For kind 'command': the user's serving process, which the worker supervises and proxies to. */
  command?: { argv: string[]; port: number; health: string; cwd: string };
  maxBodyBytes?: number;
  maxRows?: number;
  logMaxBytes?: number;
}
