import { readClaims } from '../auth/token-claims';

const exp = 2_000_000_000;

describe('readClaims', () => {
  it('reads the user id and token version of a well-formed payload', () => {
    expect(readClaims({ sub: 7, ver: 2, role: 'admin', iat: 1, exp })).toEqual({ sub: 7, ver: 2 });
  });

  it.each([
    ['a sub that is SQL', { sub: '1 OR 1=1', ver: 0, exp }],
    ['a sub that is a numeric string', { sub: '1', ver: 0, exp }],
    ['a sub of 0', { sub: 0, ver: 0, exp }],
    ['a negative sub', { sub: -1, ver: 0, exp }],
    ['a fractional sub', { sub: 1.5, ver: 0, exp }],
    ['a sub beyond the safe integers', { sub: 2 ** 53, ver: 0, exp }],
    ['a sub beyond the id column (PostgreSQL integer)', { sub: 123456789012345, ver: 0, exp }],
    ['no exp', { sub: 1, ver: 0 }],
    ['a string exp', { sub: 1, ver: 0, exp: 'never' }],
    ['no ver (issued before versions)', { sub: 1, exp }],
    ['a negative ver', { sub: 1, ver: -1, exp }],
    ['a string payload', 'sub'],
    ['null', null],
  ])('refuses %s', (_what, payload) => {
    expect(readClaims(payload)).toBeNull();
  });
});
