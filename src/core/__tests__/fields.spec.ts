import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EmailField, INT4_MAX, Int, Str } from '../http/fields';
import { textProblem } from '../http/text';
import { problemsOf } from '../http/validation';

class Body {
  @Str({ optional: true, max: 50 })
  name?: string;

  @Str({ optional: true, max: 2000 })
  description?: string;

  @EmailField({ optional: true })
  email?: string;

  @Int({ optional: true, min: 1 })
  companyId?: number;

  @Int({ optional: true, min: 0, max: 100 })
  jobs?: number;
}

class Query {
  @Int({ optional: true, min: 1, query: true })
  teamId?: number;
}

function problems(cls: new () => object, plain: Record<string, unknown>) {
  return problemsOf(validateSync(plainToInstance(cls, plain), { whitelist: true, forbidNonWhitelisted: true }));
}

const codes = (cls: new () => object, plain: Record<string, unknown>) => problems(cls, plain).map((p) => `${p.field}:${p.code}`);

describe(textProblem.name, () => {
  it('refuses NUL and the other control characters, but not tab or line feed', () => {
    for (const c of ['\u0000', '\u0001', '\u0008', '\u000b', '\u001f', '\u007f', '\u0085', '\u009f']) {
      expect(textProblem(`a${c}b`)).toBe('control_character');
    }
    expect(textProblem('一\t二\n三')).toBeNull();
  });

  it('lets a carriage return through in multi-line text only', () => {
    expect(textProblem('第一行\r\n第二行')).toBe('control_character');
    expect(textProblem('第一行\r\n第二行', { multiline: true })).toBeNull();
  });

  it('refuses a lone surrogate, high or low, but not a well-formed pair', () => {
    expect(textProblem('a\ud800b')).toBe('malformed_text');
    expect(textProblem('a\udc00')).toBe('malformed_text');
    expect(textProblem('招商😀')).toBeNull();
  });
});

describe('text fields', () => {
  it('refuse a NUL byte with control_character and a Chinese message naming the field', () => {
    expect(problems(Body, { name: '重庆\u0000科技' })).toEqual([{ field: 'name', code: 'control_character', message: '名称不能包含控制字符' }]);
  });

  it('refuse a lone surrogate with malformed_text, in an e-mail too (where the e-mail check itself would throw)', () => {
    expect(codes(Body, { name: 'a\ud800' })).toEqual(['name:malformed_text']);
    expect(codes(Body, { email: 'a\ud800@x.cn' })).toEqual(['email:malformed_text']);
    expect(codes(Body, { email: 'a\u0000@x.cn' })).toEqual(['email:control_character']);
  });

  it('take a CR LF in a long free-text field, not in a name', () => {
    expect(codes(Body, { description: '第一行\r\n第二行' })).toEqual([]);
    expect(codes(Body, { name: '第一行\r\n第二行' })).toEqual(['name:control_character']);
  });

  it('still refuse a bad e-mail as bad_email and take a good one', () => {
    expect(codes(Body, { email: 'not-an-email' })).toEqual(['email:bad_email']);
    expect(codes(Body, { email: 'li.ming@zhaoshang.local' })).toEqual([]);
  });
});

describe('whole numbers', () => {
  it('refuse a number that is not a safe integer (1e308, 2^53, 1.5, NaN)', () => {
    for (const v of [1e308, 2 ** 53, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(codes(Body, { companyId: v })).toEqual(['companyId:not_integer']);
  });

  it('keep ids within a 32-bit column unless told otherwise', () => {
    expect(problems(Body, { companyId: 123456789012345 })).toEqual([
      { field: 'companyId', code: 'too_large', message: `企业不能大于 ${INT4_MAX}` },
    ]);
    expect(codes(Body, { companyId: INT4_MAX })).toEqual([]);
    expect(codes(Body, { jobs: 101 })).toEqual(['jobs:too_large']);
  });

  it('read only plain decimal digits as a number in a query string', () => {
    expect(plainToInstance(Query, { teamId: '12' }).teamId).toBe(12);
    for (const v of ['1e308', '0x1', ' 1', '', 'NaN', '1.0', '99999999999999999999']) {
      expect(codes(Query, { teamId: v })).toEqual(['teamId:not_integer']);
    }
    expect(codes(Query, { teamId: '99999999999' })).toEqual(['teamId:too_large']);
  });
});
