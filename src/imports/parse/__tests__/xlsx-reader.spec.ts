import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { type MergeRange, parseRange } from '../merges';
import { parseDate } from '../values';
import { columnIndex, dateStyles, isDateFormat, readXlsxRows, type SheetRow, stringItemText, WorkbookReadError } from '../xlsx-reader';

/**
 * The reader against xlsx parts written by hand, as programs other than
 * exceljs write them: namespace prefixes (the .NET SDK), inline strings,
 * phonetic guides (WPS, Japanese Excel), the 1904 date system, ISO date
 * cells, worksheets stored before the shared strings, sheet order differing
 * from the zip's order.
 */
const files: string[] = [];
afterAll(() => files.forEach((p) => rmSync(p, { force: true })));

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface Book { sheets: { name: string; xml: string; file?: string }[]; shared?: string; styles?: string; date1904?: boolean; order?: 'sheets-first' }

async function writeBook(book: Book): Promise<string> {
  const zip = new JSZip();
  const put = (name: string, text: string) => zip.file(name, text);
  const sheetFiles = book.sheets.map((s, i) => s.file ?? `worksheets/sheet${i + 1}.xml`);
  const parts: [string, string][] = [
    ['_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `<?xml version="1.0"?><workbook ${NS}>${book.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${book.sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 10}"/>`).join('')}</sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheetFiles.map((f, i) => `<Relationship Id="rId${i + 10}" Type="${REL}/worksheet" Target="${f}"/>`).join('')}<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`],
  ];
  const sheets: [string, string][] = book.sheets.map((s, i) => [`xl/${sheetFiles[i]}`, `<?xml version="1.0"?><worksheet ${NS}><sheetData>${s.xml}</sheetData></worksheet>`]);
  const rest: [string, string][] = [];
  if (book.shared) rest.push(['xl/sharedStrings.xml', `<?xml version="1.0"?><sst ${NS}>${book.shared}</sst>`]);
  if (book.styles) rest.push(['xl/styles.xml', `<?xml version="1.0"?><styleSheet ${NS}>${book.styles}</styleSheet>`]);
  const ordered = book.order === 'sheets-first' ? [...sheets.reverse(), ...rest, ...parts] : [...parts, ...rest, ...sheets];
  for (const [n, t] of ordered) put(n, t);
  const path = join(tmpdir(), `zs_i5_x_${randomBytes(4).toString('hex')}.xlsx`);
  files.push(path);
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}

async function readAll(path: string): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const r of readXlsxRows(path)) out.push(r);
  return out;
}

const STYLES = '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="#,##0.00_);[Red]\\(#,##0.00\\)"/></numFmts>'
  + '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>';

describe('readXlsxRows', () => {
  it('reads shared, inline, rich and escaped strings, numbers, booleans, errors, date-styled numbers and formula results', async () => {
    const path = await writeBook({
      shared: '<si><t>项目名称</t></si><si><r><rPr><b/></rPr><t>新能源</t></r><r><t xml:space="preserve">电池 </t></r></si>'
        + '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si><si><t>A&amp;B_x000D_</t></si>',
      styles: STYLES,
      sheets: [{ name: '项目台账', xml:
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        + '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c><c r="C3" t="s"><v>3</v></c><c r="E3" t="inlineStr"><is><r><t>内</t></r><r><t>联</t></r></is></c></row>'
        + '<row r="4"><c r="A4" s="1"><v>45356</v></c><c r="B4" s="2"><v>45356</v></c><c r="C4" s="3"><v>1234.5</v></c><c r="D4" t="b"><v>1</v></c><c r="E4" t="e"><v>#N/A</v></c></row>'
        + '<row r="5"><c r="A5" s="1"><f>DATE(2024,3,5)</f><v>45356</v></c><c r="B5" t="str"><f>A1&amp;"x"</f><v>项目名称x</v></c><c r="C5"><f>1/0</f></c><c r="D5" t="e"><f>NA()</f><v>#N/A</v></c></row>'
        + '<row r="6" spans="1:3"><c r="A6" s="1"/><c r="B6" s="2"/></row>' // styled, no values: not given
        + '<row r="7"><c t="inlineStr"><is><t>无引用</t></is></c><c><v>2</v></c></row>' }],
    });
    const rows = await readAll(path);
    expect(rows.map((r) => r.rowNo)).toEqual([1, 3, 4, 5, 7]);
    const at = (n: number) => rows.find((r) => r.rowNo === n)!.cells;
    expect(at(1)).toEqual(['项目名称']);
    expect(at(3)).toEqual(['新能源电池 ', '東京', 'A&B\r', null, '内联']);
    expect(at(4)).toEqual([new Date(Date.UTC(2024, 2, 5)), new Date(Date.UTC(2024, 2, 5)), 1234.5, true]); // the trailing error cell is blank, and trailing blanks are dropped
    expect(at(5)).toEqual([new Date(Date.UTC(2024, 2, 5)), '项目名称x']); // a formula with no cached value and an error are blank
    expect(at(7)).toEqual(['无引用', 2]);
    expect(rows.every((r) => r.sheet === '项目台账')).toBe(true);
  });

  it('reads prefixed XML (x:row, x:c), sheets before the shared strings, in the workbook\'s sheet order', async () => {
    const path = await writeBook({
      order: 'sheets-first',
      shared: '<si><t>甲</t></si><si><t>乙</t></si>',
      sheets: [
        { name: '项目', file: 'worksheets/data.xml', xml: '<x:row r="2" xmlns:x="x"><x:c r="B2" t="s"><x:v>0</x:v></x:c></x:row>' },
        { name: '到位资金', xml: "<row r='1'><c r='A1' t='s'><v>1</v></c></row>" },
      ],
    });
    const rows = await readAll(path);
    expect(rows).toEqual([{ sheet: '项目', rowNo: 2, cells: [null, '甲'], share: 1 }, { sheet: '到位资金', rowNo: 1, cells: ['乙'], share: 1 }]);
  });

  it('reads a merged range\'s cells as its top-left value: a company merged down over its projects, a title across the row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRows([
      ['XX区招商项目台账'],
      ['项目名称', '企业名称', '产业链', '负责人'],
      ['一期', '甲公司', '新材料', '张三'],
      ['二期', null, null, '李四'],
      ['三期', null, '生物医药', '王五'],
      ['丙项目', '丙公司', '新材料', '赵六'],
    ]);
    ws.mergeCells('A1:D1');
    ws.mergeCells('B3:B5');
    ws.mergeCells('C3:C4');
    const path = join(tmpdir(), `zs_i5_x_${randomBytes(4).toString('hex')}.xlsx`);
    files.push(path);
    await wb.xlsx.writeFile(path);
    const rows = await readAll(path);
    expect(rows.map((r) => r.cells)).toEqual([
      ['XX区招商项目台账', 'XX区招商项目台账', 'XX区招商项目台账', 'XX区招商项目台账'],
      ['项目名称', '企业名称', '产业链', '负责人'],
      ['一期', '甲公司', '新材料', '张三'],
      ['二期', '甲公司', '新材料', '李四'],
      ['三期', '甲公司', '生物医药', '王五'],
      ['丙项目', '丙公司', '新材料', '赵六'],
    ]);
  });

  it('reads the 1904 date system and ISO date cells', async () => {
    const path = await writeBook({
      date1904: true,
      styles: STYLES,
      sheets: [{ name: 'S', xml: '<row r="1"><c r="A1" s="1"><v>43894</v></c><c r="B1" t="d"><v>2024-03-05T00:00:00Z</v></c></row>' }],
    });
    const [row] = await readAll(path);
    expect(row.cells.map((c) => parseDate(c).value)).toEqual(['2024-03-05', '2024-03-05']);
  });

  it('a file that is not a workbook throws WorkbookReadError (not_xlsx)', async () => {
    const text = join(tmpdir(), `zs_i5_x_${randomBytes(4).toString('hex')}.xlsx`);
    files.push(text);
    writeFileSync(text, 'hello');
    await expect(readAll(text)).rejects.toBeInstanceOf(WorkbookReadError);
    const zip = new JSZip();
    zip.file('word/document.xml', '<w/>');
    const docx = `${text}.docx`;
    files.push(docx);
    writeFileSync(docx, await zip.generateAsync({ type: 'nodebuffer' }));
    await expect(readAll(docx)).rejects.toMatchObject({ code: 'not_xlsx', message: expect.stringContaining('.xlsx') });
  });
});

describe('pieces', () => {
  it.each<[string, MergeRange | null]>([
    ['B3:D5', { top: 3, left: 1, bottom: 5, right: 3 }], ['$A$1:$AC$1', { top: 1, left: 0, bottom: 1, right: 28 }], ['A1:XFD1', { top: 1, left: 0, bottom: 1, right: 255 }],
    ['C2:C2', null], ['nonsense', null],
  ])('merged range %s', (ref, range) => expect(parseRange(ref)).toEqual(range));

  it.each<[string, boolean]>([
    ['yyyy-mm-dd', true], ['yyyy"年"m"月"d"日"', true], ['[$-804]yyyy/m/d', true], ['m/d/yy h:mm', true], ['[h]:mm:ss', true],
    ['General', false], ['#,##0.00', false], ['0.00_);[Red](0.00)', false], ['"元"#,##0', false], ['@', false], ['0.00E+00', false],
  ])('format %p is a date: %p', (code, expected) => expect(isDateFormat(code)).toBe(expected));

  it('tells date styles by built-in id and custom format', () => {
    expect(dateStyles(STYLES)).toEqual([false, true, true, false]);
  });

  it.each<[string, number]>([['A1', 0], ['Z9', 25], ['AA10', 26], ['AB3', 27], ['XFD1', 16383]])('column of %s is %d', (ref, i) => expect(columnIndex(ref)).toBe(i));

  it('joins runs and leaves phonetic guides out', () => {
    expect(stringItemText('<r><t>上</t></r><r><t>海</t></r><rPh sb="0" eb="1"><t>シャン</t></rPh>')).toBe('上海');
  });
});
