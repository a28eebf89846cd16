import { safeText, unneutralise } from '../excel-cells';

describe(safeText.name, () => {
  it('prefixes a quote to text that starts with =, +, -, @, a tab or a carriage return', () => {
    expect(safeText('=HYPERLINK("http://evil.example","点击")')).toBe(`'=HYPERLINK("http://evil.example","点击")`);
    expect(safeText('+86 138 0013 8000')).toBe("'+86 138 0013 8000");
    expect(safeText('-2+3')).toBe("'-2+3");
    expect(safeText('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(safeText('\t=1+1')).toBe("'\t=1+1");
    expect(safeText('\r=1+1')).toBe("'\r=1+1");
  });

  it('leaves other text, numbers, null and a trigger later in the text as they are', () => {
    expect(safeText('重庆储能科技有限公司')).toBe('重庆储能科技有限公司');
    expect(safeText('A=1')).toBe('A=1');
    expect(safeText(' =1')).toBe(' =1');
    expect(safeText("'abc")).toBe("'abc");
    expect(safeText('')).toBe('');
    expect(safeText(-12.5)).toBe(-12.5);
    expect(safeText(null)).toBeNull();
  });

  it('quotes once more a text that already starts with quotes before a trigger, so that nothing is ambiguous', () => {
    expect(safeText("'=1")).toBe("''=1");
    expect(safeText("''-x")).toBe("'''-x");
  });
});

describe(unneutralise.name, () => {
  it('gives back the original of every text safeText wrote', () => {
    const texts = ['=1+1', '+86', '-', '@', '\t', '\r\n', "'", "'=1", "''=1", "'abc", 'abc', '', '项目=甲', '=', "'''@x", ' -1'];
    for (const t of texts) expect(unneutralise(safeText(t))).toBe(t);
  });

  it('leaves a quote that safeText did not add', () => {
    expect(unneutralise("'abc")).toBe("'abc");
    expect(unneutralise("'")).toBe("'");
  });
});
