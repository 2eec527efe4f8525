import type { PathSegment } from './yamlPositions';

/**
 * A problem found in the parsed value, before it is given a source position.
 * `anchor` says what to underline: the value at `path`, a key inside the map at `path`,
 * or the key that introduces `path` in its parent ("owner").
 */
export interface SpecIssue {
  message: string;
  path: PathSegment[];
  anchor: { kind: 'value' } | { kind: 'key'; key: string } | { kind: 'owner' };
  severity?: 'error' | 'warning';
  /** Narrows a value anchor to the first occurrence of this text in the value's source (e.g. one placeholder). */
  needle?: string;
  /** Narrows a value anchor to characters of the string value itself (e.g. where a gate rule stops parsing). */
  span?: { start: number; length: number };
}
