/**
 * What a run's result says, as a person reads it: each figure a job returns
 * (src/reminders, src/reports) with its Chinese name, nested counts (the
 * monthly report's e-mails) prefixed by their group. Keys that only repeat
 * another (year and month beside period) or mean nothing to a reader (hash)
 * are left out; an unknown key is shown as it is rather than dropped.
 */
const FIGURE_LABELS: Record<string, string> = {
  date: '提醒日期',
  period: '月份',
  recipients: '收件人数',
  sent: '已发送',
  alreadyDone: '此前已发送',
  skipped: '无需发送',
  failed: '发送失败',
  failedPermanently: '无法发送',
  missed: '记为已错过',
  revision: '月报版本',
  changed: '数据有变化',
  ledgerCellsRepaired: '修复的台账单元',
  mail: '月报邮件',
};
const HIDDEN = new Set(['hash', 'year', 'month']);

export interface JobFigure {
  label: string;
  value: string;
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function jobFigures(result: Record<string, unknown> | null, prefix = ''): JobFigure[] {
  const out: JobFigure[] = [];
  for (const [key, value] of Object.entries(result ?? {})) {
    if (HIDDEN.has(key)) continue;
    const label = `${prefix}${FIGURE_LABELS[key] ?? key}`;
    if (value && typeof value === 'object' && !Array.isArray(value)) out.push(...jobFigures(value as Record<string, unknown>, `${label}·`));
    else out.push({ label, value: shown(value) });
  }
  return out;
}
