import { ShortCache } from '../short-cache';

/** A loader over an in-memory table that records each batch it was asked for and answers when told to. */
function table(rows: Record<number, string>) {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  let hold = false;
  const loader = (ids: number[]) => {
    batches.push([...ids]);
    const answer = () => new Map(ids.filter((id) => id in rows).map((id) => [id, rows[id]]));
    if (!hold) return Promise.resolve(answer());
    // the read sees the table as it is when it is answered, as a query would when it runs
    return new Promise<Map<number, string>>((resolve) => pending.push(() => resolve(answer())));
  };
  return {
    rows, batches, loader,
    hold: () => (hold = true),
    release: () => {
      hold = false;
      pending.splice(0).forEach((f) => f());
    },
  };
}

describe(ShortCache.name, () => {
  afterEach(() => jest.useRealTimers());

  it('reads the ids it lacks in one batch and answers the rest from memory until the entry is a TTL old', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const t = table({ 1: 'a', 2: 'b', 3: 'c' });
    const cache = new ShortCache(1000, t.loader);
    expect(await cache.getMany([1, 2, 2])).toEqual(new Map([[1, 'a'], [2, 'b']]));
    expect(await cache.getMany([1, 2, 3])).toEqual(new Map([[1, 'a'], [2, 'b'], [3, 'c']]));
    expect(t.batches).toEqual([[1, 2], [3]]);
    t.rows[1] = 'A';
    jest.advanceTimersByTime(999);
    expect(await cache.get(1)).toBe('a');
    jest.advanceTimersByTime(2);
    expect(await cache.get(1)).toBe('A');
  });

  it('does not cache an id that does not exist', async () => {
    const t = table({});
    const cache = new ShortCache(1000, t.loader);
    expect(await cache.get(7)).toBeNull();
    t.rows[7] = 'new';
    expect(await cache.get(7)).toBe('new');
  });

  it('shares a read under way between callers of the same id', async () => {
    const t = table({ 1: 'a' });
    const cache = new ShortCache(1000, t.loader);
    t.hold();
    const [x, y] = [cache.get(1), cache.get(1)];
    t.release();
    expect(await Promise.all([x, y])).toEqual(['a', 'a']);
    expect(t.batches).toEqual([[1]]);
  });

  it('after invalidate, the next get reads again, and a read begun before it is not kept', async () => {
    const t = table({ 1: 'before' });
    const cache = new ShortCache(60_000, t.loader);
    expect(await cache.get(1)).toBe('before');
    t.hold();
    cache.invalidate(1);
    const early = cache.get(1); // begun before the write below commits
    t.rows[1] = 'after';
    cache.invalidate(1); // the writer's unit has ended
    const late = cache.get(1);
    t.release();
    expect(await early).toBe('after'); // this fake answers with the row as it is when released
    expect(await late).toBe('after');
    expect(t.batches).toEqual([[1], [1], [1]]);
    // the early read began before the last invalidation: only the late one was kept
    t.rows[1] = 'later still';
    expect(await cache.get(1)).toBe('after');
    expect(t.batches).toHaveLength(3);
  });

  it('a read under way when its id is invalidated still answers its callers but is not kept', async () => {
    const t = table({ 1: 'old' });
    const cache = new ShortCache(60_000, t.loader);
    t.hold();
    const racing = cache.get(1);
    cache.invalidate(1);
    t.release();
    expect(await racing).toBe('old');
    t.rows[1] = 'new';
    expect(await cache.get(1)).toBe('new');
  });

  it('keep: false reads through without keeping what it read', async () => {
    const t = table({ 1: 'a', 2: 'b' });
    const cache = new ShortCache(60_000, t.loader);
    await cache.get(1);
    expect(await cache.getMany([1, 2], { keep: false })).toEqual(new Map([[1, 'a'], [2, 'b']]));
    expect(t.batches).toEqual([[1], [2]]);
    await cache.get(2);
    expect(t.batches).toEqual([[1], [2], [2]]);
  });

  it('a failed read reaches its callers and leaves nothing behind', async () => {
    let fail = true;
    const cache = new ShortCache<string>(60_000, async (ids) => {
      if (fail) throw new Error('database down');
      return new Map(ids.map((id) => [id, `row ${id}`]));
    });
    await expect(cache.get(1)).rejects.toThrow('database down');
    fail = false;
    expect(await cache.get(1)).toBe('row 1');
  });

  it('stays within its size: expired entries go first, then everything', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const t = table(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i, `v${i}`])));
    const cache = new ShortCache(1000, t.loader, 4);
    await cache.getMany([0, 1, 2, 3]);
    await cache.getMany([4]); // over the bound, nothing expired: all dropped, 4 kept
    await cache.get(0);
    expect(t.batches).toEqual([[0, 1, 2, 3], [4], [0]]);
  });
});
