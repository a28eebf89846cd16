import { randomBytes } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findHeaderRow, matchHeaders, PROJECT_FIELDS } from '../fields';
import { parseDate, parseMoney } from '../values';
import { readSheets, type SheetRow } from '../workbook';
import { generateLedger, measureRead } from './read-bench';

/**
 * readSheets over a generated ledger: every data row read once, memory
 * bounded. 3,000 rows by default; IMPORT_READ_ROWS=100000 measures the
 * issue's size and prints the figures.
 */
const ROWS = Number(process.env.IMPORT_READ_ROWS ?? 3000);

describe(`readSheets over ${ROWS} rows`, () => {
  const path = join(tmpdir(), `zs_i5_bench_${randomBytes(4).toString('hex')}.xlsx`);
  afterAll(() => rmSync(path, { force: true }));

  // The figures (time, RSS) are printed, not asserted: this process is a jest worker that has run other suites;
  // `BENCH_ONLY=imports npm run bench` measures the import's memory in a process of its own.
  it('reads every data row of a generated ledger streaming', async () => {
    const g0 = performance.now();
    await generateLedger(path, ROWS);
    const generated = (performance.now() - g0) / 1000;
    const figures = await measureRead(path);
    console.log(JSON.stringify({ file: `${(statSync(path).size / 1024 / 1024).toFixed(1)} MB`, generatedSeconds: +generated.toFixed(1), ...figures }));
    expect(figures.rows).toBe(ROWS);
  }, 600_000);

  it('tells how far through its sheet each row is, for the dry run\'s progress bar', async () => {
    const shares: number[] = [];
    for await (const r of readSheets(path)) if (r.sheet === '项目台账') shares.push(r.share);
    expect(shares.length).toBe(ROWS + 3); // title, header, rows, 合计
    expect(shares[0]).toBeLessThan(1);
    expect(shares.every((v, i) => v > 0 && v <= 1 && (i === 0 || v >= shares[i - 1]))).toBe(true);
    expect(shares[shares.length - 1]).toBe(1);
  });

  it('reads the streamed file\'s cells as written: dates as dates, money in 万元, the 合计 row last', async () => {
    const head: SheetRow[] = [];
    let last: SheetRow | null = null;
    for await (const r of readSheets(path)) {
      if (head.length < 4) head.push(r);
      last = r;
    }
    expect(findHeaderRow(head.map((r) => r.cells), PROJECT_FIELDS)).toBe(1);
    const mapping = matchHeaders(head[1].cells as string[], PROJECT_FIELDS);
    const cell = (row: SheetRow, field: string) => row.cells[mapping.find((m) => m.field === field)!.column];
    expect(head[2].rowNo).toBe(3);
    expect(parseDate(cell(head[2], 'createdOn'))).toEqual({ value: '2016-01-01' });
    expect(cell(head[2], 'createdOn')).toBeInstanceOf(Date);
    expect(parseMoney(cell(head[3], 'plannedInvestment'))).toEqual({ value: 105_000 }); // 10.5 万元
    expect(last?.cells.slice(0, 2)).toEqual(['合计', `共 ${ROWS} 个项目`]);
    expect(last?.rowNo).toBe(ROWS + 3);
  });
});
