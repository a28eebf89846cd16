import { MAX_WAN, sumYuan, wanProblem, wanToYuan, yuanToWan, yuanToYiText } from '../money';

describe('money', () => {
  it.each([
    [0, 0],
    [1, 10_000],
    [0.0001, 1],
    [12345.6789, 123_456_789],
    [3_000_000, 30_000_000_000],
    [0.1, 1_000],
    [0.3, 3_000],
    [1.005, 10_050],
    [99_999_999.9999, 999_999_999_999],
  ])('%p 万元 is %p 元 and back', (wan, yuan) => {
    expect(wanToYuan(wan)).toBe(yuan);
    expect(yuanToWan(yuan)).toBe(wan);
  });

  it.each([
    [-1, '不能为负数'],
    [1.23456, '最多 4 位小数'],
    [0.00001, '最多 4 位小数'],
    [Number.NaN, '应为数字'],
    [Number.POSITIVE_INFINITY, '应为数字'],
    ['100', '应为数字'],
    [MAX_WAN + 1, '不能超过'],
  ])('refuses %p (%s)', (value, why) => {
    expect(wanProblem(value)).toContain(why);
    expect(() => wanToYuan(value as number)).toThrow(RangeError);
  });

  it('zero can be refused where an amount must be positive', () => {
    expect(wanProblem(0, { allowZero: false })).toBe('应大于 0');
    expect(wanProblem(0)).toBeNull();
  });

  it('sums 10,000 random amounts to the exact total', () => {
    // A seeded generator so a failure can be replayed.
    let seed = 20261121;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const wans: number[] = [];
    let exactTenThousandths = 0n;
    for (let i = 0; i < 10_000; i++) {
      const intPart = Math.floor(rand() * 5_000_000);
      const frac = Math.floor(rand() * 10_000);
      const text = `${intPart}.${String(frac).padStart(4, '0')}`;
      wans.push(Number(text));
      exactTenThousandths += BigInt(intPart) * 10_000n + BigInt(frac);
    }
    const total = sumYuan(wans.map(wanToYuan));
    expect(total).toBe(exactTenThousandths);
    expect(yuanToWan(total)).toBe(Number(`${exactTenThousandths / 10_000n}.${String(exactTenThousandths % 10_000n).padStart(4, '0')}`));
  });

  it('formats 亿元 with 4 decimals, rounding half up', () => {
    expect(yuanToYiText(30_000_000_000)).toBe('300.0000');
    expect(yuanToYiText(123_456_789)).toBe('1.2346');
    expect(yuanToYiText(0)).toBe('0.0000');
  });
});
