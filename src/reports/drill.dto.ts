import { Code, Int, OneOf } from '../core/http/fields';
import { MAX_PAGE_SIZE } from '../core/http/list';
import { STAGE_LABELS, STAGES, type Stage } from '../projects/pipeline';
import type { BreakdownKey } from './report.types';
import {
  BREAKDOWN_KEYS, BREAKDOWN_LABELS, DRILL_FIGURE_LABELS, DRILL_FIGURES, DRILL_PART_LABELS, DRILL_PARTS, DRILL_SPAN_LABELS, DRILL_SPANS,
  type DrillFigure, type DrillPart, type DrillSpan, NONE_CODE,
} from './drill.types';

/** GET /reports/series?year= */
export class SeriesQuery {
  @Int({ query: true, description: '年份，2000 至 2100' })
  year: number;
}

/** GET /reports/drill: one figure of GET /reports/summary?year&month, down to its projects. */
export class DrillQuery {
  @Int({ query: true, description: '年份，2000 至 2100' })
  year: number;

  @Int({ min: 1, max: 12, query: true, description: '月份，1 至 12' })
  month: number;

  @OneOf(DRILL_FIGURES, { description: '要下钻的数字', labels: DRILL_FIGURE_LABELS })
  figure: DrillFigure;

  @OneOf(DRILL_SPANS, { optional: true, description: '时段（仅五项指标），默认 ytd', labels: DRILL_SPAN_LABELS })
  span?: DrillSpan;

  @OneOf(BREAKDOWN_KEYS, { optional: true, description: '分项（仅五项指标），须同时给出 code', labels: BREAKDOWN_LABELS })
  breakdown?: BreakdownKey;

  @Code({ optional: true, description: `分项中的一行：字典代码或团队 id；${NONE_CODE} 为“未填写”一行` })
  code?: string;

  @OneOf(STAGES, { optional: true, description: '漏斗阶段（figure=funnel 时必填）：月末处于该阶段的项目', labels: STAGE_LABELS })
  stage?: Stage;

  @OneOf(DRILL_PARTS, { optional: true, description: '比率的分子或分母（仅三项比率），默认 numerator', labels: DRILL_PART_LABELS })
  part?: DrillPart;

  @Int({ optional: true, min: 1, max: 1_000_000, query: true, description: '页码，从 1 开始' })
  page?: number;

  @Int({ optional: true, min: 1, max: MAX_PAGE_SIZE, query: true, description: `每页条数，默认 50，最多 ${MAX_PAGE_SIZE}` })
  pageSize?: number;
}
