import type { LoggedPrediction } from '../../core/monitor/deploymentFiles';
import type { SchemaFile } from '../../core/tfjs/artifactFormat';
import type { Row } from './requestRows';

/** What the prediction server calls: the tfjs model in this process, or a user's serving command behind a proxy. */
export interface Predictor {
  readonly kind: 'tfjs' | 'command';
  /** The input schema rows are checked against; null when the artifact has none (rows pass unchecked). */
  readonly schema: Pick<SchemaFile, 'columns'> | null;
  /** One prediction per row, in order. MlopsError 'bad-input' for rows the model cannot read. */
  predict(rows: Row[]): Promise<LoggedPrediction[]>;
  /** null when healthy, else why not. */
  unhealthy(): Promise<string | null>;
  close(): Promise<void>;
}
