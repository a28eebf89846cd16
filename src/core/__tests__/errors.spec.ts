import { HttpException, NotFoundException } from '@nestjs/common';
import { ValidateNested, validateSync } from 'class-validator';
import { QueryFailedError } from 'typeorm';
import { assertCurrentVersion, badField, badInput, checks, notAllowed, staleVersion, tooManyAttempts } from '../errors';
import { errorResponse } from '../http/exception.filter';
import { Int, Str } from '../http/fields';
import { problemsOf } from '../http/validation';

class Contact {
  @Str({ max: 5 })
  name!: string;
}

class Body {
  @Str({ max: 10 })
  name!: string;

  @Int({ min: 1, optional: true })
  jobs?: number;

  @ValidateNested({ each: true })
  contacts?: Contact[];
}

function validate(plain: Record<string, unknown>) {
  const body = Object.assign(new Body(), plain);
  if (Array.isArray(plain.contacts)) body.contacts = plain.contacts.map((c) => Object.assign(new Contact(), c));
  return problemsOf(validateSync(body, { whitelist: true, forbidNonWhitelisted: true }));
}

describe('error bodies', () => {
  it('a bad field answers 400 with a machine code and a Chinese message per field', () => {
    const body = errorResponse(badField('month', 'in_future', '月份（2026-07）不能晚于本月（2026-06）'));
    expect(body).toEqual({
      statusCode: 400, error: 'Bad Request', code: 'in_future', message: '月份（2026-07）不能晚于本月（2026-06）',
      details: [{ field: 'month', code: 'in_future', message: '月份（2026-07）不能晚于本月（2026-06）' }],
    });
  });

  it('several bad fields answer code invalid_input and a message listing each', () => {
    const body = errorResponse(badInput([
      { field: 'a', code: 'required', message: '甲为必填项' },
      { field: 'b', code: 'too_long', message: '乙不能超过 5 个字符' },
    ]));
    expect(body).toMatchObject({ statusCode: 400, code: 'invalid_input', message: '甲为必填项；乙不能超过 5 个字符' });
  });

  it('a stale version answers 409 stale_version with the current version', () => {
    expect(errorResponse(staleVersion('项目', 3, 4))).toMatchObject({
      statusCode: 409, code: 'stale_version', message: '该项目已被他人修改，请刷新后重试', currentVersion: 4,
    });
  });

  it('a refused transition answers 422 with the allowed stages', () => {
    expect(errorResponse(notAllowed('不能改为投产', ['negotiation']))).toMatchObject({ statusCode: 422, code: 'transition_not_allowed', allowed: ['negotiation'] });
  });

  it('what the framework refuses is Chinese too: no route, too many requests, bad JSON, a unique race, an unexpected error', () => {
    expect(errorResponse(new NotFoundException('Cannot GET /x'))).toMatchObject({ statusCode: 404, code: 'route_not_found', message: '请求的接口不存在' });
    expect(errorResponse(new HttpException('ThrottlerException: Too Many Requests', 429))).toMatchObject({ statusCode: 429, code: 'too_many_requests', message: '请求过于频繁，请稍后再试' });
    expect(errorResponse(Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed' }))).toMatchObject({ statusCode: 400, code: 'invalid_json' });
    const unique = new QueryFailedError('INSERT …', [], Object.assign(new Error('UNIQUE constraint failed: companies.creditCode'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }));
    expect(errorResponse(unique)).toMatchObject({ statusCode: 409, code: 'duplicate' });
    const internal = errorResponse(new TypeError('x is undefined'));
    expect(internal).toEqual({ statusCode: 500, error: 'Internal Server Error', code: 'internal_error', message: '服务器内部错误，请稍后重试' });
  });
});

describe('validation problems', () => {
  it('names each field by its Chinese label with a code', () => {
    expect(validate({ name: '12345678901', jobs: 0 })).toEqual([
      { field: 'name', code: 'too_long', message: '名称不能超过 10 个字符' },
      { field: 'jobs', code: 'too_small', message: '就业人数不能小于 1' },
    ]);
  });

  it('a missing value is required, an unknown field is refused, nested fields keep their path', () => {
    const problems = validate({ extra: 1, contacts: [{ name: '123456' }] });
    expect(problems).toEqual([
      { field: 'extra', code: 'unknown_field', message: '不接受字段 extra' },
      { field: 'name', code: 'required', message: '名称为必填项' },
      { field: 'contacts[0].name', code: 'too_long', message: '名称不能超过 5 个字符' },
    ]);
  });
});

describe('checks.rangeOrder', () => {
  it('refuses a range that ends before it starts, naming the end and both dates', () => {
    expect(checks.rangeOrder('signedTo', '签约日期', '2026-06-10', '2026-06-01')).toEqual({
      field: 'signedTo', code: 'range_reversed', message: '签约日期的结束（2026-06-01）不能早于开始（2026-06-10）',
    });
  });

  it('accepts a range of one day and a range open at either end', () => {
    expect(checks.rangeOrder('to', '发生日期', '2026-06-01', '2026-06-01')).toBeNull();
    expect(checks.rangeOrder('to', '发生日期', undefined, '2026-06-01')).toBeNull();
    expect(checks.rangeOrder('to', '发生日期', '2026-06-01', undefined)).toBeNull();
  });
});

describe('checks.realDate and checks.realMonth', () => {
  it('refuse a date or month that does not exist, with the wording DTO fields use and the value received', () => {
    expect(checks.realDate('date', '日期', '2026-02-30')).toMatchObject({
      kind: 'bad_input', details: [{ field: 'date', code: 'bad_date', message: expect.stringMatching(/^日期应为有效日期，格式 YYYY-MM-DD（收到 .*2026-02-30.*）$/) }],
    });
    expect(checks.realMonth('month', '月份', '2026-13')).toMatchObject({ details: [{ field: 'month', code: 'bad_month' }] });
    expect(checks.realMonth('month', '月份', '2026-6')).not.toBeNull();
  });

  it('accept a real date or month', () => {
    expect(checks.realDate('date', '日期', '2028-02-29')).toBeNull();
    expect(checks.realMonth('month', '月份', '2026-06')).toBeNull();
  });
});

describe('assertCurrentVersion', () => {
  it('refuses a version other than the current one with 409 stale_version naming the current one', () => {
    expect(() => assertCurrentVersion('企业', 2, 3)).toThrow(expect.objectContaining({ kind: 'conflict', code: 'stale_version', extra: { currentVersion: 3 } }));
  });

  it('lets the current version through, and a request that sent none', () => {
    expect(() => assertCurrentVersion('企业', 3, 3)).not.toThrow();
    expect(() => assertCurrentVersion('企业', undefined, 3)).not.toThrow();
  });
});

describe('secrets in errors', () => {
  it('never repeats the value of a password field, though it does for other fields', () => {
    expect(badField('password', 'too_short', '密码至少 10 个字符', 'hunter2').details![0].message).toBe('密码至少 10 个字符');
    expect(badField('newPassword', 'x', '新密码不符合要求', 'hunter2').message).not.toContain('hunter2');
    expect(badField('month', 'bad_month', '月份格式不对', '2026-13').message).toContain('2026-13');
  });

  it('answers 429 with the seconds to wait in the body (the filter sends them as Retry-After too)', () => {
    expect(errorResponse(tooManyAttempts('too_many_attempts', '请 15 分钟后再试', 900))).toEqual({
      statusCode: 429, error: 'Too Many Requests', code: 'too_many_attempts', message: '请 15 分钟后再试', retryAfter: 900,
    });
  });
});
