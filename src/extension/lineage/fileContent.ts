/** How a run's file reads in the diff editor. Pure. */
import { createHash } from 'node:crypto';
import { formatBytes } from '../../core/format/bytes';

/** Larger files are summarised (size and hash) rather than shown: the diff editor cannot handle them well. */
export const MAX_SHOWN_BYTES = 5 * 1024 * 1024;

/** How a file's content reads in the diff editor: itself, or a one-line stand-in for a binary or huge file. */
export function presentContent(path: string, content: Buffer | null, source: string): string {
  if (!content) return '';
  const binary = content.subarray(0, 8000).includes(0);
  if (!binary && content.length <= MAX_SHOWN_BYTES) return content.toString('utf8');
  const sha = createHash('sha256').update(content).digest('hex');
  return `[${binary ? 'binary' : 'large'} file ${path}: ${formatBytes(content.length)}, sha256 ${sha}; not shown inline (${source})]\n`;
}
