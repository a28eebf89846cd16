import { isDomainError } from '../errors';
import { sorting } from '../http/list';

const ALLOWED = { name: 'p.name', createdAt: 'p.createdAt' };

function refusal(sort: string) {
  try {
    sorting(sort, ALLOWED, ['p.id', 'DESC']);
  } catch (err) {
    if (isDomainError(err)) return err;
    throw err;
  }
  throw new Error(`sorting accepted ${sort}`);
}

describe(sorting.name, () => {
  it('resolves an allowed field and direction to its column', () => {
    expect(sorting('name:asc', ALLOWED, ['p.id', 'DESC'])).toEqual(['p.name', 'ASC']);
    expect(sorting('createdAt:desc', ALLOWED, ['p.id', 'DESC'])).toEqual(['p.createdAt', 'DESC']);
    expect(sorting(undefined, ALLOWED, ['p.id', 'DESC'])).toEqual(['p.id', 'DESC']);
  });

  it('refuses the names every object inherits (constructor, valueOf, toString, hasOwnProperty, __proto__) as unknown fields', () => {
    for (const field of ['constructor', 'valueOf', 'toString', 'hasOwnProperty', '__proto__', 'isPrototypeOf']) {
      const err = refusal(`${field}:asc`);
      expect(err).toMatchObject({ kind: 'bad_input', code: 'unknown_sort_field' });
      expect(err.message).toContain(`不能按“${field}”排序`);
    }
  });

  it('refuses a field the list does not allow, listing those it does', () => {
    expect(refusal('secret:asc').message).toBe('不能按“secret”排序；可排序字段：name、createdAt');
  });
});
