/**
 * YAML aliases checked before the document becomes a value: an alias needs an anchor before it, may not sit
 * inside the node it names (a cycle), and all aliases together may not expand the file past a size a spec can
 * have. Nested anchors grow exponentially (the "billion laughs"), and every later step walks the expanded value.
 * A merge key (`<<: *base`) takes a map or an alias of one, or a list of them.
 */
import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  visit,
  type Alias,
  type Document,
  type Node,
  type Pair,
} from 'yaml';

/** Nodes that aliases may add to the document when expanded; real specs share a few small blocks. */
export const MAX_ALIAS_EXPANSION = 100_000;
/** Aliases in one file: the yaml package resolves each by a scan of the document, so their count is capped too. */
export const MAX_ALIASES = 1_000;

export interface AliasProblem {
  message: string;
  /** Source offsets of the alias (or of a merge key's value). */
  range: [number, number];
}

export function aliasProblems(doc: Document): AliasProblem[] {
  const targets = new Map<Alias, Node>();
  const problems: AliasProblem[] = [];
  const anchors = new Map<string, Node>();
  const order: Alias[] = [];
  const merges: Pair[] = [];
  visit(doc, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === 'symbol' && pair.key.value.description === '<<')
        merges.push(pair);
    },
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) targets.set(node, target);
        else problems.push(at(node, `YAML alias *${node.source} has no anchor &${node.source} before it`));
        order.push(node);
      } else if (node.anchor) {
        anchors.set(node.anchor, node);
      }
    },
  });
  if (problems.length > 0) return problems;
  if (order.length > MAX_ALIASES) {
    return [
      at(
        order[MAX_ALIASES],
        `mlops.yaml uses more than ${MAX_ALIASES.toLocaleString('en-US')} YAML aliases; write the repeated parts out, or share fewer of them`,
      ),
    ];
  }
  for (const pair of merges) {
    const value = pair.value as Node | null;
    const resolve = (node: unknown) => (isAlias(node) ? targets.get(node) : node);
    const source = resolve(value);
    const sources = isSeq(source) ? source.items.map(resolve) : [source];
    if (!sources.every((s) => isMap(s))) {
      const range = value?.range ?? (pair.key as Node).range ?? [0, 0];
      problems.push({
        message: "YAML merge key '<<' takes a map, an alias of a map (<<: *base) or a list of them",
        range: [range[0], range[1]],
      });
    }
  }
  if (problems.length > 0) return problems;
  const sizes = new Sizes(targets);
  let expanded = 0;
  for (const alias of order) {
    const size = sizes.of(targets.get(alias)!);
    if (size === CYCLE)
      return [
        at(
          alias,
          `YAML alias *${alias.source} sits inside the node &${alias.source} it refers to; mlops.yaml cannot hold a cycle`,
        ),
      ];
    expanded += size;
    if (expanded > MAX_ALIAS_EXPANSION) {
      return [
        at(
          alias,
          `YAML alias *${alias.source} expands mlops.yaml past ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} nodes; ` +
            'aliases of anchors that hold aliases grow exponentially (a "billion laughs"). Write the repeated part out, or alias it fewer times',
        ),
      ];
    }
  }
  return [];
}

const CYCLE = -1;

/** Expanded node counts, memoised per node; a node met again while being counted is a cycle. */
class Sizes {
  private readonly done = new Map<Node, number>();
  private readonly counting = new Set<Node>();

  constructor(private readonly targets: Map<Alias, Node>) {}

  of(node: Node): number {
    const known = this.done.get(node);
    if (known !== undefined) return known;
    if (this.counting.has(node)) return CYCLE;
    this.counting.add(node);
    let size = 1;
    const add = (child: unknown) => {
      if (size === CYCLE || child === null || child === undefined) return;
      const n = isAlias(child)
        ? this.of(this.targets.get(child)!)
        : isScalar(child) || isCollection(child)
          ? this.of(child as Node)
          : 0;
      // Sums stop growing at the cap's order of magnitude, so a bomb never overflows to Infinity.
      size = n === CYCLE ? CYCLE : Math.min(size + n, MAX_ALIAS_EXPANSION * 2);
    };
    if (isCollection(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          add(item.key);
          add(item.value);
        } else add(item);
      }
    }
    this.counting.delete(node);
    this.done.set(node, size);
    return size;
  }
}

function at(alias: Alias, message: string): AliasProblem {
  const [start, end] = alias.range ?? [0, 0];
  return { message, range: [start, end] };
}
