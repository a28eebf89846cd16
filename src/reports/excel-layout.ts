import type ExcelJS from 'exceljs';
import { wanToYuan, yuanToWan } from '../core/money';
import { excelDate, safeText } from './excel-cells';

/**
 * The layout every sheet we write shares, as a government reader expects a
 * 台账: a title row over the table, the header row under it (both frozen and
 * repeated on every printed page), landscape A3 fitted to the page's width,
 * money shown in 万元 (亿元 in the monthly overview) with two decimals while
 * the cell keeps the exact value, real dates shown yyyy-mm-dd, and a 合计 row
 * of values summed exactly (no formula: a total is what we computed, and no
 * cell of ours is ever evaluated).
 */

/** 万元 (or 亿元) shown with two decimals; the cell holds the exact amount. */
export const MONEY_FORMAT = '#,##0.00';
export const PERCENT_FORMAT = '0.00%';
export const COUNT_FORMAT = '#,##0';
export const DATE_FORMAT = 'yyyy-mm-dd';
export const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const AREA_FORMAT = '#,##0.00';

/** Rows above the data: the title (1) and the headers (2). */
export const TITLE_ROW = 1;
export const HEADER_ROW = 2;

/** A3 in the OOXML paper sizes (exceljs's PaperSize enum lacks it). */
export const PAPER_A3 = 8;

/** Landscape A3, every column on one page's width, the title and header rows printed on every page. */
export const PAGE_SETUP: Partial<ExcelJS.PageSetup> = {
  paperSize: PAPER_A3 as ExcelJS.PaperSize,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  horizontalCentered: true,
  printTitlesRow: `${TITLE_ROW}:${HEADER_ROW}`,
  margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
};

/** Options of a sheet with the title and header rows frozen and the A3 page setup. */
export const sheetOptions = (): Partial<ExcelJS.AddWorksheetOptions> => ({
  views: [{ state: 'frozen', ySplit: HEADER_ROW }],
  pageSetup: { ...PAGE_SETUP },
  headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
});

export type CellKind = 'text' | 'wan' | 'count' | 'area' | 'percent' | 'date';

export interface Column<R> {
  header: string;
  width: number;
  kind: CellKind;
  value: (r: R) => string | number | null;
}

export const FORMATS: Partial<Record<CellKind, string>> = {
  wan: MONEY_FORMAT, percent: PERCENT_FORMAT, count: '0', area: AREA_FORMAT, date: DATE_FORMAT,
};

/** A cell's value as written: a date column's YYYY-MM-DD becomes a real date, text is neutralised. */
export function cellValue(kind: CellKind, value: string | number | null): ExcelJS.CellValue {
  if (kind === 'date' && typeof value === 'string') return excelDate(value);
  return safeText(value);
}

/** The title row: one merged cell across the table, large and bold. */
export function writeTitle(ws: ExcelJS.Worksheet, title: string, columns: number): void {
  const row = ws.getRow(TITLE_ROW);
  row.getCell(1).value = safeText(title);
  row.height = 30;
  row.font = { bold: true, size: 16 };
  row.alignment = { vertical: 'middle', horizontal: 'center' };
  if (columns > 1) ws.mergeCells(TITLE_ROW, 1, TITLE_ROW, columns);
}

export function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.eachCell((cell) => {
    cell.numFmt = 'General';
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF999999' } } };
  });
}

/**
 * The title row, then the header row: widths, each column's number format,
 * bold on grey. `ws.columns` would write the headers in row 1: the header
 * row is written by hand under the title instead.
 */
export function writeHeader<R>(ws: ExcelJS.Worksheet, columns: Column<R>[], title: string): void {
  ws.columns = columns.map((c) => {
    const numFmt = FORMATS[c.kind];
    return { width: c.width, ...(numFmt ? { style: { numFmt } } : {}) };
  });
  writeTitle(ws, title, columns.length);
  const header = ws.getRow(HEADER_ROW);
  header.values = columns.map((c) => c.header);
  header.height = 32;
  styleHeader(header);
}

/** One style object per column (exceljs renders any style it has not seen to XML to look it up). */
export const columnStyles = <R>(columns: Column<R>[]): Partial<ExcelJS.Style>[] =>
  columns.map((c) => (FORMATS[c.kind] ? { numFmt: FORMATS[c.kind] } : {}));

/** Adds one data row with its columns' formats. */
export function addDataRow<R>(ws: ExcelJS.Worksheet, columns: Column<R>[], styles: Partial<ExcelJS.Style>[], r: R): ExcelJS.Row {
  const row = ws.addRow(columns.map((c) => cellValue(c.kind, c.value(r))));
  for (let c = 0; c < styles.length; c++) row.getCell(c + 1).style = styles[c];
  return row;
}

/** Title, header row, one row per item, and an autofilter over the data (not the 合计 row that may follow). */
export function writeTable<R>(ws: ExcelJS.Worksheet, columns: Column<R>[], rows: readonly R[], title: string): void {
  writeHeader(ws, columns, title);
  const styles = columnStyles(columns);
  for (const r of rows) addDataRow(ws, columns, styles, r);
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW + Math.max(rows.length, 1), column: columns.length } };
}

/**
 * Sums of a table's columns kept while its rows are written: money exactly
 * in integer 元, 亩 in hundredths, counts as integers. Which columns add up is
 * said by the caller (an id or a year does not).
 */
export class ColumnTotals<R> {
  private readonly sums: bigint[];
  /** the indexes of the summed columns, so that a row costs only their cells */
  private readonly summedAt: number[];
  private rows = 0;

  constructor(private readonly columns: Column<R>[], summed: (c: Column<R>) => boolean) {
    this.sums = columns.map(() => 0n);
    this.summedAt = columns.flatMap((c, i) => (summed(c) ? [i] : []));
  }

  add(r: R): void {
    this.rows++;
    for (const i of this.summedAt) {
      const c = this.columns[i];
      const v = c.value(r);
      if (typeof v !== 'number') continue;
      if (c.kind === 'wan') this.sums[i] += v < 0 ? -BigInt(wanToYuan(-v)) : BigInt(wanToYuan(v));
      else this.sums[i] += BigInt(c.kind === 'area' ? Math.round(v * 100) : v);
    }
  }

  get count(): number {
    return this.rows;
  }

  /** The 合计 row's values: `label` in the first column, `extra` where given, the sums, blanks elsewhere. */
  values(label: string, extra: Record<number, string> = {}): ExcelJS.CellValue[] {
    return this.columns.map((c, i) => {
      if (i === 0) return label;
      if (extra[i] !== undefined) return extra[i];
      if (!this.summedAt.includes(i)) return null;
      const s = this.sums[i];
      return c.kind === 'wan' ? yuanToWan(s) : c.kind === 'area' ? Number(s) / 100 : Number(s);
    });
  }
}

/** The 合计 row, bold over a thin top border, with the columns' formats. */
export function addTotalRow<R>(ws: ExcelJS.Worksheet, columns: Column<R>[], values: ExcelJS.CellValue[]): ExcelJS.Row {
  const row = ws.addRow(values);
  columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    cell.style = {
      ...(FORMATS[c.kind] && c.kind !== 'count' ? { numFmt: FORMATS[c.kind] } : c.kind === 'count' ? { numFmt: COUNT_FORMAT } : {}),
      font: { bold: true },
      border: { top: { style: 'thin', color: { argb: 'FF999999' } } },
    };
  });
  return row;
}
