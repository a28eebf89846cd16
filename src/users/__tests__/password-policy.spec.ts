import { COMMON_PASSWORDS } from '../common-passwords';
import { passwordProblems } from '../password-policy';

const codeOf = (plain: string, email = 'li@test.local') => passwordProblems('password', plain, email).map((p) => p.code);

describe('passwordProblems', () => {
  it('accepts a long, uncommon password of up to 72 bytes', () => {
    expect(codeOf('correct horse battery')).toEqual([]);
    expect(codeOf('x'.repeat(72))).toEqual([]);
    expect(codeOf('招商通'.repeat(8))).toEqual([]); // 24 Chinese characters = 72 bytes
  });

  it.each([
    ['fewer than 10 characters', 'nine-char', 'too_short'],
    ['all spaces', ' '.repeat(12), 'blank'],
    ['the e-mail, in any case', 'LI@test.local', 'same_as_email'],
    ['a common password, in any case', 'QwertyUiop123', 'common_password'],
    ['more than 72 bytes (bcrypt would cut it)', 'x'.repeat(73), 'too_long'],
    ['25 Chinese characters (75 bytes)', '招'.repeat(25), 'too_long'],
  ])('refuses %s', (_what, plain, code) => {
    expect(codeOf(plain)).toEqual([code]);
  });

  it('counts characters, not bytes, for the minimum', () => {
    expect(codeOf('招商通招商通招商通')).toEqual(['too_short']);
    expect(codeOf('招商通招商通招商通通')).toEqual([]);
  });

  it('never repeats the password in its message', () => {
    for (const plain of ['nine-char', 'x'.repeat(80), 'li@test.local', 'password123']) {
      for (const p of passwordProblems('password', plain, 'li@test.local')) expect(p.message).not.toContain(plain);
    }
  });

  it('ships a list of common passwords in lower case, without duplicates', () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThanOrEqual(200);
    expect(COMMON_PASSWORDS.every((p) => p === p.toLowerCase())).toBe(true);
    expect(new Set(COMMON_PASSWORDS).size).toBe(COMMON_PASSWORDS.length);
  });
});
