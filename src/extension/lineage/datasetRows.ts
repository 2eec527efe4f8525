/** The Datasets view's rows, computed from the dataset catalog: pure, so its wording is unit-tested. */
import type { DatasetEntry, DatasetVersionEntry } from '../../core/lineage/datasetCatalog';
import type { RunSummary } from '../../core/tracking/types';
import { formatBytes } from '../../core/format/bytes';

export type DatasetNode =
  | { kind: 'path'; entry: DatasetEntry; description: string }
  | { kind: 'version'; path: string; version: DatasetVersionEntry; label: string; description: string; latest: boolean }
  | {
      kind: 'run';
      versionId: string;
      runId: string;
      relation: 'used' | 'produced';
      label: string;
      description: string;
    };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function datasetRows(
  catalog: readonly DatasetEntry[],
  parent: DatasetNode | undefined,
  summary: (runId: string) => RunSummary | undefined,
): DatasetNode[] {
  if (!parent) {
    return catalog.map((entry) => {
      const runs = new Set(entry.versions.flatMap((v) => v.usedBy)).size;
      return {
        kind: 'path',
        entry,
        description: `${plural(entry.versions.length, 'version')} · ${plural(runs, 'run')}`,
      };
    });
  }
  if (parent.kind === 'path') {
    return parent.entry.versions.map((version, i) => ({
      kind: 'version',
      path: parent.entry.path,
      version,
      label: `@${version.sha256.slice(0, 12)}`,
      description: [
        formatBytes(version.bytes),
        version.firstSeen ? `first seen ${shortDate(version.firstSeen)}` : null,
        plural(version.usedBy.length, 'run'),
      ]
        .filter(Boolean)
        .join(' · '),
      latest: i === 0,
    }));
  }
  if (parent.kind === 'version') {
    const row = (runId: string, relation: 'used' | 'produced'): DatasetNode => {
      const run = summary(runId);
      return {
        kind: 'run',
        versionId: parent.version.id,
        runId,
        relation,
        label: `${run?.experiment ?? 'run'} ${runId.slice(-8)}`,
        description: [
          relation === 'produced' ? 'produced it' : null,
          run?.status ?? null,
          run ? shortDate(run.createdAt) : null,
        ]
          .filter(Boolean)
          .join(' · '),
      };
    };
    return [
      ...(parent.version.producedBy ? [row(parent.version.producedBy, 'produced')] : []),
      ...[...parent.version.usedBy].reverse().map((id) => row(id, 'used')),
    ];
  }
  return [];
}

function shortDate(iso: string): string {
  return iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso;
}
