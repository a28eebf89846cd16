import { canonicalCreditCode, creditCodeProblem, isValidCreditCode, normalizeCompanyName, normalizePhone } from '../company-identity';

describe('统一社会信用代码 check (GB 32100-2015)', () => {
  it.each(['91350100M000100Y43', '91110000600037341L', '91500000MA5U7LXX19', '91440300MA5FQ7KX3N'])('accepts %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  it('refuses a wrong check digit and says which it expected', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toEqual({ code: 'credit_code_check_digit', message: '统一社会信用代码校验位错误，应为 3' });
  });

  it('refuses the wrong length', () => {
    expect(creditCodeProblem('91350100M000100Y4')?.code).toBe('credit_code_length');
  });

  it.each(['I', 'O', 'S', 'V', 'Z'])('refuses the letter %s, which the standard leaves out', (ch) => {
    expect(isValidCreditCode(`9135010${ch}M000100Y43`)).toBe(false);
  });

  it('every single-character change of a valid code is caught', () => {
    const valid = '91110000600037341L';
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let i = 0; i < 17; i++) {
      for (const c of chars) {
        if (c === valid[i]) continue;
        const changed = valid.slice(0, i) + c + valid.slice(i + 1);
        expect(isValidCreditCode(changed)).toBe(false);
      }
    }
  });

  it('canonicalises case, full-width characters and spaces', () => {
    expect(canonicalCreditCode(' 9111 0000 6000 3734 1l ')).toBe('91110000600037341L');
    expect(canonicalCreditCode('９１１１００００６０００３７３４１Ｌ')).toBe('91110000600037341L');
  });
});

describe('company name folding for 重复研判', () => {
  it.each([
    ['重庆某某科技有限公司', '重庆某某科技'],
    ['重庆某某科技有限责任公司', '重庆某某科技'],
    ['重庆某某科技股份有限公司', '重庆某某科技'],
    [' 重庆 某某科技（集团）有限公司 ', '重庆某某科技(集团)'],
    ['ＡＢＣ新能源有限公司', 'abc新能源'],
  ])('%s → %s', (name, folded) => {
    expect(normalizeCompanyName(name)).toBe(folded);
  });

  it('does not fold a name down to nothing', () => {
    expect(normalizeCompanyName('有限公司')).toBe('有限公司');
  });
});

describe('phone folding', () => {
  it.each([
    ['+86 138 0013 8000', '13800138000'],
    ['0086-13800138000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['023-6888 8888', '02368888888'],
    ['123', null],
    [null, null],
  ])('%p → %p', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });
});
