import type { SourceLocation } from "../common/errors.js";
import type { SourceMap } from "./model/project.js";
import { pathKey, type TreePath } from "./tree-path.js";

/**
 * Positions of keys, addressed by path. Files are recorded in load order so a key set again by
 * a later file (an override) points at the later file, which is where the user must look.
 */
export class PathSourceMap implements SourceMap {
  private readonly locations = new Map<string, SourceLocation>();

  set(path: TreePath, location: SourceLocation): void {
    this.locations.set(pathKey(path), location);
  }

  /**
   * Records the positions of `other` found under `fromPrefix`, moved to `toPrefix`. Later
   * calls win, unless `onlyMissing` keeps what is already known (an extending service's own
   * keys over those it inherits).
   */
  absorb(other: PathSourceMap, fromPrefix: TreePath = [], toPrefix: TreePath = fromPrefix, onlyMissing = false): void {
    const from = fromPrefix.length === 0 ? "" : pathKey(fromPrefix);
    const to = toPrefix.length === 0 ? "" : pathKey(toPrefix);
    for (const [key, location] of other.locations) {
      if (from !== "" && key !== from && !key.startsWith(`${from}\u001f`)) continue;
      const target = to + key.slice(from.length);
      if (onlyMissing && this.locations.has(target)) continue;
      this.locations.set(target, location);
    }
  }

  locate(path: TreePath): SourceLocation | undefined {
    return this.locations.get(pathKey(path));
  }

  locateNearest(path: TreePath): SourceLocation | undefined {
    for (let length = path.length; length > 0; length--) {
      const found = this.locations.get(pathKey(path.slice(0, length)));
      if (found) return found;
    }
    return undefined;
  }

  get size(): number {
    return this.locations.size;
  }
}
