import type { DriftColumnType, ScoreKind, StatTestId } from './statTest';
import type { InferredColumnType } from './columnType';
import type { TestOverrides } from './testSelection';

export type ColumnStatus = 'ok' | 'skipped' | 'error';

/** Reference-vs-current data for the panel's overlays. */
export type ColumnOverlay =
  | { kind: 'histogram'; edges: number[]; reference: number[]; current: number[] }
  | {
      kind: 'bars';
      keys: string[];
      reference: number[];
      current: number[];
      otherReference: number;
      otherCurrent: number;
    };

export interface EcdfCurve {
  /** x positions (sorted) and the reference and current ECDF there, thinned to a few hundred points. */
  x: number[];
  reference: number[];
  current: number[];
}

/** One row of `mlops drift --json` (docs/DESIGN.md), plus the fields the drift panel needs. */
export interface ColumnDrift {
  column: string;
  type: DriftColumnType | InferredColumnType;
  test: StatTestId | null;
  score: number | null;
  threshold: number | null;
  drifted: boolean | null;
  status: ColumnStatus;
  reason: string | null;
  scoreKind: ScoreKind | null;
  /** KS D, χ², z or raw W1 when the score is a p-value or a normed distance. */
  statistic: number | null;
  role: 'feature' | 'target' | 'prediction' | 'prediction_proba' | 'prediction_label';
  nReference: number;
  nCurrent: number;
  missingShareRef: number;
  missingShareCur: number;
  overlay: ColumnOverlay | null;
  ecdf: EcdfCurve | null;
  warnings: string[];
}

export interface DriftReport {
  columns: ColumnDrift[];
  tested: number;
  drifted: number;
  share: number | null;
  driftShare: number;
  datasetDrift: boolean;
  /** Columns present on one side only; they are listed, not tested. */
  onlyInReference: string[];
  onlyInCurrent: string[];
  referenceRows: number;
  currentRows: number;
  warnings: string[];
}

export interface DriftOptions extends TestOverrides {
  signal?: AbortSignal;
  /** Share of drifted columns at which the dataset counts as drifted (default 0.5): drift when share ≥ this. */
  driftShare?: number;
  /** Test only these columns. */
  columns?: string[];
  /** Explicit column types; they win over inference (docs/drift-spec.md §2). */
  columnTypes?: Record<string, 'numerical' | 'categorical' | 'text'>;
  target?: string;
  /** The prediction column, or one probability column per class. */
  prediction?: string | string[];
  task?: 'classification' | 'regression';
  /** Count target and prediction columns in the dataset share (default true, as Evidently). */
  includeTargetAndPrediction?: boolean;
  /** Compute overlay data for the panel (default true). */
  overlays?: boolean;
  onProgress?: (done: number, total: number) => void;
}
