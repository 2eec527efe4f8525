import { formatSeries, type FormattedSeries } from '../importedRun';
import type { RunFolder } from './eventFiles';
import { readRunFolder, type FileOffsets, type FileProblem } from './readRunFolder';

/** One run folder read and formatted as metric lines: what a reader thread sends back (plain, cloneable data). */
export interface FolderText {
  series: Array<[string, FormattedSeries]>;
  params: Record<string, unknown>;
  skipped: Array<[string, number]>;
  problems: FileProblem[];
  offsets: FileOffsets;
  records: number;
  points: number;
  firstWallMs: number;
  lastWallMs: number;
}

export async function readFolderText(folder: RunFolder, previous: FileOffsets = {}): Promise<FolderText> {
  const read = await readRunFolder(folder, previous);
  const c = read.collected;
  return {
    series: [...c.series].map(([tag, s]) => [tag, formatSeries(s)]),
    params: c.params,
    skipped: [...c.skipped],
    problems: read.problems,
    offsets: read.offsets,
    records: read.records,
    points: c.points,
    firstWallMs: c.firstWallMs,
    lastWallMs: c.lastWallMs,
  };
}
