/**
 * Merged cells, as district ledgers use them: one 企业名称 or 产业链 merged
 * down over the rows of that company's projects. Excel keeps the value in
 * the range's top-left cell only; read as the sheet shows it, every cell of
 * the range has that value. The ranges are listed after the sheet's data
 * (`<mergeCells>` follows `<sheetData>`), so they are collected by a first,
 * cheap pass over the sheet, then filled in row by row.
 */

export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Widest merge filled: a title merged across a whole row is not spread over 16,384 columns. */
const MAX_COLUMNS = 256;

/** "B3:D5" → rows 3-5, columns 1-3 (0-based); null for a single cell or a bad reference. */
export function parseRange(ref: string): MergeRange | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+):\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref.trim());
  if (!m) return null;
  const col = (s: string) => [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const [top, bottom] = [Number(m[2]), Number(m[4])].sort((a, b) => a - b);
  const [left, right] = [col(m[1]), col(m[3])].sort((a, b) => a - b);
  if (top === bottom && left === right) return null;
  return { top, left, bottom, right: Math.min(right, left + MAX_COLUMNS - 1) };
}

/**
 * Fills rows with their merged ranges' values, rows given in increasing
 * order: `fill(rowNo, cells)` sets every blank cell of a range to the value
 * its top-left cell had.
 */
export class MergeFiller {
  private readonly pending: MergeRange[];
  private next = 0;
  private active: { range: MergeRange; value: unknown }[] = [];

  constructor(ranges: MergeRange[]) {
    this.pending = [...ranges].sort((a, b) => a.top - b.top);
  }

  get empty(): boolean {
    return this.pending.length === 0;
  }

  fill(rowNo: number, cells: unknown[]): unknown[] {
    if (this.pending.length === 0) return cells;
    this.active = this.active.filter((a) => a.range.bottom >= rowNo);
    while (this.next < this.pending.length && this.pending[this.next].top <= rowNo) {
      const range = this.pending[this.next++];
      if (range.bottom < rowNo) continue;
      // the top-left cell's value, when its row was read (a range whose top row holds nothing fills nothing)
      this.active.push({ range, value: range.top === rowNo ? (cells[range.left] ?? null) : null });
    }
    for (const { range, value } of this.active) {
      if (value === null || value === undefined) continue;
      for (let c = range.left; c <= range.right; c++) {
        if (rowNo === range.top && c === range.left) continue;
        while (cells.length < c) cells.push(null);
        if (cells[c] === null || cells[c] === undefined || cells[c] === '') cells[c] = value;
      }
    }
    return cells;
  }
}
