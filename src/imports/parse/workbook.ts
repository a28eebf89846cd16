/**
 * The uploaded file: checked before it is read (an .xls, an encrypted
 * workbook, a file that is no xlsx, one over the size limit are refused with
 * a message that says what to do), then read streaming, sheet by sheet and
 * row by row (./xlsx-reader.ts), so that 100,000 rows never sit in memory at once.
 */
import { open, stat } from 'node:fs/promises';
import { compactKey, normText } from './text';
import { readXlsxRows, type SheetRow } from './xlsx-reader';

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

export { type SheetRow, WorkbookReadError } from './xlsx-reader';

/**
 * Every row of every worksheet, in the workbook's sheet order, streaming
 * (./xlsx-reader.ts): cells from column A at index 0; date cells (a
 * formula's result too) as Date, formulas as their results, rich text and
 * hyperlinks as their text, error cells (#N/A) as null. Rows without any
 * value are not given; rows of blanks or spaces are (isBlankRow). A file
 * that is no readable xlsx throws WorkbookReadError (code not_xlsx).
 */
export function readSheets(path: string): AsyncGenerator<SheetRow> {
  return readXlsxRows(path);
}

const TOTAL_WORDS = new Set(['合计', '总计', '小计', '累计', '总计数', '合计数']);

/**
 * A 合计 / 总计 row (the one under our own 台账 export, or a district's own):
 * one of its first three non-blank cells says 合计, 总计, 小计 or 累计.
 */
export function isTotalRow(cells: readonly unknown[]): boolean {
  let filled = 0;
  for (let i = 0; i < cells.length && filled < 3; i++) {
    const t = normText(cells[i]);
    if (t === null) continue;
    filled++;
    if (typeof cells[i] === 'string' && t.length <= 8 && TOTAL_WORDS.has(compactKey(t).replace(/[:：]$/, ''))) return true;
  }
  return false;
}
