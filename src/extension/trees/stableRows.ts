/**
 * The rows a tree gave its view, kept as the same node objects across refreshes.
 *
 * A tree that fires a refresh of its root makes VS Code's extension host forget every row until the view asks for
 * them again; an inline action clicked in that moment reaches its command without its row (which then asks, or
 * acts on something else). A refresh of just the rows that changed keeps every row known. VS Code finds a row by
 * its node object, so a changed row keeps its object, with its fields replaced in place.
 *
 * A refreshed row's children are still forgotten until the view asks for them again, so a row with an inline
 * action stays reachable only while its parent row shows the same thing.
 *
 * No `vscode` import: the tree passes `stamp`, what a row shows (its rendered item), to tell a changed row.
 */
export interface RowKeys<N> {
  /** The row's stable id (the tree item's `id`). */
  id(node: N): string;
  /** What the row shows, as a string that differs whenever the view would draw it differently. */
  stamp(node: N): string;
}

const ROOT = '\u0000root';

export class StableRows<N extends object> {
  private readonly kept = new Map<string, { node: N; stamp: string }>();
  /** For each parent whose children the view asked for: the child ids it was given, in order. */
  private readonly listed = new Map<string, string[]>();

  constructor(
    private readonly keys: RowKeys<N>,
    /** The tree's children of a parent (undefined: the root) from the current data, as new node objects. */
    private readonly fresh: (parent: N | undefined) => N[],
  ) {}

  /** For getChildren: the current children, as the objects the view already holds wherever it holds one. */
  children(parent?: N): N[] {
    const rows = this.fresh(parent).map((node) => {
      const id = this.keys.id(node);
      const old = this.kept.get(id);
      if (old) {
        replaceFields(old.node, node);
        old.stamp = this.keys.stamp(old.node);
        return old.node;
      }
      this.kept.set(id, { node, stamp: this.keys.stamp(node) });
      return node;
    });
    this.listed.set(
      parent ? this.keys.id(parent) : ROOT,
      rows.map((r) => this.keys.id(r)),
    );
    return rows;
  }

  /** The kept node of a row, for getParent. */
  get(id: string): N | undefined {
    return this.kept.get(id)?.node;
  }

  /**
   * After the data changed: the rows to refresh (updated in place; empty when nothing shown changed), or undefined
   * when rows came, went or moved, and the whole tree must be refreshed.
   */
  changes(): N[] | undefined {
    const changed: N[] = [];
    for (const [parentId, ids] of this.listed) {
      const parent = parentId === ROOT ? undefined : this.kept.get(parentId)?.node;
      if (parentId !== ROOT && !parent) return this.forget();
      const rows = this.fresh(parent);
      if (rows.length !== ids.length || rows.some((r, i) => this.keys.id(r) !== ids[i])) return this.forget();
      for (const row of rows) {
        const old = this.kept.get(this.keys.id(row))!;
        const stamp = this.keys.stamp(row);
        if (stamp === old.stamp) continue;
        replaceFields(old.node, row);
        old.stamp = stamp;
        changed.push(old.node);
      }
    }
    return changed;
  }

  /** Tells the view what changed, if anything: the changed rows, or undefined for the whole tree. */
  tell(fire: (rows: N[] | undefined) => void): void {
    const changed = this.changes();
    if (!changed || changed.length) fire(changed);
  }

  private forget(): undefined {
    this.kept.clear();
    this.listed.clear();
    return undefined;
  }
}

function replaceFields<N extends object>(target: N, source: N): void {
  if (target === source) return;
  for (const key of Object.keys(target)) delete (target as Record<string, unknown>)[key];
  Object.assign(target, source);
}
