/**
 * Just enough of the zip format to stream the parts of an xlsx: the central
 * directory (at the file's end) lists every entry with its offset, and one
 * entry is streamed by itself through inflate, in whatever order the reader
 * wants them (the workbook and shared strings before the sheets, whatever
 * order the writing program chose). No zip64 (an upload is at most some tens
 * of MB) and no encryption (an encrypted xlsx is not a zip at all).
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';

export class BadZipError extends Error {
  constructor(why: string) {
    super(`not a readable zip: ${why}`);
    this.name = 'BadZipError';
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** the content's size, inflated */
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** The entries of the zip at `path`, by name, from its central directory. */
export async function zipEntries(path: string): Promise<Map<string, ZipEntry>> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    if (size < 22) throw new BadZipError('too short');
    const tailLength = Math.min(size, 65_557);
    const tail = await readAt(fh, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD) { eocd = i; break; }
    if (eocd < 0) throw new BadZipError('no end of central directory');
    const count = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset + dirSize > size) throw new BadZipError('central directory out of bounds');
    const dir = await readAt(fh, dirOffset, dirSize);
    const entries = new Map<string, ZipEntry>();
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw new BadZipError('bad central directory entry');
      const nameLength = dir.readUInt16LE(p + 28);
      const extraLength = dir.readUInt16LE(p + 30);
      const commentLength = dir.readUInt16LE(p + 32);
      const name = dir.toString('utf8', p + 46, p + 46 + nameLength);
      entries.set(name.replace(/^\//, ''), {
        name,
        method: dir.readUInt16LE(p + 10),
        compressedSize: dir.readUInt32LE(p + 20),
        size: dir.readUInt32LE(p + 24),
        localHeaderOffset: dir.readUInt32LE(p + 42),
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

/**
 * One entry's content as UTF-8 text, chunk by chunk (multi-byte characters
 * never split). `meter.read`: the bytes of content given so far (how far
 * through the entry the reader is, against `entry.size`: a progress estimate).
 */
export async function* entryText(path: string, entry: ZipEntry, meter?: { read: number }): AsyncGenerator<string> {
  const fh = await open(path, 'r');
  let start: number;
  try {
    const local = await readAt(fh, entry.localHeaderOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw new BadZipError(`bad local header of ${entry.name}`);
    start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await fh.close();
  }
  if (entry.method !== 0 && entry.method !== 8) throw new BadZipError(`compression method ${entry.method}`);
  if (entry.compressedSize === 0) return;
  const raw = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: 256 * 1024 });
  const stream = entry.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 256 * 1024 })) : raw;
  raw.on('error', (e) => stream.destroy(e));
  const decoder = new StringDecoder('utf8');
  for await (const chunk of stream) {
    if (meter) meter.read += (chunk as Buffer).length;
    yield decoder.write(chunk as Buffer);
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** One (small) entry's whole text. */
export async function entryWhole(path: string, entry: ZipEntry): Promise<string> {
  let text = '';
  for await (const chunk of entryText(path, entry)) text += chunk;
  return text;
}
