import { wanToYuan } from '../core/money';
import { difference } from './excel-monthly';
import type { Indicator, MonthlyRollupView, SummaryReport } from './report.types';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const monthlyReportSubject = (year: number, month: number) => `【招商通】${year}年${month}月招商引资月报`;

/** A ratio as a percentage with 2 decimals: 0.4167 → 41.67%. */
export const percent = (ratio: number) => `${(ratio * 100).toFixed(2)}%`;

const thousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * A money figure of the e-mail as people write one in a report: two
 * decimals, rounded half up from the exact 元 (no float arithmetic), in 亿元
 * from 1 亿元 up and in 万元 below: 250,000.5 万元 → 25.00 亿元 (never
 * 25.00005 亿元), 8,000.456 万元 → 8,000.46 万元. With `sign`, a positive
 * figure gets its +, as an adjustment does. Every amount in the e-mail goes
 * through here.
 */
export function mailMoney(wan: number, { sign = false } = {}): string {
  const yuan = BigInt(wanToYuan(Math.abs(wan)));
  // hundredths of a 万元 (100 元 each), rounded half up; 亿元 once that rounds to 10,000.00 万元 or more
  const wanCents = (yuan + 50n) / 100n;
  const [cents, unit] = wanCents >= 1_000_000n ? [(yuan + 500_000n) / 1_000_000n, '亿元'] : [wanCents, '万元'];
  const text = `${thousands((cents / 100n).toString())}.${(cents % 100n).toString().padStart(2, '0')}`;
  const prefix = cents === 0n ? '' : wan < 0 ? '-' : sign ? '+' : '';
  return `${prefix}${text} ${unit}`;
}

/** An indicator's figure with its unit: money as mailMoney writes it, counts in 个. */
function amount(ind: Pick<Indicator, 'unit'>, value: number): string {
  return ind.unit === '万元' ? mailMoney(value) : `${value} 个`;
}

function signed(ind: Pick<Indicator, 'unit'>, value: number): string {
  return ind.unit === '万元' ? mailMoney(value, { sign: true }) : `${value > 0 ? '+' : ''}${value} 个`;
}

/** 快于序时进度 3.25 个百分点 */
function pace(ind: Indicator): string {
  if (ind.ahead === null || ind.aheadLabel === null) return '无年度目标';
  if (ind.aheadLabel === '与序时进度持平') return ind.aheadLabel;
  return `${ind.aheadLabel} ${(Math.abs(ind.ahead) * 100).toFixed(2)} 个百分点`;
}

function yoy(ind: Indicator): string {
  if (ind.yoy === null) return '—（去年同期为零）';
  return `${ind.yoy > 0 ? '+' : ''}${percent(ind.yoy)}`;
}

function completion(ind: Indicator): string {
  return ind.completionRate === null ? '—' : percent(ind.completionRate);
}

/** Indicators whose figures changed since first reported: `签约投资 本年累计 +500 万元`. */
function adjustments(current: SummaryReport, reported: SummaryReport): string[] {
  const out: string[] = [];
  for (const c of current.indicators) {
    const r = reported.indicators.find((i) => i.key === c.key);
    if (!r) continue;
    const dMonth = difference(c.unit, c.month, r.month);
    const dYtd = difference(c.unit, c.ytd, r.ytd);
    if (dMonth === 0 && dYtd === 0) continue;
    out.push(`${c.label}：首报本年累计 ${amount(c, r.ytd)}，现为 ${amount(c, c.ytd)}（调整 ${signed(c, dYtd)}；本月调整 ${signed(c, dMonth)}）`);
  }
  return out;
}

/** The monthly report e-mail to one leader, zh-CN, as subject, plain text and HTML. */
export function renderMonthlyReport(view: MonthlyRollupView, leaderName: string, attachmentName: string): { subject: string; text: string; html: string } {
  const r = view.current;
  const subject = monthlyReportSubject(r.year, r.month);
  const period = `${r.year}年${r.month}月`;
  const intro = `${period}招商引资月报已生成（统计截至 ${r.periodEnd}，序时进度 ${percent(r.timeProgress)}）。主要指标如下：`;
  const line = (ind: Indicator) =>
    `- ${ind.label}：本月 ${amount(ind, ind.month)}，本年累计 ${amount(ind, ind.ytd)}，年度目标 ${(ind.target === null ? '未设' : amount(ind, ind.target))}，` +
    `完成率 ${completion(ind)}，${pace(ind)}；去年同期 ${amount(ind, ind.lastYearYtd)}，同比 ${yoy(ind)}`;
  const dropped = r.signedThenDropped;
  const droppedLine = `签约后终止：${dropped.count} 个，协议引资 ${mailMoney(dropped.amount)}（仍计入签约当月，单列）`;
  const rate = (x: number | null) => (x === null ? '—' : percent(x));
  const ratesLine = `到位率 ${rate(r.rates.fundsRate)}，开工率 ${rate(r.rates.constructionRate)}，投产率 ${rate(r.rates.productionRate)}`;
  const revised = view.currentRevision > 1 ? adjustments(r, view.reported) : [];
  const revisedTitle = `本月报已修订（第 ${view.currentRevision} 版），与首报的差异：`;
  const attachmentLine = `详细数据见附件《${attachmentName}》：总览、分产业链、分园区、项目明细。`;

  const text = [
    `${leaderName}，您好：`,
    '',
    intro,
    '',
    ...r.indicators.map(line),
    '',
    droppedLine,
    ratesLine,
    ...(revised.length ? ['', revisedTitle, ...revised.map((s) => `- ${s}`)] : []),
    '',
    attachmentLine,
    '',
    '—— 招商通 自动发送，请勿直接回复。',
  ].join('\n');

  const cell = (s: string, align = 'right') => `<td align="${align}">${esc(s)}</td>`;
  const row = (ind: Indicator) =>
    `<tr>${cell(ind.label, 'left')}${cell(amount(ind, ind.month))}${cell(amount(ind, ind.ytd))}${cell((ind.target === null ? '未设' : amount(ind, ind.target)))}` +
    `${cell(completion(ind))}${cell(percent(ind.timeProgress))}${cell(pace(ind), 'left')}${cell(amount(ind, ind.lastYearYtd))}${cell(yoy(ind))}</tr>`;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(subject)}</title></head>
<body style="font-family:'PingFang SC','Microsoft YaHei',sans-serif;color:#222">
<p>${esc(leaderName)}，您好：</p>
<p>${esc(intro)}</p>
<table cellpadding="6" cellspacing="0" border="1" style="border-collapse:collapse;border-color:#ddd;font-size:14px">
<tr style="background:#f5f5f5"><th align="left">指标</th><th>本月</th><th>本年累计</th><th>年度目标</th><th>完成率</th><th>序时进度</th><th align="left">快慢</th><th>去年同期</th><th>同比</th></tr>
${r.indicators.map(row).join('\n')}
</table>
<p>${esc(droppedLine)}</p>
<p>${esc(ratesLine)}</p>
${revised.length ? `<p>${esc(revisedTitle)}</p>\n<ul>${revised.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>` : ''}
<p>${esc(attachmentLine)}</p>
<p style="color:#888;font-size:12px;margin-top:24px">招商通 自动发送，请勿直接回复。</p>
</body></html>`;
  return { subject, text, html };
}
