/**
 * A model served by the user's own command (`serve:` in mlops.yaml), supervised here and reached over loopback.
 * The command receives MLOPS_MODEL_DIR, MLOPS_SERVE_PORT (also PORT) and must answer GET <health> with 200 and
 * POST /predict {"rows": [...]} with {"predictions": [...]} (or a bare array), one entry per row.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findClientPaths } from '../runs/clientPaths';
import { MlopsError } from '../../core/errors';
import type { LoggedPrediction } from '../../core/monitor/deploymentFiles';
import { ARTIFACT_FILES, readArtifactJson, type SchemaFile } from '../../core/tfjs/artifactFormat';
import type { Predictor } from './predictor';
import { ProcessSupervisor, type SupervisorTiming } from './processSupervisor';
import type { WorkerConfig } from './workerConfig';

export async function commandPredictor(
  config: WorkerConfig,
  logPath: string,
  timing?: Partial<SupervisorTiming>,
): Promise<Predictor> {
  const command = config.command!;
  const base = `http://127.0.0.1:${command.port}`;
  const supervisor = new ProcessSupervisor({
    argv: command.argv,
    cwd: command.cwd,
    env: {
      ...process.env,
      ...clientPythonPath(),
      MLOPS_MODEL_DIR: config.artifactDir,
      MLOPS_SERVE_PORT: String(command.port),
      PORT: String(command.port),
      MLOPS_MODEL_VERSION: String(config.version ?? ''),
    },
    logPath,
    healthUrl: base + command.health,
    pidFile: join(config.workspace, '.mlops', 'deployments', config.deployment, 'command.pid'),
    timing,
  });
  await supervisor.start();
  const schemaPath = join(config.artifactDir, ARTIFACT_FILES.schema);
  const schema = existsSync(schemaPath)
    ? readArtifactJson<SchemaFile>(config.artifactDir, ARTIFACT_FILES.schema)
    : null;
  return {
    kind: 'command',
    schema: schema && Array.isArray(schema.columns) ? schema : null,
    async predict(rows) {
      if (supervisor.state !== 'running')
        throw new MlopsError(
          `the serving command is ${supervisor.state}${supervisor.lastError ? ` (${supervisor.lastError})` : ''}`,
          'io',
        );
      const res = await fetch(`${base}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rows }),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      if (res.status >= 400 && res.status < 500)
        throw new MlopsError(`the model rejected the rows (${res.status}): ${text.slice(0, 500)}`, 'bad-input');
      if (!res.ok) throw new MlopsError(`the serving command answered ${res.status}: ${text.slice(0, 500)}`, 'io');
      return predictionsFrom(text, rows.length);
    },
    unhealthy: async () =>
      supervisor.state === 'running'
        ? null
        : `serving command ${supervisor.state}${supervisor.lastError ? `: ${supervisor.lastError}` : ''}`,
    close: () => supervisor.stop(),
  };
}

/** The Python client on PYTHONPATH, so `python -m mlops_workbench.serve` and a `serve:` script can import it. */
function clientPythonPath(): NodeJS.ProcessEnv {
  const dir = findClientPaths().python;
  if (!dir) return {};
  return { PYTHONPATH: [dir, process.env.PYTHONPATH].filter(Boolean).join(delimiter) };
}

function predictionsFrom(text: string, n: number): LoggedPrediction[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new MlopsError('the serving command answered with invalid JSON', 'io');
  }
  const list = Array.isArray(body) ? body : (body as { predictions?: unknown })?.predictions;
  if (!Array.isArray(list) || list.length !== n)
    throw new MlopsError(`the serving command must answer {"predictions": [...]} with ${n} entries`, 'io');
  return list.map((p): LoggedPrediction => {
    if (p !== null && typeof p === 'object' && !Array.isArray(p) && 'prediction' in p) return p as LoggedPrediction;
    return { prediction: typeof p === 'string' || typeof p === 'number' ? p : p === null ? null : JSON.stringify(p) };
  });
}
