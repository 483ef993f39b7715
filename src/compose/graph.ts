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

  /** Dependencies before dependents; ties keep declaration order. Throws nothing: call findCycle first. */
  order(): string[] {
    const visited = new Set<string>();
    const result: string[] = [];
    const visit = (name: string): void => {
      if (visited.has(name)) return;
      visited.add(name);
      for (const dependency of this.dependenciesOf(name)) visit(dependency);
      result.push(name);
    };
    for (const name of this.edges.keys()) visit(name);
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
    const stack: string[] = [];
    const visit = (name: string): string[] | undefined => {
      if (state.get(name) === "done") return undefined;
      if (state.get(name) === "active") return [...stack.slice(stack.indexOf(name)), name];
      state.set(name, "active");
      stack.push(name);
      for (const dependency of this.dependenciesOf(name)) {
        const cycle = visit(dependency);
        if (cycle) return cycle;
      }
      stack.pop();
      state.set(name, "done");
      return undefined;
    };
    for (const name of this.edges.keys()) {
      const cycle = visit(name);
      if (cycle) return cycle;
    }
    return undefined;
  }
}
