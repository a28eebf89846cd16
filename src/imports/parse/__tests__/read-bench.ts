/**
 * A big ledger file for measuring readSheets: `rows` projects in the 台账's
 * 29 columns under a merged title row, with shared strings (as Excel saves),
 * real date cells, money, a 合计 row, written streaming so that generating
 * it costs little memory. measureRead reads it back through readSheets and
 * the header matching and value parsers, and reports wall and CPU time and
 * peak RSS (the process's: under jest its baseline is some 500 MiB of
 * compiled test code, so the reader's own share is peak − start).
 */
import ExcelJS from 'exceljs';
import { detectSheet, matchHeaders, PROJECT_FIELDS } from '../fields';
import { isBlankRow } from '../text';
import { parseDate, parseMoney } from '../values';
import { isTotalRow, readSheets } from '../workbook';

const HEADERS = [
  '项目编号', '项目名称', '企业名称', '统一社会信用代码', '产业链', '园区组团', '招商方式', '来源地区', '阶段', '负责人', '所属团队', '包联领导',
  '重点项目', '计划投资(万元)', '协议引资(万元)', '协议类型', '签约日期', '开工日期', '投产日期', '累计到位资金(万元)', '最近跟进', '督办灯',
  '督办说明', '合同编号', '预计年产值(万元)', '预计年税收(万元)', '用地(亩)', '就业人数', '登记日期',
];
const CHAINS = ['新材料', '生物医药', '新能源汽车', '电子信息', '高端装备'];
const STAGES = ['拜访接洽', '洽谈', '签约', '开工建设', '投产'];

const day = (i: number): Date => new Date(Date.UTC(2016, 0, 1) + (i % 3000) * 86_400_000);

export async function generateLedger(path: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('项目台账');
  ws.getCell('A1').value = '项目台账';
  ws.mergeCells(1, 1, 1, HEADERS.length);
  ws.getRow(1).commit();
  ws.getRow(2).values = HEADERS;
  ws.getRow(2).commit();
  const dateStyle = { numFmt: 'yyyy-mm-dd' };
  for (let i = 0; i < rows; i++) {
    const stage = i % 5;
    const row = ws.addRow([
      `ZS-${String(i).padStart(6, '0')}`, `项目${i}号${CHAINS[i % 5]}基地`, `企业${i}有限公司`, `91510100MA${String(i).padStart(8, '0')}`,
      CHAINS[i % 5], `园区${i % 7}`, '以商招商', '广东省', STAGES[stage], `招商员${i % 40}`, `第${i % 8}招商组`, i % 3 ? null : '王副区长',
      i % 4 ? '否' : '是（市级）', (i % 997) * 10.5, stage >= 2 ? (i % 991) * 8.25 : null, stage >= 2 ? '投资协议' : null,
      stage >= 2 ? day(i + 30) : null, stage >= 3 ? day(i + 90) : null, stage >= 4 ? day(i + 300) : null, 0, day(i + 400), '绿', null,
      stage >= 2 ? `HT-${i}` : null, 1000, 50.5, 35.25, 120, day(i),
    ]);
    for (const c of [17, 18, 19, 21, 29]) row.getCell(c).style = dateStyle;
    row.commit();
  }
  ws.addRow(['合计', `共 ${rows} 个项目`]).commit();
  ws.commit();
  await wb.commit();
}

export interface ReadFigures { rows: number; seconds: number; cpuSeconds: number; rowsPerSecond: number; peakRssMiB: number; startRssMiB: number }

/** Reads the file as the dry run would (header, then every row's dates and money parsed), sampling RSS. */
export async function measureRead(path: string): Promise<ReadFigures> {
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let head: unknown[][] = [];
  let mapping: ReturnType<typeof matchHeaders> | null = null;
  let rows = 0;
  for await (const r of readSheets(path)) {
    if (!mapping) {
      head.push(r.cells);
      const found = detectSheet(head);
      if (found) { mapping = matchHeaders(head[found.headerIndex] as (string | null)[], PROJECT_FIELDS); head = []; }
      continue;
    }
    if (isBlankRow(r.cells) || isTotalRow(r.cells)) continue;
    for (const m of mapping) {
      const spec = m.field ? PROJECT_FIELDS.find((s) => s.field === m.field) : undefined;
      if (spec?.kind === 'date') parseDate(r.cells[m.column]);
      else if (spec?.kind === 'wan') parseMoney(r.cells[m.column], m.unit ?? '万元');
    }
    rows++;
    if (rows % 2000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = +((cpu.user + cpu.system) / 1e6).toFixed(1);
  const mib = (b: number) => Math.round(b / 1024 / 1024);
  return { rows, seconds: +seconds.toFixed(1), cpuSeconds, rowsPerSecond: Math.round(rows / seconds), peakRssMiB: mib(peak), startRssMiB: mib(startRss) };
}
