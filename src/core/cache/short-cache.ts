/** Reads the rows of these ids; an id it does not return is absent (and not cached: the next get asks again). */
export type BatchLoader<V> = (ids: number[]) => Promise<Map<number, V>>;

/**
 * A per-process cache of rows by id for hot reads (the caller on every
 * request, the names beside a list): each entry is kept `ttlMs` from the
 * moment its read began, and dropped the moment this process changes the
 * row (`invalidate`, called by the service that wrote it, after the commit).
 *
 * - Reads are batched (one load for every id missing) and shared: callers
 *   that want an id already being read wait for that read.
 * - A read that was under way when an invalidation came still answers the
 *   callers that started it (they raced the write), but is not kept, and
 *   later callers start a new one. So after `invalidate(id)` returns, every
 *   new `get` sees the row as committed then or later.
 * - Other processes do not see this process's invalidations: there an entry
 *   is at most `ttlMs` old.
 */
export class ShortCache<V> {
  private readonly entries = new Map<number, { value: V; until: number }>();
  private readonly loading = new Map<number, Promise<V | null>>();
  /** bumped by every invalidation: a read begun before it is not kept */
  private epoch = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly loader: BatchLoader<V>,
    private readonly maxEntries = 10_000,
  ) {}

  /** The row of `id`, or null when there is none. */
  async get(id: number): Promise<V | null> {
    const e = this.entries.get(id);
    if (e && e.until > performance.now()) return e.value;
    return (await this.getMany([id])).get(id) ?? null;
  }

  /**
   * The rows of these ids that exist. With `keep: false` (a bulk read that
   * sees each id once) what is read is not kept: a hundred thousand entries
   * held for a second each only churn the heap.
   */
  async getMany(ids: Iterable<number>, { keep: store = true }: { keep?: boolean } = {}): Promise<Map<number, V>> {
    const now = performance.now();
    const out = new Map<number, V>();
    const missing: number[] = [];
    const waits: Promise<void>[] = [];
    const keep = (id: number) => (v: V | null) => {
      if (v !== null) out.set(id, v);
    };
    for (const id of new Set(ids)) {
      const e = this.entries.get(id);
      if (e && e.until > now) {
        out.set(id, e.value);
        continue;
      }
      const pending = this.loading.get(id);
      if (pending) waits.push(pending.then(keep(id)));
      else missing.push(id);
    }
    if (missing.length) {
      const epoch = this.epoch;
      const batch = this.loader(missing);
      const mine = new Map<number, Promise<V | null>>();
      for (const id of missing) {
        const one = batch.then((rows) => rows.get(id) ?? null);
        mine.set(id, one);
        this.loading.set(id, one);
        waits.push(one.then(keep(id)));
      }
      const settle = (rows: Map<number, V> | null) => {
        if (rows && store && epoch === this.epoch) {
          if (this.entries.size + missing.length > this.maxEntries) this.prune(now);
          for (const [id, value] of rows) this.entries.set(id, { value, until: now + this.ttlMs });
        }
        // after an invalidation a slot may already hold a newer read: leave that one
        for (const [id, one] of mine) if (this.loading.get(id) === one) this.loading.delete(id);
      };
      batch.then(settle, () => settle(null));
    }
    if (waits.length) await Promise.all(waits);
    return out;
  }

  /** Forgets `id` (every id when omitted); reads under way are not kept. */
  invalidate(id?: number): void {
    this.epoch++;
    if (id === undefined) {
      this.entries.clear();
      this.loading.clear();
    } else {
      this.entries.delete(id);
      this.loading.delete(id);
    }
  }

  private prune(now: number) {
    for (const [id, e] of this.entries) if (e.until <= now) this.entries.delete(id);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
  }
}
