/** The import's parsing library: pure functions over cells and files, no database, no Nest. */
export * from './fields';
export * from './text';
export * from './values';
export * from './workbook';
