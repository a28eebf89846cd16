import { REMINDER_KIND_LABELS, type ReminderKind } from '../notifications/notification.entity';
import type { Digest, ReminderItem } from './reminder-rules.service';

/** The owner's sections, in this order, titled as GET /labels names the kinds; the team's 督办 lines come last. */
const SECTIONS = (['follow_up', 'stale', 'milestone', 'signed_dwell', 'construction_dwell'] as const satisfies readonly ReminderKind[]).map(
  (kind) => ({ kind, title: REMINDER_KIND_LABELS[kind] }),
);
const TEAM_SECTION = `${REMINDER_KIND_LABELS.team_light}（黄灯/红灯）`;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function projectLink(appUrl: string, projectId: number): string {
  return `${appUrl}/#/projects/${projectId}`;
}

export function itemCount(d: Digest): number {
  return d.own.length + d.team.length;
}

/** The daily digest e-mail, zh-CN, as subject, plain text and HTML. */
export function renderDigest(d: Digest, date: string, appUrl: string): { subject: string; text: string; html: string } {
  const counts = SECTIONS.map((s) => ({ ...s, items: d.own.filter((i) => i.kind === s.kind) })).filter((s) => s.items.length);
  const parts = counts.map((s) => `${s.title} ${s.items.length} 项`);
  if (d.team.length) parts.push(`${REMINDER_KIND_LABELS.team_light} ${d.team.length} 个`);
  const subject = `【招商通】${date} 每日提醒：${parts.join('，')}`;

  const line = (i: ReminderItem) => `- ${i.projectName}（${i.stageLabel}，负责人 ${i.ownerName ?? '—'}）：${i.detail}\n  ${projectLink(appUrl, i.projectId)}`;
  const text = [
    `${d.name}，您好：`,
    '',
    `以下是 ${date} 需要您关注的招商项目。`,
    ...counts.flatMap((s) => ['', `【${s.title}】`, ...s.items.map(line)]),
    ...(d.team.length ? ['', `【${TEAM_SECTION}】`, ...d.team.map(line)] : []),
    '',
    '—— 招商通 自动提醒，请勿直接回复。',
  ].join('\n');

  const row = (i: ReminderItem) =>
    `<tr><td><a href="${esc(projectLink(appUrl, i.projectId))}">${esc(i.projectName)}</a></td><td>${esc(i.stageLabel)}</td><td>${esc(i.ownerName ?? '—')}</td><td>${i.light ? `<span style="color:${i.light === 'red' ? '#c0392b' : '#b7950b'}">●</span> ` : ''}${esc(i.detail)}</td></tr>`;
  const table = (title: string, items: ReminderItem[]) =>
    `<h3 style="margin:16px 0 6px">${esc(title)}（${items.length}）</h3>
<table cellpadding="6" cellspacing="0" border="1" style="border-collapse:collapse;border-color:#ddd;font-size:14px">
<tr style="background:#f5f5f5"><th align="left">项目</th><th align="left">阶段</th><th align="left">负责人</th><th align="left">事项</th></tr>
${items.map(row).join('\n')}
</table>`;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(subject)}</title></head>
<body style="font-family:'PingFang SC','Microsoft YaHei',sans-serif;color:#222">
<p>${esc(d.name)}，您好：</p>
<p>以下是 <b>${esc(date)}</b> 需要您关注的招商项目。</p>
${counts.map((s) => table(s.title, s.items)).join('\n')}
${d.team.length ? table(TEAM_SECTION, d.team) : ''}
<p style="color:#888;font-size:12px;margin-top:24px">招商通 自动提醒，请勿直接回复。</p>
</body></html>`;
  return { subject, text, html };
}
