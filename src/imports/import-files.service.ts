import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { AuthUser } from '../core/auth/auth-user';
import { DictionariesService } from '../dictionaries/dictionaries.service';
import type { DictionaryKind } from '../dictionaries/dictionary-entry.entity';
import { STAGE_LABELS, STAGES } from '../projects/pipeline';
import { AGREEMENT_TYPE_LABELS, KEY_PROJECT_LEVEL_LABELS } from '../projects/project.entity';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { type FieldSpec, FUNDS_FIELDS, PROJECT_FIELDS } from './parse';

/** The dictionary behind each label column of the template. */
export const FIELD_DICTIONARIES: Partial<Record<string, DictionaryKind>> = {
  companyTier: 'company-tiers', industryChain: 'industry-chains', park: 'parks', sourceChannel: 'source-channels', sourceRegion: 'source-regions',
};

/** A header as the template (and the 台账 export) writes it: money in 万元, land in 亩. */
export function templateHeader(s: FieldSpec): string {
  if (s.kind === 'wan') return `${s.label}(万元)`;
  if (s.kind === 'area') return `${s.label}(亩)`;
  return s.label;
}

const EXAMPLE: Record<string, string | number | Date> = {
  name: '年产5万吨新材料项目', companyName: '示例新材料有限公司', industryChain: '', stage: '签约', ownerName: '（本团队人员姓名）',
  plannedInvestment: 50000, contractInvestment: 30000, agreementType: '投资协议', createdOn: '2025-03-01', signedOn: '2025-09-15', isKeyProject: '否',
};

const NOTES = [
  '1. 「项目台账」表每行一个项目。第 1 行为表头，请勿修改表头文字；列的顺序可以调整，多余的列会被忽略。',
  '2. 必填：项目名称、企业名称、产业链、负责人、登记日期（首次接洽日期）。',
  '3. 金额以万元为单位（表头写明“亿元”或“元”的列按该单位换算），可写 1,234.5、12.5万元、3亿元。',
  '4. 日期可写 2024-03-05、2024/3/5、2024.3.5、2024年3月5日 或 Excel 日期；只写到月份（2024-03）的按当月 1 日并给出提示。',
  '5. 产业链、园区组团、招商方式、来源地区、企业类型、协议类型、阶段请从下拉列表中选择，与系统字典一致。',
  '6. 阶段可不填：按填写的最晚日期推定（投产日期→已投产，开工日期→在建，签约日期→已签约）。填了暂缓日期/终止日期的，须同时填原因。',
  '7. 已签约的项目须填签约日期和协议引资；未填协议类型的按“投资协议”处理并给出提示。',
  '8. 负责人填姓名，须是该行所属团队（或导入人团队）的人员；招商专员只能导入本团队的项目。',
  '9. 项目编号是本区自己的项目编号：再次导入时按项目编号（或统一社会信用代码+项目名称）更新已有项目，不会重复新建。',
  '10. 「到位资金」表每行一个项目一个月的到位资金：按项目编号，或企业名称+项目名称对应项目。',
  '11. 上传后先预检：逐行列出错误、疑似重复和将要进行的处理，确认后再提交；预检不写入任何数据。',
];

/**
 * The files of an import: the template to fill in, and the rows with errors
 * (their cells as read, plus a 错误原因 column) to correct and upload again.
 */
@Injectable()
export class ImportFilesService {
  constructor(
    private readonly dictionaries: DictionariesService,
    private readonly imports: ImportsService,
    private readonly repo: ImportsRepository,
  ) {}

  async template(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('项目台账', { views: [{ state: 'frozen', ySplit: 1 }] });
    const lists = wb.addWorksheet('下拉选项', { state: 'hidden' });
    ws.columns = PROJECT_FIELDS.map((s) => ({ header: templateHeader(s), key: s.field, width: Math.max(12, templateHeader(s).length * 2 + 4) }));
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.eachCell((cell, col) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: PROJECT_FIELDS[col - 1].required ? 'FFFCE4D6' : 'FFE7E6E6' } };
    });
    let listCol = 0;
    for (const [i, s] of PROJECT_FIELDS.entries()) {
      const labels = await this.choices(s.field);
      if (!labels) {
        if (s.kind === 'date') ws.getColumn(i + 1).numFmt = 'yyyy-mm-dd';
        continue;
      }
      listCol++;
      labels.forEach((label, r) => (lists.getCell(r + 1, listCol).value = label));
      const letter = lists.getColumn(listCol).letter;
      const formula = `'下拉选项'!$${letter}$1:$${letter}$${Math.max(1, labels.length)}`;
      for (let r = 2; r <= 1001; r++) {
        ws.getCell(r, i + 1).dataValidation = { type: 'list', allowBlank: true, formulae: [formula], showErrorMessage: true, errorStyle: 'warning', error: `请从下拉列表中选择${s.label}` };
      }
    }
    const chains = await this.choices('industryChain');
    // row 2, not addRow: the drop-downs above made rows 2-1001 exist already
    const example = ws.getRow(2);
    PROJECT_FIELDS.forEach((s, i) => (example.getCell(i + 1).value = s.field === 'industryChain' ? (chains?.[0] ?? '') : (EXAMPLE[s.field] ?? null)));
    example.commit();
    const funds = wb.addWorksheet('到位资金', { views: [{ state: 'frozen', ySplit: 1 }] });
    funds.columns = FUNDS_FIELDS.map((s) => ({ header: templateHeader(s), key: s.field, width: s.field === 'month' || s.field === 'amount' ? 14 : 30 }));
    funds.getRow(1).font = { bold: true };
    funds.addRow(['', '示例新材料有限公司', '年产5万吨新材料项目', '2025-10', 5000]);
    const notes = wb.addWorksheet('说明');
    notes.getColumn(1).width = 110;
    notes.addRow(['招商项目导入说明']).font = { bold: true, size: 14 };
    for (const line of NOTES) notes.addRow([line]);
    notes.addRow([]);
    notes.addRow(['（示例行可删除；下拉选项来自系统字典，导入前请先在系统中维护好字典。）']);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** The labels a column offers, or null when it is free input. */
  private async choices(field: string): Promise<string[] | null> {
    const kind = FIELD_DICTIONARIES[field];
    if (kind) return (await this.dictionaries.list(kind)).items.map((e) => e.label);
    if (field === 'stage') return STAGES.map((s) => STAGE_LABELS[s]);
    if (field === 'agreementType') return Object.values(AGREEMENT_TYPE_LABELS);
    if (field === 'isKeyProject') return ['否', '是', ...Object.values(KEY_PROJECT_LEVEL_LABELS).map((l) => `是（${l}）`)];
    return null;
  }

  /** The rows with errors of both sheets: their cells as read, and why each is refused. */
  async errors(user: AuthUser, id: number): Promise<Buffer> {
    const { import: imp } = await this.imports.visible(user, id);
    const wb = new ExcelJS.Workbook();
    for (const sheet of ['projects', 'funds'] as const) {
      const headers = sheet === 'projects' ? (imp.mapping ?? []).map((m) => m.header) : FUNDS_FIELDS.map(templateHeader);
      const ws = wb.addWorksheet(sheet === 'projects' ? '项目台账' : '到位资金', { views: [{ state: 'frozen', ySplit: 1 }] });
      let columns: string[] | null = null;
      for await (const batch of this.repo.allRows(id, sheet, 'errors')) {
        for (const r of batch) {
          if (!columns) {
            columns = headers.length ? headers : Object.keys(r.raw ?? {});
            ws.addRow(['原行号', ...columns, '错误原因']).font = { bold: true };
          }
          const reasons = (r.errors ?? []).map((e) => (e.column ? `【${e.column}】${e.message}` : e.message)).join('；');
          const row = ws.addRow([r.rowNo, ...columns.map((h) => r.raw?.[h] ?? null), reasons]);
          row.getCell(columns.length + 2).font = { color: { argb: 'FFC00000' } };
        }
      }
      if (!columns) {
        if (sheet === 'funds') wb.removeWorksheet(ws.id);
        else ws.addRow(['没有错误行']);
      } else {
        ws.getColumn(columns.length + 2).width = 60;
      }
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
