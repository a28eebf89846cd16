import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { addTotalRow, type Column, ColumnTotals, writeTable } from '../../../reports/excel-layout';
import { detectSheet, FUNDS_FIELDS, findHeaderRow, matchHeaders, PROJECT_FIELDS } from '../fields';
import { isBlankRow } from '../text';
import { parseDate, parseMoney } from '../values';
import { checkFile, checkFilePath, isTotalRow, readSheets, type SheetRow } from '../workbook';

const MB = 1024 * 1024;
const files: string[] = [];
const tmp = (ext = 'xlsx'): string => {
  const p = join(tmpdir(), `zs_i5_${randomBytes(4).toString('hex')}.${ext}`);
  files.push(p);
  return p;
};
afterAll(() => files.forEach((p) => rmSync(p, { force: true })));

async function readAll(path: string): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const r of readSheets(path)) rows.push(r);
  return rows;
}

interface Row { code: string; name: string; company: string; planned: number | null; signedOn: string | null }

/** A sheet as our 台账 export writes it: merged title row, header row, dates, quoted formula-like text, a 合计 row. */
async function ledgerLikeFile(): Promise<string> {
  const columns: Column<Row>[] = [
    { header: '项目编号', width: 10, kind: 'text', value: (r) => r.code },
    { header: '项目名称', width: 30, kind: 'text', value: (r) => r.name },
    { header: '企业名称', width: 30, kind: 'text', value: (r) => r.company },
    { header: '计划投资(万元)', width: 18, kind: 'wan', value: (r) => r.planned },
    { header: '签约日期', width: 12, kind: 'date', value: (r) => r.signedOn },
  ];
  const rows: Row[] = [
    { code: 'ZS-001', name: '新材料产业园', company: '甲公司', planned: 1200.5, signedOn: '2024-03-05' },
    { code: 'ZS-002', name: '=HYPERLINK("http://x","点我")', company: '乙公司', planned: null, signedOn: null },
  ];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('项目台账');
  writeTable(ws, columns, rows, '项目台账（2024年3月）');
  const totals = new ColumnTotals(columns, (c) => c.kind === 'wan');
  rows.forEach((r) => totals.add(r));
  addTotalRow(ws, columns, totals.values('合计', { 1: '共 2 个项目' }));
  const path = tmp();
  await wb.xlsx.writeFile(path);
  return path;
}

describe('readSheets (streaming)', () => {
  it('reads our own 台账 back: title row passed over, dates as dates, the neutralised text as it was, the 合计 row recognised', async () => {
    const rows = await readAll(await ledgerLikeFile());
    expect(rows.map((r) => r.rowNo)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.every((r) => r.sheet === '项目台账')).toBe(true);
    const header = findHeaderRow(rows.map((r) => r.cells), PROJECT_FIELDS);
    expect(header).toBe(1); // the merged title row above it names no field
    const mapping = matchHeaders(rows[1].cells as string[], PROJECT_FIELDS);
    expect(mapping.map((m) => m.field)).toEqual(['code', 'name', 'companyName', 'plannedInvestment', 'signedOn']);
    expect(mapping[3].unit).toBe('万元');
    const [first, second, total] = rows.slice(2);
    expect(first.cells[0]).toBe('ZS-001');
    expect(first.cells[4]).toBeInstanceOf(Date);
    expect(parseDate(first.cells[4])).toEqual({ value: '2024-03-05' });
    expect(parseMoney(first.cells[3], mapping[3].unit!)).toEqual({ value: 12_005_000 });
    const { normText } = await import('../text');
    expect(normText(second.cells[1])).toBe('=HYPERLINK("http://x","点我")');
    expect(isTotalRow(total.cells)).toBe(true);
    expect(isTotalRow(first.cells)).toBe(false);
  });

  it('gives formulas their results, rich text and hyperlinks their text, error cells null, and blank rows as blank', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.getCell('A1').value = '项目名称';
    ws.getCell('B1').value = '计划投资';
    ws.getCell('C1').value = '开工日期';
    ws.getCell('D1').value = '企业名称';
    ws.getCell('A2').value = { richText: [{ text: '新能源', font: { bold: true } }, { text: '电池项目' }] };
    ws.getCell('B2').value = { formula: 'SUM(1000,200)', result: 1200 };
    ws.getCell('C2').value = { formula: 'DATE(2024,3,5)', result: 45356 };
    ws.getCell('D2').value = { text: '丙公司', hyperlink: 'https://example.com' };
    ws.getCell('A3').value = '  '; // a row with only spaces
    ws.getCell('A4').value = '丁项目';
    ws.getCell('B4').value = { error: '#N/A' };
    ws.getCell('C4').value = { formula: 'A4&"x"', result: '丁项目x' };
    ws.getCell('D4').value = true;
    const path = tmp();
    await wb.xlsx.writeFile(path);

    const rows = await readAll(path);
    const byNo = new Map(rows.map((r) => [r.rowNo, r.cells]));
    expect(byNo.get(2)).toEqual(['新能源电池项目', 1200, 45356, '丙公司']);
    expect(parseDate(byNo.get(2)![2])).toEqual({ value: '2024-03-05' }); // a formula's date comes as its serial number
    expect(isBlankRow(byNo.get(3) ?? [])).toBe(true);
    expect(byNo.get(4)).toEqual(['丁项目', null, '丁项目x', true]);
  });

  it('reads every sheet with its name, the 到位资金 sheet after the projects', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('项目').addRows([['项目名称', '企业名称', '产业链'], ['甲', '甲公司', '新材料']]);
    const funds = wb.addWorksheet('到位资金');
    funds.addRows([['项目编号', '企业名称', '项目名称', '月份', '金额(亿元)'], ['ZS-1', null, null, '2024-03', 1.5]]);
    const path = tmp();
    await wb.xlsx.writeFile(path);
    const rows = await readAll(path);
    expect(rows.map((r) => [r.sheet, r.rowNo])).toEqual([['项目', 1], ['项目', 2], ['到位资金', 1], ['到位资金', 2]]);
    const fundRows = rows.filter((r) => r.sheet === '到位资金').map((r) => r.cells);
    expect(findHeaderRow(fundRows, FUNDS_FIELDS)).toBe(0);
    expect(detectSheet(fundRows)).toEqual({ kind: 'funds', headerIndex: 0 }); // though it names 项目编号, 项目名称, 企业名称
    expect(detectSheet(rows.filter((r) => r.sheet === '项目').map((r) => r.cells))).toEqual({ kind: 'projects', headerIndex: 0 });
    expect(detectSheet([['填表说明'], ['1. 日期请填写 2024-03-05']])).toBeNull();
    const m = matchHeaders(fundRows[0] as string[], FUNDS_FIELDS);
    expect(m.map((x) => x.field)).toEqual(['code', 'companyName', 'name', 'month', 'amount']);
    expect(parseMoney(fundRows[1][4], m[4].unit!)).toEqual({ value: 150_000_000 });
  });

  it('refuses to read a file that is not an xlsx (the caller reports not_xlsx)', async () => {
    const path = tmp();
    writeFileSync(path, 'not a zip at all');
    await expect(readAll(path)).rejects.toThrow();
  });
});

describe('isTotalRow', () => {
  it.each<[unknown[], boolean]>([
    [['合计', '共 12 个项目', null, 1200], true],
    [['合 计', null, 1200], true],
    [[null, '总计：', 3], true],
    [[null, null, '小计'], true],
    [['ZS-1', '合计项目', '甲公司'], false],
    [['ZS-1', '甲项目', '甲公司', '合计'], false], // only the first three filled cells count
    [[], false],
  ])('%p → %p', (cells, expected) => expect(isTotalRow(cells)).toBe(expected));
});

describe('checkFile', () => {
  const xlsxBuffer = async (): Promise<Buffer> => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').addRow(['项目名称']);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  /** An OLE compound file: 512-byte sectors, its directory at `dirSector`, naming `entries`. */
  const cfb = (entries: string[], dirSector = 1): Buffer => {
    const buf = Buffer.alloc((dirSector + 2) * 512);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
    buf.writeUInt16LE(9, 0x1e);
    buf.writeUInt32LE(dirSector, 0x30);
    entries.forEach((e, i) => Buffer.from(e, 'utf16le').copy(buf, (dirSector + 1) * 512 + i * 128));
    return buf;
  };

  it('accepts an xlsx', async () => {
    const buf = await xlsxBuffer();
    expect(checkFile(buf, buf.length, 20 * MB)).toBeNull();
  });

  it('refuses a file over the limit, saying both sizes', () => {
    expect(checkFile(Buffer.alloc(10), 25 * MB, 20 * MB)).toEqual({ code: 'too_large', message: '文件过大（25 MB），上限为 20 MB' });
  });

  it('an .xls asks for .xlsx', () => {
    const r = checkFile(cfb(['Root Entry', 'Workbook']), 1536, 20 * MB);
    expect(r?.code).toBe('xls_not_supported');
    expect(r?.message).toContain('请另存为 .xlsx 后再上传');
  });

  it('an xlsx with a password is encrypted, not an .xls', () => {
    const r = checkFile(cfb(['Root Entry', 'EncryptionInfo', 'EncryptedPackage']), 1536, 20 * MB);
    expect(r?.code).toBe('encrypted');
    expect(r?.message).toContain('密码');
  });

  it('text, a CSV or a zip without a workbook is not an xlsx', async () => {
    const csv = Buffer.from('项目名称,企业名称\n甲,乙\n');
    expect(checkFile(csv, csv.length, 20 * MB)?.code).toBe('not_xlsx');
    const zip = new JSZip();
    zip.file('word/document.xml', '<w:document/>');
    const docx = await zip.generateAsync({ type: 'nodebuffer' });
    expect(checkFile(docx, docx.length, 20 * MB)?.code).toBe('not_xlsx');
    expect(checkFile(Buffer.alloc(0), 0, 20 * MB)?.code).toBe('not_xlsx');
  });

  it('checkFilePath finds an encrypted file\'s directory beyond the first bytes, and a workbook entry at the zip\'s end', async () => {
    const enc = tmp('xlsx');
    writeFileSync(enc, cfb(['Root Entry', 'EncryptedPackage'], 700)); // directory at 350 KiB
    expect((await checkFilePath(enc, 20 * MB))?.code).toBe('encrypted');
    const xls = tmp('xls');
    writeFileSync(xls, cfb(['Root Entry', 'Workbook'], 700));
    expect((await checkFilePath(xls, 20 * MB))?.code).toBe('xls_not_supported');

    // a big zip whose xl/workbook.xml comes after 300 KiB of sheet: only the central directory names it early enough
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/worksheets/sheet1.xml', randomBytes(300 * 1024).toString('base64'), { compression: 'STORE' });
    zip.file('xl/workbook.xml', '<workbook/>');
    const big = tmp();
    writeFileSync(big, await zip.generateAsync({ type: 'nodebuffer' }));
    expect(await checkFilePath(big, 20 * MB)).toBeNull();
    expect((await checkFilePath(big, 100 * 1024))?.code).toBe('too_large');
  });
});
