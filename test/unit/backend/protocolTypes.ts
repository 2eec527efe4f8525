export type { BackendEvent } from '../../../src/protocol/backend';
export type { MetricPoint } from '../../../src/core/tracking/types';
