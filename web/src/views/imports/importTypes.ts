// the generated schema itself (not the client, which needs the DOM): test/web/import-format.spec.ts reads these types from Node
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

/** The shapes of /api/v1/imports, from the contract (openapi.json). */
export type ImportStatus = Schemas['ImportStatus'];
export type RowAction = Schemas['ImportAction'];
export type RowKind = 'errors' | 'duplicates' | 'warnings' | 'all';
export type SheetName = Schemas['ImportSheet'];
export type ImportCounts = Schemas['ImportCountsResponse'];
export type ImportDetail = Schemas['ImportResponse'];
export type ImportSummary = Schemas['ImportSummaryResponse'];
export type ImportRow = Schemas['ImportRowResponse'];
export type ImportResult = Schemas['ImportResultResponse'];
