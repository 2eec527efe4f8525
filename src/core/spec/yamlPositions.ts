/** Maps paths in the parsed value back to ranges in the YAML source, for problems and CodeLens positions. */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

/** A 1-based source range. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type PathSegment = string | number;

export class SourceMap {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly text: string,
  ) {}

  rangeOf(offsets: readonly [number, number]): SourceRange {
    const start = this.lines.linePos(Math.min(offsets[0], this.text.length));
    const end = this.lines.linePos(Math.min(Math.max(offsets[1], offsets[0]), this.text.length));
    return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
  }

  /** The value at `path`, or the deepest existing ancestor when the path runs past the document. */
  valueRange(path: readonly PathSegment[], needle?: string, span?: { start: number; length: number }): SourceRange {
    const { node, pair } = this.walk(path);
    const spanned = span && node ? this.spanRange(node, span) : null;
    if (spanned) return spanned;
    if (node?.range) {
      const at = needle ? this.text.slice(node.range[0], node.range[1]).indexOf(needle) : -1;
      if (at >= 0) return this.rangeOf([node.range[0] + at, node.range[0] + at + needle!.length]);
      return this.rangeOf([node.range[0], node.range[1]]);
    }
    if (pair) return this.keyRangeOfPair(pair);
    return this.documentStart();
  }

  /** The key `key` inside the map at `path`; falls back to the map itself. */
  keyRange(path: readonly PathSegment[], key: string): SourceRange {
    const { node } = this.walk(path);
    if (isMap(node)) {
      const pair = findPair(node.items, key);
      if (pair) return this.keyRangeOfPair(pair);
    }
    return this.valueRange(path);
  }

  /** Where the object at `path` is introduced: its key in the parent map (or item in a list). */
  ownerRange(path: readonly PathSegment[]): SourceRange {
    if (path.length === 0) return this.valueRange(path);
    const last = path[path.length - 1];
    return typeof last === 'string' ? this.keyRange(path.slice(0, -1), last) : this.valueRange(path);
  }

  /** Characters of a string scalar, when its source holds the value as written (plain, or quoted without escapes). */
  private spanRange(node: Node, span: { start: number; length: number }): SourceRange | null {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return null;
    const from = node.range[0] + (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0);
    if (this.text.slice(from, from + node.value.length) !== node.value) return null;
    return this.rangeOf([from + span.start, from + span.start + span.length]);
  }

  private keyRangeOfPair(pair: Pair): SourceRange {
    const key = pair.key as Node | null;
    if (key?.range) return this.rangeOf([key.range[0], key.range[1]]);
    return this.documentStart();
  }

  private documentStart(): SourceRange {
    const contents = this.doc.contents as Node | null;
    if (contents?.range) {
      const r = this.rangeOf([contents.range[0], contents.range[0]]);
      return { ...r, endColumn: r.column + 1 };
    }
    return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  }

  private walk(path: readonly PathSegment[]): { node: Node | null; pair: Pair | null } {
    let node = this.doc.contents as Node | null;
    let pair: Pair | null = null;
    for (const segment of path) {
      if (isMap(node)) {
        const found = findPair(node.items, String(segment));
        if (!found) return { node, pair };
        pair = found;
        node = (found.value as Node | null) ?? null;
        if (!node) return { node: null, pair };
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)] as Node | undefined;
        if (!item) return { node, pair };
        node = item;
        pair = null;
      } else {
        return { node, pair };
      }
    }
    return { node, pair };
  }
}

function findPair(items: unknown[], key: string): Pair | undefined {
  return items.find((item): item is Pair => isPair(item) && keyText(item.key) === key);
}

export function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

/** Formats a path the way problems show it: experiments.churn.model.layers[0]. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out || '(top level)';
}

/** Splits an ajv instancePath ("/experiments/mlp/data/0") into segments, array indices as numbers. */
export function pointerToPath(pointer: string, root: unknown): PathSegment[] {
  if (!pointer) return [];
  const segments: PathSegment[] = [];
  let value: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      segments.push(Number(segment));
      value = value[Number(segment)];
    } else {
      segments.push(segment);
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
    }
  }
  return segments;
}
