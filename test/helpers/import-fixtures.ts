/**
 * The import suites' files and calls: xlsx workbooks built with exceljs as a
 * district's own ledger would look (a merged title row above the header, a
 * 到位资金 sheet), the bytes of files that are not an xlsx (an .xls, an
 * encrypted xlsx: both OLE compound files), and the upload → dry run →
 * decisions → commit round of the /imports API over supertest.
 */
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import type { TestApp } from './test-app';

export type CellValue = string | number | Date | boolean | null | { formula: string; result?: unknown } | { richText: { text: string }[] };

export { FUNDS_HEADERS, LEDGER_HEADERS } from './import-headers';

export interface SheetSpec {
  name: string;
  /** rows above the header (a title merged across the table, a blank line …) */
  above?: CellValue[][];
  /** merge each of the `above` rows across the header's width */
  mergeAbove?: boolean;
  headers: readonly string[];
  /** the data rows, cell by cell in header order; a row of nulls is a blank row */
  rows: CellValue[][];
  /** rows under the table (a 合计 row) */
  below?: CellValue[][];
}

/** A workbook of the given sheets, as bytes. */
export async function workbookBytes(sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'district ledger';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    let r = 1;
    for (const row of s.above ?? []) {
      ws.getRow(r).values = row as ExcelJS.CellValue[];
      if (s.mergeAbove) ws.mergeCells(r, 1, r, s.headers.length);
      r++;
    }
    ws.getRow(r++).values = [...s.headers];
    for (const row of [...s.rows, ...(s.below ?? [])]) {
      const xr = ws.getRow(r++);
      row.forEach((v, i) => {
        if (v !== null && v !== undefined) xr.getCell(i + 1).value = v as ExcelJS.CellValue;
      });
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A row in header order from a record keyed by header (missing headers empty). */
export function rowOf(headers: readonly string[], rec: Record<string, CellValue>): CellValue[] {
  for (const k of Object.keys(rec)) if (!headers.includes(k)) throw new Error(`no column ${k}`);
  return headers.map((h) => (h in rec ? rec[h] : null));
}

// ------------------------------------------------------------ OLE files

/**
 * A minimal OLE compound file (MS-CFB, version 3, 512-byte sectors) whose
 * root storage holds empty streams of the given names: sector 0 is the FAT,
 * sector 1 the directory. An .xls holds a `Workbook` stream; an encrypted
 * xlsx (Office's "agile" encryption) is an OLE file holding
 * `EncryptionInfo` and `EncryptedPackage`, not a zip.
 */
export function compoundFile(streams: string[]): Buffer {
  if (streams.length > 3) throw new Error('one directory sector holds the root and 3 streams');
  const SECTOR = 512;
  const FREE = 0xffffffff;
  const END = 0xfffffffe;
  const FATSECT = 0xfffffffd;
  const header = Buffer.alloc(SECTOR);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header, 0);
  header.writeUInt16LE(0x003e, 24); // minor version
  header.writeUInt16LE(0x0003, 26); // major version 3
  header.writeUInt16LE(0xfffe, 28); // little-endian
  header.writeUInt16LE(9, 30); // 512-byte sectors
  header.writeUInt16LE(6, 32); // 64-byte mini sectors
  header.writeUInt32LE(1, 44); // FAT sectors
  header.writeUInt32LE(1, 48); // first directory sector
  header.writeUInt32LE(0x1000, 56); // mini stream cutoff
  header.writeUInt32LE(END, 60); // no mini FAT
  header.writeUInt32LE(END, 68); // no DIFAT sectors
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : FREE, 76 + i * 4);
  const fat = Buffer.alloc(SECTOR, 0xff);
  fat.writeUInt32LE(FATSECT, 0);
  fat.writeUInt32LE(END, 4);
  const dir = Buffer.alloc(SECTOR);
  const entry = (i: number, name: string, type: number, right: number, child: number) => {
    const o = i * 128;
    const n = Buffer.from(`${name}\0`, 'utf16le');
    n.copy(dir, o);
    dir.writeUInt16LE(n.length, o + 64);
    dir.writeUInt8(type, o + 66);
    dir.writeUInt8(1, o + 67); // black
    dir.writeUInt32LE(FREE, o + 68); // left sibling
    dir.writeUInt32LE(right, o + 72);
    dir.writeUInt32LE(child, o + 76);
    dir.writeUInt32LE(END, o + 116); // start sector: none (empty)
  };
  entry(0, 'Root Entry', 5, FREE, streams.length ? 1 : FREE);
  streams.forEach((s, i) => entry(i + 1, s, 2, i + 2 <= streams.length ? i + 2 : FREE, FREE));
  for (let i = streams.length + 1; i < 4; i++) {
    dir.writeUInt32LE(FREE, i * 128 + 68);
    dir.writeUInt32LE(FREE, i * 128 + 72);
    dir.writeUInt32LE(FREE, i * 128 + 76);
  }
  return Buffer.concat([header, fat, dir]);
}

/** An Excel 97–2003 file's bytes (what WPS and old Excel save as .xls). */
export const xlsBytes = () => compoundFile(['Workbook', '\u0005SummaryInformation']);
/** A password-protected .xlsx: an OLE container with the encrypted package inside. */
export const encryptedXlsxBytes = () => compoundFile(['\u0006DataSpaces', 'EncryptionInfo', 'EncryptedPackage']);

/** Bytes that are neither a zip nor an OLE file (a seeded pattern, so every run sends the same). */
export function randomBinary(size: number): Buffer {
  const out = Buffer.alloc(size);
  let a = 0x2545f491;
  for (let i = 0; i < size; i++) {
    a = (a * 1103515245 + 12345) >>> 0;
    out[i] = a >>> 24;
  }
  out[0] = 0x7f; // not "PK", not D0 CF
  return out;
}

// ------------------------------------------------------------ the API

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const bearerOf = (token: string) => ({ Authorization: `Bearer ${token}` });

/** POST /imports with `bytes` as the multipart field `file`. */
export function upload(t: TestApp, token: string, bytes: Buffer, fileName = '项目台账.xlsx', mapping?: unknown): Promise<Response> {
  const req = t.http().post('/api/v1/imports').set(bearerOf(token)).attach('file', bytes, { filename: fileName, contentType: XLSX_TYPE });
  return (mapping === undefined ? req : req.field('mapping', JSON.stringify(mapping))) as unknown as Promise<Response>;
}

/** Every machine code an error answer carries: its own and its details'. */
export const codesOf = (body: { code?: string; details?: { code: string }[] }) => [body.code, ...(body.details ?? []).map((d) => d.code)];

export type ImportView = {
  id: number;
  status: string;
  counts: Record<string, number>;
  progress: { phase: string; done: number; total: number; rowsPerSecond: number } | null;
  error: string | null;
  version: number;
  [k: string]: unknown;
};

/** GET /imports/:id until its status is one of `until` (the dry run and the commit are jobs). */
export async function waitFor(t: TestApp, token: string, id: number, until: string[], timeoutMs = 60_000): Promise<ImportView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.http().get(`/api/v1/imports/${id}`).set(bearerOf(token));
    if (res.status !== 200) throw new Error(`GET /imports/${id}: ${res.status} ${JSON.stringify(res.body)}`);
    if (until.includes(res.body.status)) return res.body as ImportView;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${res.body.status} after ${timeoutMs} ms: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Uploads and waits for the dry run: the import, ready (or failed, for the caller to look at). */
export async function dryRun(t: TestApp, token: string, bytes: Buffer, fileName = '项目台账.xlsx'): Promise<ImportView> {
  const res = await upload(t, token, bytes, fileName);
  if (res.status !== 201) throw new Error(`POST /imports: ${res.status} ${JSON.stringify(res.body)}`);
  return waitFor(t, token, res.body.id, ['ready', 'failed']);
}

export type ImportRow = {
  sheet: string;
  rowNo: number;
  name: string | null;
  companyName: string | null;
  code: string | null;
  errors: { column: string; field: string | null; value: unknown; code: string; message: string }[];
  warnings: { column: string; field: string | null; value: unknown; code: string; message: string }[];
  duplicates: { kind: 'database' | 'file'; rule: string; projectId?: number; projectName?: string; rowNo?: number; message: string }[];
  proposed: string;
  decision: string | null;
  matchProjectId: number | null;
};

/** Every row of the dry run of a kind (all pages), in sheet and row order. */
export async function rowsOf(t: TestApp, token: string, id: number, kind: 'errors' | 'duplicates' | 'warnings' | 'all', sheet?: 'projects' | 'funds'): Promise<ImportRow[]> {
  const out: ImportRow[] = [];
  for (let page = 1; ; page++) {
    const q = `kind=${kind}${sheet ? `&sheet=${sheet}` : ''}&page=${page}&pageSize=100`;
    const res = await t.http().get(`/api/v1/imports/${id}/rows?${q}`).set(bearerOf(token)).expect(200);
    out.push(...(res.body.items as ImportRow[]));
    if (out.length >= res.body.total || res.body.items.length === 0) return out;
  }
}

/** POST /imports/:id/commit at the import's current version and waits for the job's end. */
export async function commit(t: TestApp, token: string, id: number, timeoutMs = 60_000): Promise<ImportView> {
  const current = await waitFor(t, token, id, ['ready', 'failed', 'done']);
  const res = await t.http().post(`/api/v1/imports/${id}/commit`).set(bearerOf(token)).send({ version: current.version });
  if (res.status !== 202) throw new Error(`POST /imports/${id}/commit: ${res.status} ${JSON.stringify(res.body)}`);
  return waitFor(t, token, id, ['done', 'failed'], timeoutMs);
}

/** supertest keeps a binary body as it came */
export function binary(response: unknown, done: (err: Error | null, body: Buffer) => void) {
  const res = response as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** A GET that answers a file, as bytes. */
export async function download(t: TestApp, token: string, path: string): Promise<Buffer> {
  const res = await t.http().get(`/api/v1${path}`).set(bearerOf(token)).buffer(true).parse(binary);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  return res.body as Buffer;
}

/** The rows of a workbook's sheet as plain values (dates as 'YYYY-MM-DD', formulas as their results, empty as null). */
export async function sheetValues(bytes: Buffer, sheet: string | number = 1): Promise<(string | number | null)[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const ws = typeof sheet === 'number' ? wb.worksheets[sheet - 1] : wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  const out: (string | number | null)[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const values: (string | number | null)[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      let v = row.getCell(c).value as unknown;
      if (v && typeof v === 'object' && 'result' in (v as object)) v = (v as { result: unknown }).result;
      if (v && typeof v === 'object' && 'richText' in (v as object)) v = (v as { richText: { text: string }[] }).richText.map((x) => x.text).join('');
      values.push(v === undefined || v === null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : (v as string | number));
    }
    out.push(values);
  }
  return out;
}
