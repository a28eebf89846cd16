import type { AppConfig } from '../core/config/app-config';
import { badField } from '../core/errors';
import { detectSheet, HEADER_SEARCH_ROWS, type HeaderMatch, matchHeaders, normText, PROJECT_FIELDS, readSheets, splitHeader } from './parse';

/** Where a sheet's table starts: the sheet, the header's row number (as Excel shows it) and its header texts by column. */
export interface HeaderAt {
  sheet: string;
  rowNo: number;
  headers: string[];
}

export const texts = (cells: unknown[]) => cells.map((c) => normText(c) ?? '');

/**
 * The header of the projects table: the first sheet whose first rows hold a
 * header naming the ledger's columns. Reads only as far as it must (the
 * first rows of each sheet until one has it).
 */
export async function locateHeader(path: string): Promise<HeaderAt | null> {
  let sheet: string | null = null;
  let rows: { rowNo: number; cells: unknown[] }[] = [];
  const found = (): HeaderAt | null => {
    const found = sheet === null ? null : detectSheet(rows.map((r) => r.cells));
    if (found?.kind !== 'projects') return null;
    const at = found.headerIndex;
    return { sheet: sheet!, rowNo: rows[at].rowNo, headers: texts(rows[at].cells) };
  };
  for await (const row of readSheets(path)) {
    if (row.sheet !== sheet) {
      const before = found();
      if (before) return before;
      sheet = row.sheet;
      rows = [];
    }
    if (rows.length >= HEADER_SEARCH_ROWS) continue;
    rows.push({ rowNo: row.rowNo, cells: row.cells });
    if (rows.length === HEADER_SEARCH_ROWS) {
      const here = found();
      if (here) return here;
    }
  }
  return found();
}

const MONEY_UNITS: Record<string, '元' | '万元' | '亿元'> = { 元: '元', 万元: '万元', 万: '万元', 亿元: '亿元', 亿: '亿元' };

/**
 * The columns of the projects table: matched by header, or as the user (or a
 * previous run) mapped them when `stored` is given — a column it does not
 * list is not imported. A money column's unit always comes from its header.
 */
export function columnsOf(headers: string[], stored: { column: number; field: string | null }[] | null): HeaderMatch[] {
  const auto = matchHeaders(headers, PROJECT_FIELDS);
  if (!stored) return auto;
  const chosen = new Map(stored.map((m) => [m.column, m.field]));
  return auto.map((a) => {
    const field = chosen.get(a.column) ?? null;
    const kind = PROJECT_FIELDS.find((s) => s.field === field)?.kind;
    const unit = kind === 'wan' ? (a.field === field && a.unit ? a.unit : (MONEY_UNITS[splitHeader(a.header).unit ?? ''] ?? '万元')) : null;
    return { column: a.column, header: a.header, field, unit };
  });
}

const KNOWN = new Set(PROJECT_FIELDS.map((s) => s.field));

/** A user's mapping checked against the sheet's header: columns that exist, fields that exist, each field once. */
export function checkMapping(mapping: { column: number; field: string | null }[], headers: string[]): void {
  const seen = new Map<string, number>();
  for (const m of mapping) {
    if (m.column >= headers.length) throw badField('mapping', 'unknown_column', `第 ${m.column + 1} 列不在表头范围内（共 ${headers.length} 列）`, m.column);
    if (m.field === null) continue;
    if (!KNOWN.has(m.field)) throw badField('mapping', 'unknown_field', `没有字段「${m.field}」；可对应的字段见导入详情的 fields`, m.field);
    const other = seen.get(m.field);
    if (other !== undefined && other !== m.column) {
      const label = PROJECT_FIELDS.find((s) => s.field === m.field)?.label ?? m.field;
      throw badField('mapping', 'duplicate_field', `「${label}」对应了两列（第 ${other + 1} 列和第 ${m.column + 1} 列），每个字段只能对应一列`);
    }
    seen.set(m.field, m.column);
  }
}

/** Where an import's file is kept until the import is done. */
export function importFilePath(config: Pick<AppConfig, 'imports'>, id: number): string {
  return `${config.imports.dir.replace(/\/+$/, '')}/${id}.xlsx`;
}
