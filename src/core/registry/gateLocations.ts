/** Where each gate rule of a model sits in mlops.yaml, so failed and malformed gates land on their own line. */
import { LineCounter, parseDocument } from 'yaml';
import { SourceMap, type SourceRange } from '../spec/yamlPositions';

export function gateRanges(specText: string, model: string, count: number): SourceRange[] {
  const lines = new LineCounter();
  const doc = parseDocument(specText, { lineCounter: lines, prettyErrors: false });
  const source = new SourceMap(doc, lines, specText);
  return Array.from({ length: count }, (_, i) => source.valueRange(['models', model, 'gates', i]));
}
