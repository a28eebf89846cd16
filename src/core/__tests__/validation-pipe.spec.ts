import type { ArgumentMetadata } from '@nestjs/common';
import { type DomainError, isDomainError } from '../errors';
import { Str } from '../http/fields';
import { IdPipe } from '../http/id.pipe';
import { AppValidationPipe, MAX_BODY_DEPTH, nestsDeeperThan } from '../http/validation-pipe';

class LoginBody {
  @Str({ max: 50 })
  email: string;
}

const body: ArgumentMetadata = { type: 'body', metatype: LoginBody, data: undefined };
const param = (data: string): ArgumentMetadata => ({ type: 'param', metatype: Number, data });

async function refusal(call: () => unknown): Promise<DomainError> {
  try {
    await call();
  } catch (err) {
    if (isDomainError(err)) return err;
    throw err;
  }
  throw new Error('accepted');
}

/** `[[[…]]]` `depth` arrays deep, built without recursion. */
function nested(depth: number): unknown {
  let v: unknown = [];
  for (let i = 1; i < depth; i++) v = [v];
  return v;
}

describe(nestsDeeperThan.name, () => {
  it('measures arrays and objects alike, without overflowing on 20,000 levels', () => {
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [{ b: {} }] }, 3)).toBe(true);
    expect(nestsDeeperThan(nested(20_000), MAX_BODY_DEPTH)).toBe(true);
    expect(nestsDeeperThan(JSON.parse('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)), MAX_BODY_DEPTH)).toBe(true);
    expect(nestsDeeperThan('text', 0)).toBe(false);
  });
});

describe(AppValidationPipe.name, () => {
  const pipe = new AppValidationPipe();

  it('refuses a body nested deeper than the limit with 400 too_deep before validating it', async () => {
    const err = await refusal(() => pipe.transform(nested(20_000), body));
    expect(err).toMatchObject({ kind: 'bad_input', code: 'too_deep', message: `请求体嵌套过深（最多 ${MAX_BODY_DEPTH} 层）` });
  });

  it('validates an ordinary body as before', async () => {
    expect(await pipe.transform({ email: 'a@b.cn' }, body)).toBeInstanceOf(LoginBody);
    expect(await refusal(() => pipe.transform({ email: 'a@b.cn', extra: 1 }, body))).toMatchObject({ code: 'unknown_field' });
  });

  it('leaves a route parameter as it came, so that IdPipe sees 0x1, 1e0, 01 and " 1" and refuses them', async () => {
    const ids = new IdPipe();
    for (const raw of ['0x1', '1e0', '01', ' 1', '1.0', '+1', '2147483648']) {
      const value = await pipe.transform(raw, param('id'));
      expect(value).toBe(raw);
      expect(await refusal(() => ids.transform(value as string, param('id')))).toMatchObject({ code: 'bad_id' });
    }
    expect(ids.transform((await pipe.transform('12', param('id'))) as string, param('id'))).toBe(12);
  });

  it('refuses a text route parameter with a control character or a lone surrogate', async () => {
    expect(await refusal(() => pipe.transform('a\u0000b', param('code')))).toMatchObject({ code: 'control_character', details: [{ field: 'code' }] });
    expect(await refusal(() => pipe.transform('a\ud800', param('kind')))).toMatchObject({ code: 'malformed_text' });
  });
});
