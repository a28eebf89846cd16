import { randomBytes } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('reads every data row streaming, under 1 GiB of RSS', async () => {
    const g0 = performance.now();
    await generateLedger(path, ROWS);
    const generated = (performance.now() - g0) / 1000;
    const figures = await measureRead(path);
    console.log(JSON.stringify({ file: `${(statSync(path).size / 1024 / 1024).toFixed(1)} MB`, generatedSeconds: +generated.toFixed(1), ...figures }));
    expect(figures.rows).toBe(ROWS);
    expect(figures.peakRssMiB).toBeLessThan(1024);
  }, 600_000);
});
