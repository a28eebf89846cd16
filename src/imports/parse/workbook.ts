/**
 * The uploaded file: checked before it is read (an .xls, an encrypted
 * workbook, a file that is no xlsx, one over the size limit are refused with
 * a message that says what to do), then read streaming, sheet by sheet and
 * row by row, so that 100,000 rows never sit in memory at once.
 */
import { open, stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { compactKey, normText } from './text';

export type FileProblemCode = 'xls_not_supported' | 'encrypted' | 'not_xlsx' | 'too_large';
export interface FileProblem {
  code: FileProblemCode;
  message: string;
}

export const FILE_MESSAGES: Record<FileProblemCode, string> = {
  xls_not_supported: '这是旧版 Excel（.xls）文件，暂不支持：请另存为 .xlsx 后再上传（Excel 或 WPS 中“文件 → 另存为”，格式选 .xlsx）',
  encrypted: '文件设置了打开密码，无法读取：请取消密码（或另存为不加密的 .xlsx）后再上传',
  not_xlsx: '文件不是 Excel 工作簿（.xlsx）：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传',
  too_large: '文件过大',
};

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ENCRYPTION_ENTRIES = ['EncryptedPackage', 'EncryptionInfo'].map((s) => Buffer.from(s, 'utf16le'));
const WORKBOOK_ENTRY = Buffer.from('xl/workbook.xml');

const mb = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * What is wrong with a file, from its size, its first bytes (`head`) and,
 * for a zip, its last bytes (`tail`: the central directory lists every
 * entry; `head` alone may not reach xl/workbook.xml). Null when it looks
 * like an xlsx. An OLE compound file is an .xls, or an xlsx encrypted with a
 * password (its directory names EncryptionInfo/EncryptedPackage, UTF-16LE):
 * `head` should then hold the directory (checkFilePath reads it).
 */
export function checkFile(head: Buffer, size: number, maxBytes: number, tail?: Buffer): FileProblem | null {
  if (size > maxBytes) return { code: 'too_large', message: `文件过大（${mb(size)}），上限为 ${mb(maxBytes)}` };
  if (head.subarray(0, 8).equals(CFB_MAGIC)) {
    const encrypted = ENCRYPTION_ENTRIES.some((e) => head.includes(e) || (tail?.includes(e) ?? false));
    return encrypted ? problem('encrypted') : problem('xls_not_supported');
  }
  if (!head.subarray(0, 4).equals(ZIP_MAGIC)) return problem('not_xlsx');
  const whole = head.length >= size;
  if (head.includes(WORKBOOK_ENTRY) || (tail?.includes(WORKBOOK_ENTRY) ?? false)) return null;
  // neither end shows the entry: refused when what was looked at is the whole file or its central directory
  return whole || tail ? problem('not_xlsx') : null;
}

const problem = (code: FileProblemCode): FileProblem => ({ code, message: FILE_MESSAGES[code] });

/** Bytes read from each end of a file by checkFilePath. */
const PROBE_BYTES = 256 * 1024;

/**
 * checkFile on a file on disk: its size, its first 256 KiB, its last 256 KiB
 * (a zip's central directory) and, for an OLE file, its directory sectors
 * wherever they are.
 */
export async function checkFilePath(path: string, maxBytes: number): Promise<FileProblem | null> {
  const { size } = await stat(path);
  if (size > maxBytes) return checkFile(Buffer.alloc(0), size, maxBytes);
  const fh = await open(path, 'r');
  try {
    const read = async (position: number, length: number): Promise<Buffer> => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
      if (buf.length) await fh.read(buf, 0, buf.length, position);
      return buf;
    };
    const head = await read(0, PROBE_BYTES);
    const tail = size > PROBE_BYTES ? await read(size - PROBE_BYTES, PROBE_BYTES) : undefined;
    if (head.subarray(0, 8).equals(CFB_MAGIC) && head.length >= 0x34) {
      const sectorSize = 2 ** head.readUInt16LE(0x1e);
      const firstDirSector = head.readUInt32LE(0x30);
      const dir = await read((firstDirSector + 1) * sectorSize, 16 * sectorSize);
      return checkFile(Buffer.concat([head, dir]), size, maxBytes, tail);
    }
    return checkFile(head, size, maxBytes, tail ?? head);
  } finally {
    await fh.close();
  }
}

/** One row of a sheet: its number as Excel shows it, and its cells from column A (index 0). */
export interface SheetRow {
  sheet: string;
  rowNo: number;
  cells: unknown[];
}

/**
 * A cell's value as the import reads it: a formula's result, rich text as
 * its plain text, a hyperlink as its text, an error (#N/A, #REF!) as null;
 * dates (cells formatted as dates) come as Date, numbers, text and booleans
 * as they are.
 */
export function plainValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'object' || v instanceof Date) return v;
  const o = v as Record<string, unknown>;
  if ('formula' in o || 'sharedFormula' in o) return 'result' in o ? plainValue(o.result) : null;
  if ('error' in o) return null;
  if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
  if ('text' in o) return plainValue(o.text);
  if ('hyperlink' in o) return plainValue(o.hyperlink);
  return null;
}

/**
 * Every row of every sheet, streaming (exceljs WorkbookReader: shared strings
 * cached, styles cached so that date cells come as Date, hyperlinks
 * ignored). Rows come in the order of the file; rows Excel did not store
 * are absent, blank ones are not filtered (isBlankRow). Memory stays with
 * the shared strings and one chunk of rows.
 */
export async function* readSheets(path: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const worksheet of reader) {
    const ws = worksheet as unknown as AsyncIterable<{ number: number; values: unknown[] }> & { name?: string; id?: number };
    const sheet = ws.name ?? `Sheet${ws.id ?? ''}`;
    for await (const row of ws) {
      const values = row.values;
      const cells: unknown[] = [];
      for (let c = 1; c < values.length; c++) cells.push(plainValue(values[c]));
      while (cells.length && (cells[cells.length - 1] === null || cells[cells.length - 1] === undefined)) cells.pop();
      yield { sheet, rowNo: row.number, cells };
    }
  }
}

const TOTAL_WORDS = new Set(['合计', '总计', '小计', '累计', '总计数', '合计数']);

/**
 * A 合计 / 总计 row (the one under our own 台账 export, or a district's own):
 * one of its first three non-blank cells says 合计, 总计, 小计 or 累计.
 */
export function isTotalRow(cells: readonly unknown[]): boolean {
  const texts = cells.map((c) => (typeof c === 'string' ? normText(c) : null));
  const firstFilled = cells.map((c, i) => ({ c, i })).filter(({ c }) => normText(c) !== null).slice(0, 3);
  return firstFilled.some(({ i }) => {
    const t = texts[i];
    return t !== null && TOTAL_WORDS.has(compactKey(t).replace(/[:：]$/, ''));
  });
}
