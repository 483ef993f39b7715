/** The services of a project as a dependency DAG (`depends_on`, including implicit edges). */
export class DependencyGraph {
  private readonly edges: ReadonlyMap<string, readonly string[]>;
  private readonly reverse: ReadonlyMap<string, readonly string[]>;

  /** `dependencies` maps each service to the services it depends on; unknown names are ignored. */
  constructor(dependencies: ReadonlyMap<string, readonly string[]>) {
    const edges = new Map<string, string[]>();
    const reverse = new Map<string, string[]>();
    for (const name of dependencies.keys()) {
      edges.set(name, []);
      reverse.set(name, []);
    }
    for (const [name, targets] of dependencies) {
      for (const target of targets) {
        if (!dependencies.has(target)) continue;
        edges.get(name)?.push(target);
        reverse.get(target)?.push(name);
      }
    }
    this.edges = edges;
    this.reverse = reverse;
  }

  /** Builds the graph from services with a `depends_on` mapping. */
  static fromServices(services: Readonly<Record<string, { readonly depends_on?: Readonly<Record<string, unknown>> }>>): DependencyGraph {
    return new DependencyGraph(new Map(Object.entries(services).map(([name, service]) => [name, Object.keys(service.depends_on ?? {})])));
  }

  dependenciesOf(name: string): readonly string[] {
    return this.edges.get(name) ?? [];
  }

  dependentsOf(name: string): readonly string[] {
    return this.reverse.get(name) ?? [];
  }

  /**
   * Dependencies before dependents; ties keep declaration order. Throws nothing: call findCycle first.
   * Depth-first with its own stack: a chain of thousands of services never exhausts the call stack.
   */
  order(): string[] {
    const visited = new Set<string>();
    const result: string[] = [];
    for (const root of this.edges.keys()) {
      if (visited.has(root)) continue;
      visited.add(root);
      this.walk(root, (dependency) => {
        if (visited.has(dependency)) return false;
        visited.add(dependency);
        return true;
      }, (name) => void result.push(name));
    }
    return result;
  }

  /** Dependents before their dependencies: the order to stop or remove in. */
  reverseOrder(): string[] {
    return this.order().reverse();
  }

  /** The services `names` need, transitively, including themselves. */
  closure(names: readonly string[]): Set<string> {
    const result = new Set<string>();
    const pending = [...names];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (result.has(name)) continue;
      result.add(name);
      pending.push(...this.dependenciesOf(name));
    }
    return result;
  }

  /** A dependency cycle as `[a, b, c, a]`, or undefined when the graph is acyclic. */
  findCycle(): string[] | undefined {
    const state = new Map<string, "active" | "done">();
    for (const root of this.edges.keys()) {
      if (state.has(root)) continue;
      state.set(root, "active");
      let cycle: string[] | undefined;
      this.walk(root, (dependency, path) => {
        const seen = state.get(dependency);
        if (seen === "active" && cycle === undefined) cycle = [...path.slice(path.indexOf(dependency)), dependency];
        if (seen !== undefined || cycle !== undefined) return false;
        state.set(dependency, "active");
        return true;
      }, (name) => void state.set(name, "done"));
      if (cycle) return cycle;
    }
    return undefined;
  }

  /**
   * Iterative depth-first walk from `root`: `enter(dependency, path)` says whether to descend into
   * a dependency (path: the names from root to the current one), `leave` runs once all of a
   * name's dependencies are done, in post-order.
   */
  private walk(root: string, enter: (dependency: string, path: readonly string[]) => boolean, leave: (name: string) => void): void {
    const path = [root];
    const next = [0];
    while (path.length > 0) {
      const depth = path.length - 1;
      const name = path[depth] ?? "";
      const dependencies = this.dependenciesOf(name);
      const index = next[depth] ?? 0;
      if (index < dependencies.length) {
        next[depth] = index + 1;
        const dependency = dependencies[index] ?? "";
        if (enter(dependency, path)) {
          path.push(dependency);
          next.push(0);
        }
      } else {
        path.pop();
        next.pop();
        leave(name);
      }
    }
  }
}
