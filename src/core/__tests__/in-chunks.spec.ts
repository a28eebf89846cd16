import { IN_LIST_LIMIT, inChunks } from '../database/dialect';

describe(inChunks.name, () => {
  it('cuts a long list into pieces no longer than the IN-list limit, keeping every value once and in order', () => {
    const ids = Array.from({ length: 2 * IN_LIST_LIMIT + 3 }, (_, i) => i);
    const parts = inChunks(ids);
    expect(parts.map((p) => p.length)).toEqual([IN_LIST_LIMIT, IN_LIST_LIMIT, 3]);
    expect(parts.flat()).toEqual(ids);
  });

  it('gives no piece for an empty list, and one for a short one', () => {
    expect(inChunks([])).toEqual([]);
    expect(inChunks([7, 8], 5)).toEqual([[7, 8]]);
  });
});
