/** Builds one deployment's server in this process: its predictor, its logs and the HTTP listener on loopback. */
import { join } from 'node:path';
import { deploymentDir } from '../../core/monitor/deploymentFiles';
import type { LoadOptions } from '../trainer/loadModelArtifact';
import { commandPredictor } from './commandPredictor';
import { createPredictionServer, listenLoopback } from './predictionServer';
import type { Predictor } from './predictor';
import { RotatingLog } from './rotatingLog';
import type { ServingStats } from './servingStats';
import { tfjsPredictor } from './tfjsPredictor';
import type { WorkerConfig } from './workerConfig';

/** Requests in flight at a stop get this long to finish before their connections are cut. */
const CLOSE_GRACE_MS = 3000;

export interface Serving {
  url: string;
  port: number;
  stats: ServingStats;
  predictor: Predictor;
  close(): Promise<void>;
}

export async function startServing(config: WorkerConfig, load: LoadOptions = {}): Promise<Serving> {
  const dir = deploymentDir(config.workspace, config.deployment);
  const predictor =
    config.kind === 'tfjs'
      ? await tfjsPredictor(config.artifactDir, load)
      : await commandPredictor(config, join(dir, 'command.log'));
  const predictionLog = new RotatingLog({ dir, kind: 'predictions', maxBytes: config.logMaxBytes });
  const feedbackLog = new RotatingLog({ dir, kind: 'feedback', maxBytes: config.logMaxBytes });
  const { server, stats } = createPredictionServer({
    predictor,
    identity: { deployment: config.deployment, model: config.model, version: config.version },
    predictionLog,
    feedbackLog,
    maxBodyBytes: config.maxBodyBytes,
    maxRows: config.maxRows,
  });
  let listening;
  try {
    listening = await listenLoopback(server, config.port);
  } catch (err) {
    await predictor.close();
    throw err;
  }
  return {
    ...listening,
    stats,
    predictor,
    async close() {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      await Promise.all([predictionLog.close(), feedbackLog.close()]);
      await predictor.close();
    },
  };
}
