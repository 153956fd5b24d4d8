/**
 * Named hooks with deterministic ordering (aedes-style named hooks). Listeners run synchronously in
 * (priority, registration order). A throwing observer is counted and reported, never allowed to stop
 * the simulation of a station.
 */
export type Listener<T> = (payload: T) => void;

interface Entry<T> {
  readonly fn: Listener<T>;
  readonly priority: number;
  readonly seq: number;
  readonly owner: string;
}

export class HookBus<M extends object> {
  private readonly lists = new Map<keyof M, Entry<never>[]>();
  private seq = 0;
  errors = 0;
  lastError: { hook: string; owner: string; message: string } | undefined;
  onError: ((hook: string, owner: string, err: unknown) => void) | undefined;

  /** Register a listener; lower priority runs first. Returns an unsubscribe function. */
  on<K extends keyof M>(
    hook: K,
    fn: Listener<M[K]>,
    opts: { priority?: number; owner?: string } = {},
  ): () => void {
    const list = (this.lists.get(hook) ?? []) as Entry<M[K]>[];
    const entry: Entry<M[K]> = {
      fn,
      priority: opts.priority ?? 0,
      seq: this.seq++,
      owner: opts.owner ?? 'anonymous',
    };
    list.push(entry);
    list.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
    this.lists.set(hook, list as Entry<never>[]);
    return () => {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
    };
  }

  emit<K extends keyof M>(hook: K, payload: M[K]): void {
    const list = this.lists.get(hook) as Entry<M[K]>[] | undefined;
    if (!list) return;
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      try {
        e.fn(payload);
      } catch (err) {
        this.errors++;
        this.lastError = {
          hook: String(hook),
          owner: e.owner,
          message: err instanceof Error ? err.message : String(err),
        };
        this.onError?.(String(hook), e.owner, err);
      }
    }
  }

  count<K extends keyof M>(hook: K): number {
    return this.lists.get(hook)?.length ?? 0;
  }
}
