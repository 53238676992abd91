/**
 * What one person may list, kind by kind, as SubjectAccessReviews answered: the view every answer
 * built from the watch cache for that person is filtered through (summaries, the relation graph,
 * the change timeline, resources and prompts).
 */
export class PersonView {
  constructor(
    /** Kinds the person may list cluster-wide (every namespace, and cluster-scoped kinds). */
    private readonly everywhere: ReadonlySet<string>,
    /** Namespaced kinds → the namespaces where the person may list them. */
    private readonly byNamespace: ReadonlyMap<string, ReadonlySet<string>>,
    /** The namespaced kinds among them (listing one everywhere shows every namespace's name). */
    private readonly namespaced: ReadonlySet<string> = new Set(byNamespace.keys()),
  ) {}

  /** Whether objects of `kind` in `namespace` (undefined or '' for cluster-scoped) may be shown. */
  mayRead(kind: string, namespace: string | undefined): boolean {
    if (this.everywhere.has(kind)) return true;
    if (!namespace) return false;
    return this.byNamespace.get(kind)?.has(namespace) === true;
  }

  /** Whether the person may list anything in the namespace (so its name may be shown). */
  seesNamespace(namespace: string): boolean {
    if (this.everywhere.has('Namespace')) return true;
    for (const kind of this.everywhere) if (this.namespaced.has(kind)) return true;
    for (const set of this.byNamespace.values()) if (set.has(namespace)) return true;
    return false;
  }
}

/** The view of someone nothing was reviewed for: fail closed, nothing is shown. */
export const NOTHING = new PersonView(new Set(), new Map());

/**
 * A person's view, built on first need within one call: a plain list or get needs one access
 * review, not the whole view, so only the read paths that span kinds (summaries, the relation
 * graph, the change timeline, resources, prompts) load it.
 */
export class LazyView {
  current?: PersonView;
  private loading?: Promise<PersonView>;

  constructor(private readonly build: () => Promise<PersonView>) {}

  load(): Promise<PersonView> {
    this.loading ??= this.build().then((view) => (this.current = view));
    return this.loading;
  }
}
