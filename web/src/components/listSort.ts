/** el-table's sort-change ↔ the API's `sort=field:asc|desc`, one place for every list kept in the URL. */
export type TableSort = { prop: string; order: 'ascending' | 'descending' | null };

export function sortParam({ prop, order }: TableSort): string {
  return order ? `${prop}:${order === 'ascending' ? 'asc' : 'desc'}` : '';
}

export function tableSort(sort: string): { prop: string; order: 'ascending' | 'descending' } | undefined {
  const [prop, dir] = sort.split(':');
  return prop ? { prop, order: dir === 'asc' ? 'ascending' : 'descending' } : undefined;
}
