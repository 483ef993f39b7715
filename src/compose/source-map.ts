import type { SourceLocation } from "../common/errors.js";
import type { SourceMap } from "./model/project.js";
import type { TreePath } from "./tree-path.js";

interface Node {
  location?: SourceLocation;
  children?: Map<string, Node>;
}

/**
 * Positions of keys, addressed by path, kept as a tree so that moving a subtree (a merged
 * list, an extended service) costs only that subtree. Files are recorded in load order, so a
 * key set again by a later file (an override) points at the later file, where the user must look.
 */
export class PathSourceMap implements SourceMap {
  private readonly root: Node = {};

  set(path: TreePath, location: SourceLocation): void {
    this.nodeAt(path, true).location = location;
  }

  locate(path: TreePath): SourceLocation | undefined {
    return this.nodeAt(path, false)?.location;
  }

  locateNearest(path: TreePath): SourceLocation | undefined {
    let node: Node | undefined = this.root;
    let nearest: SourceLocation | undefined;
    for (const segment of path) {
      node = node.children?.get(String(segment));
      if (!node) break;
      nearest = node.location ?? nearest;
    }
    return nearest;
  }

  /**
   * Copies the positions of `other` under `fromPrefix` to `toPrefix`. Later calls win, unless
   * `onlyMissing` keeps what is already known (an extending service's own keys over inherited ones).
   */
  absorb(other: PathSourceMap, fromPrefix: TreePath = [], toPrefix: TreePath = fromPrefix, onlyMissing = false): void {
    const source = other.nodeAt(fromPrefix, false);
    if (source) copyInto(this.nodeAt(toPrefix, true), source, onlyMissing);
  }

  /** Renumbers the items of the list at `path`: item `i` now holds what item `oldIndexOf[i]` held. */
  reindex(path: TreePath, oldIndexOf: readonly (number | undefined)[]): void {
    const list = this.nodeAt(path, false);
    if (!list?.children) return;
    const before = list.children;
    const after = new Map<string, Node>();
    for (const [key, node] of before) if (!/^\d+$/.test(key)) after.set(key, node);
    oldIndexOf.forEach((old, index) => {
      const node = old === undefined ? undefined : before.get(String(old));
      if (node) after.set(String(index), node);
    });
    list.children = after;
  }

  private nodeAt(path: TreePath, create: true): Node;
  private nodeAt(path: TreePath, create: false): Node | undefined;
  private nodeAt(path: TreePath, create: boolean): Node | undefined {
    let node = this.root;
    for (const segment of path) {
      const key = String(segment);
      let child = node.children?.get(key);
      if (!child) {
        if (!create) return undefined;
        child = {};
        (node.children ??= new Map()).set(key, child);
      }
      node = child;
    }
    return node;
  }
}

function copyInto(target: Node, source: Node, onlyMissing: boolean): void {
  if (source.location && !(onlyMissing && target.location)) target.location = source.location;
  for (const [key, child] of source.children ?? []) {
    let existing = target.children?.get(key);
    if (!existing) {
      existing = {};
      (target.children ??= new Map()).set(key, existing);
    }
    copyInto(existing, child, onlyMissing);
  }
}
