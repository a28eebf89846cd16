/**
 * Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first)
 * leaves in every export neutralised with a leading quote (OWASP CSV
 * injection), and an import can read the original back.
 */
import ExcelJS from 'exceljs';
import { unneutralise } from '../../src/reports/excel-cells';
import { bearer, makeProject, seedWorld, type World } from '../helpers/fixtures';
import { startTestApp, type TestApp } from '../helpers/test-app';

function binary(response: unknown, done: (err: Error | null, body: Buffer) => void) {
  const res = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('formula-like text in Excel exports', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    w = await seedWorld(t);
  });
  afterAll(async () => t?.close());

  it('writes =, +, -, @ at the start of a name as text with a leading quote, and reads back as typed', async () => {
    const names = ['=HYPERLINK("http://evil.example","点我")', '+1+1', '-2+3', '@SUM(A1)'];
    for (const name of names) await makeProject(t, w.officerA, { name, industryChain: 'new_materials' });
    const res = await t.http().get('/api/v1/reports/projects.xlsx').set(bearer(w.admin)).buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    const cells: string[] = [];
    ws.eachRow((row) => cells.push(String(row.getCell(2).value)));
    const written = cells.filter((c) => names.includes(unneutralise(c)) && c !== '项目名称');
    expect(written).toEqual(names.map((n) => `'${n}`));
    // Nothing in the sheet is a formula.
    ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });
});
