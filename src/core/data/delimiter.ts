const CANDIDATES = [',', ';', '\t', '|'];

/**
 * Guesses the CSV separator from the first lines: the candidate that appears (outside quotes) the same non-zero
 * number of times on most sample lines, preferring the one seen most often per line; `,` when nothing fits.
 */
export function detectDelimiter(sample: string): string {
  const lines = splitSampleLines(sample, 20);
  if (lines.length === 0) return ',';
  let best = ',';
  let bestScore = 0;
  for (const d of CANDIDATES) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const headerCount = counts[0];
    if (headerCount === 0) continue;
    const consistent = counts.filter((c) => c === headerCount).length / counts.length;
    const score = consistent * 1000 + headerCount;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

function splitSampleLines(sample: string, max: number): string[] {
  const lines: string[] = [];
  let start = 0;
  let inQuotes = false;
  for (let i = 0; i < sample.length && lines.length < max; i++) {
    const ch = sample[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === '\n' && !inQuotes) {
      const line = sample.slice(start, i).replace(/\r$/, '');
      if (line.length > 0) lines.push(line);
      start = i + 1;
    }
  }
  // A last line without newline is complete only when the sample is the whole file; callers pass a generous sample.
  if (lines.length === 0 && start < sample.length) lines.push(sample.slice(start));
  return lines;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === d && !inQuotes) n++;
  }
  return n;
}
