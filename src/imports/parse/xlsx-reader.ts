/**
 * A streaming reader of xlsx sheets, written for the import's volume: the
 * sheet XML is scanned row by row as it inflates, without building a DOM or
 * a cell object per cell (exceljs's streaming reader does both and reads
 * some 4,000 rows of 29 columns a second on this machine; this reads more
 * than ten times that). What it gives is what the import needs: per row,
 * the cells' values — text, number, boolean, Date for a cell formatted as a
 * date (a formula's result too), null for an error — from column A at
 * index 0. Shared strings are held in memory (they are what Excel writes
 * once per distinct text); everything else passes through.
 */
import { MergeFiller, type MergeRange, parseRange } from './merges';
import { BadZipError, entryText, entryWhole, type ZipEntry, zipEntries } from './zip';

/** The file could not be read as a workbook (the caller reports not_xlsx). */
export class WorkbookReadError extends Error {
  readonly code = 'not_xlsx' as const;
  constructor(readonly why: string) {
    super('文件不是可读取的 Excel 工作簿（.xlsx）：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传');
    this.name = 'WorkbookReadError';
  }
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;

/** XML character data as text: entities decoded. */
export function xmlDecode(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (_, named: string | undefined, dec: string | undefined, hex: string | undefined) =>
    (named ? NAMED[named] : String.fromCodePoint(dec ? Number(dec) : parseInt(hex!, 16))));
}

/** A string item's text: Excel escapes control characters as _xHHHH_. */
const unescapeX = (s: string): string => (s.indexOf('_x') < 0 ? s : s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));

const PHONETIC = /<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g;
const T_TEXT = /<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)<\/(?:\w+:)?t>/g;

/** The plain text of a shared or inline string (`<si>`, `<is>`): its runs joined, phonetic guides left out. */
export function stringItemText(xml: string): string {
  const body = xml.indexOf('rPh') >= 0 ? xml.replace(PHONETIC, '') : xml;
  let out = '';
  for (const m of body.matchAll(T_TEXT)) out += m[1];
  return unescapeX(xmlDecode(out));
}

const attrCache = new Map<string, RegExp>();
/** An attribute's value in a start tag (either quote), or null. */
export function attr(tag: string, name: string): string | null {
  let re = attrCache.get(name);
  if (!re) {
    re = new RegExp(`(?:^|\\s)${name.replace(':', '\\:')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attrCache.set(name, re);
  }
  const m = re.exec(tag);
  return m ? xmlDecode(m[1] ?? m[2]) : null;
}

/**
 * The complete `<tag …>…</tag>` (or `<tag …/>`) elements of a stream of XML
 * text, one at a time; text between them is dropped. The tag must not nest.
 */
export async function* elements(chunks: AsyncIterable<string>, tag: string): AsyncGenerator<string> {
  const open = new RegExp(`<(?:\\w+:)?${tag}[\\s>/]`, 'g');
  const close = new RegExp(`</(?:\\w+:)?${tag}>`, 'g');
  let buf = '';
  for await (const chunk of chunks) {
    buf = buf ? buf + chunk : chunk;
    let pos = 0;
    for (;;) {
      open.lastIndex = pos;
      const o = open.exec(buf);
      if (!o) { pos = Math.max(pos, buf.length - 64); break; }
      const gt = buf.indexOf('>', o.index + 1);
      if (gt < 0) { pos = o.index; break; }
      if (buf.charCodeAt(gt - 1) === 47 /* / */) { yield buf.slice(o.index, gt + 1); pos = gt + 1; continue; }
      close.lastIndex = gt;
      const c = close.exec(buf);
      if (!c) { pos = o.index; break; }
      pos = c.index + c[0].length;
      yield buf.slice(o.index, pos);
    }
    buf = buf.slice(pos);
  }
}

// ------------------------------------------------------------------ styles

/** Excel's built-in number formats that show a date or a time. */
const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a number format shows a date (or time): y, m, d, h or s outside quotes, escapes and [colour]/[$-804] brackets. */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/[_*]./g, '').replace(/\[(?![hms]+\])[^\]]*\]/gi, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** For each cell style (xf) index, whether it formats the cell as a date. */
export function dateStyles(stylesXml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const m of stylesXml.matchAll(/<(?:\w+:)?numFmt\b[^>]*>/g)) {
    const id = attr(m[0], 'numFmtId');
    const code = attr(m[0], 'formatCode');
    if (id !== null && code !== null) custom.set(Number(id), code);
  }
  const xfs = /<(?:\w+:)?cellXfs\b[\s\S]*?<\/(?:\w+:)?cellXfs>/.exec(stylesXml)?.[0] ?? '';
  return [...xfs.matchAll(/<(?:\w+:)?xf\b[^>]*>/g)].map((m) => {
    const id = Number(attr(m[0], 'numFmtId') ?? 0);
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : BUILTIN_DATES.has(id);
  });
}

// ------------------------------------------------------------------ cells

/** "AB12" → 27 (0-based column index), or -1. */
export function columnIndex(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch >= 65 && ch <= 90) n = n * 26 + (ch - 64);
    else if (ch >= 97 && ch <= 122) n = n * 26 + (ch - 96);
    else break;
  }
  return i === 0 ? -1 : n - 1;
}

/** Excel's serial day number → the Date exceljs would give (midnight UTC of that day, plus the time of day). */
export function serialToDate(serial: number, date1904: boolean): Date {
  const days = date1904 ? serial + 1462 : serial;
  return new Date(Math.round((days - 25569) * 86_400_000));
}

interface SheetContext {
  sharedStrings: string[];
  dates: boolean[];
  date1904: boolean;
}

const CELL = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
const V = /<(?:\w+:)?v(?:\s[^>]*)?>([^<]*)<\/(?:\w+:)?v>/;
const HAS_F = /<(?:\w+:)?f[\s>/]/;
const INLINE = /<(?:\w+:)?is>([\s\S]*?)<\/(?:\w+:)?is>/;

/** One `<row>` element's cells, from column A at index 0, trailing blanks dropped. */
export function rowCells(rowXml: string, ctx: SheetContext): unknown[] {
  const cells: unknown[] = [];
  let next = 0;
  CELL.lastIndex = 0;
  for (let m = CELL.exec(rowXml); m; m = CELL.exec(rowXml)) {
    const attrs = m[1];
    const body = m[2];
    const ref = attr(attrs, 'r');
    const col = ref ? columnIndex(ref) : next;
    next = col + 1;
    if (col < 0 || body === undefined) continue;
    const t = attr(attrs, 't');
    let value: unknown = null;
    if (t === 'inlineStr') {
      const is = INLINE.exec(body);
      value = is ? stringItemText(is[1]) : null;
    } else {
      const v = V.exec(body);
      if (v) {
        const text = v[1];
        if (t === 's') value = ctx.sharedStrings[Number(text)] ?? null;
        else if (t === 'str') value = unescapeX(xmlDecode(text));
        else if (t === 'b') value = text === '1' || text === 'true';
        else if (t === 'e') value = null;
        else if (t === 'd') { const d = new Date(text); value = Number.isNaN(d.getTime()) ? null : d; }
        else {
          const n = Number(text);
          if (text === '' || !Number.isFinite(n)) value = null;
          else {
            const s = attr(attrs, 's');
            value = s !== null && ctx.dates[Number(s)] ? serialToDate(n, ctx.date1904) : n;
          }
        }
      } else if (t !== 's' && !HAS_F.test(body)) value = null;
    }
    while (cells.length < col) cells.push(null);
    cells[col] = value;
  }
  while (cells.length && (cells[cells.length - 1] === null || cells[cells.length - 1] === '')) cells.pop();
  return cells;
}

// ------------------------------------------------------------------ workbook

export interface SheetRow {
  sheet: string;
  rowNo: number;
  cells: unknown[];
  /** how far through its sheet the reader is, 0…1 (the sheet's bytes read): for a progress estimate */
  share: number;
}

interface SheetRef { name: string; entry: ZipEntry; hidden: boolean }

/** Resolves a relationship target against the folder of the part that names it. */
function resolve(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').filter(Boolean);
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

function relationships(xml: string): Map<string, { type: string; target: string }> {
  const rels = new Map<string, { type: string; target: string }>();
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) rels.set(id, { type: attr(m[0], 'Type') ?? '', target });
  }
  return rels;
}

async function openWorkbook(path: string): Promise<{ sheets: SheetRef[]; ctx: SheetContext }> {
  const entries = await zipEntries(path);
  const rootRels = entries.get('_rels/.rels');
  const officeDoc = rootRels
    ? [...relationships(await entryWhole(path, rootRels)).values()].find((r) => r.type.endsWith('/officeDocument'))?.target
    : undefined;
  const workbookPath = officeDoc ? resolve('', officeDoc) : 'xl/workbook.xml';
  const workbookEntry = entries.get(workbookPath);
  if (!workbookEntry) throw new WorkbookReadError(`no ${workbookPath}`);
  const dir = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/')) : '';
  const workbookXml = await entryWhole(path, workbookEntry);
  const relsEntry = entries.get(`${dir ? `${dir}/` : ''}_rels/${workbookPath.slice(dir ? dir.length + 1 : 0)}.rels`);
  const rels = relsEntry ? relationships(await entryWhole(path, relsEntry)) : new Map<string, { type: string; target: string }>();
  const typed = (suffix: string) => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target;

  const sharedStrings: string[] = [];
  const sstEntry = entries.get(resolve(dir, typed('/sharedStrings') ?? 'sharedStrings.xml'));
  if (sstEntry) for await (const si of elements(entryText(path, sstEntry), 'si')) sharedStrings.push(stringItemText(si));
  const stylesEntry = entries.get(resolve(dir, typed('/styles') ?? 'styles.xml'));
  const dates = stylesEntry ? dateStyles(await entryWhole(path, stylesEntry)) : [];
  const pr = /<(?:\w+:)?workbookPr\b[^>]*>/.exec(workbookXml)?.[0] ?? '';
  const date1904 = ['1', 'true'].includes(attr(pr, 'date1904') ?? '');

  const sheets: SheetRef[] = [];
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const rid = /\s[\w]+:id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(m[0]);
    const rel = rid ? rels.get(rid[1] ?? rid[2]) : undefined;
    const entry = rel ? entries.get(resolve(dir, rel.target)) : undefined;
    if (!entry || !rel!.type.endsWith('/worksheet')) continue; // chart sheets, dialog sheets
    sheets.push({ name: attr(m[0], 'name') ?? '', entry, hidden: (attr(m[0], 'state') ?? 'visible') !== 'visible' });
  }
  return { sheets, ctx: { sharedStrings, dates, date1904 } };
}

/** A sheet's merged ranges (`<mergeCell ref="C3:C5"/>`, after its data: a pass of its own). */
async function mergeRanges(path: string, entry: ZipEntry): Promise<MergeRange[]> {
  const ranges: MergeRange[] = [];
  for await (const el of elements(entryText(path, entry), 'mergeCell')) {
    const range = parseRange(attr(el, 'ref') ?? '');
    if (range) ranges.push(range);
  }
  return ranges;
}

/**
 * Every row with a value of every worksheet, in the workbook's sheet order,
 * streaming; a merged range's cells all read as its top-left cell's value
 * (./merges.ts).
 * A file that is no readable xlsx throws WorkbookReadError.
 */
export async function* readXlsxRows(path: string): AsyncGenerator<SheetRow> {
  let book: Awaited<ReturnType<typeof openWorkbook>>;
  try {
    book = await openWorkbook(path);
  } catch (e) {
    throw e instanceof WorkbookReadError ? e : new WorkbookReadError(e instanceof Error ? e.message : String(e));
  }
  for (const sheet of book.sheets) {
    let rowNo = 0;
    try {
      const merges = new MergeFiller(await mergeRanges(path, sheet.entry));
      const meter = { read: 0 };
      const size = Math.max(sheet.entry.size, 1);
      for await (const rowXml of elements(entryText(path, sheet.entry, meter), 'row')) {
        const start = rowXml.slice(0, rowXml.indexOf('>'));
        const r = attr(start, 'r');
        rowNo = r ? Number(r) : rowNo + 1;
        const cells = merges.fill(rowNo, rowCells(rowXml, book.ctx));
        if (cells.length) yield { sheet: sheet.name, rowNo, cells, share: Math.min(meter.read / size, 1) };
      }
    } catch (e) {
      if (e instanceof BadZipError || (e as { code?: string }).code?.startsWith('Z_')) throw new WorkbookReadError((e as Error).message);
      throw e;
    }
  }
}
