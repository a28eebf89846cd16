import { type AllAnswered, type Answers, OutInt, OutList, OutMonth, OutText, OutTimestamp, OutWan } from '../core/http/api-docs';
import type { FundsService } from './funds.service';

/** 实际到位资金 of one month. */
export class FundsMonthResponse {
  @OutMonth()
  month: string;

  @OutWan({ description: '当月实际到位资金' })
  amount: number;

  @OutText({ nullable: true })
  note: string | null;

  @OutInt({ description: '填报人' })
  reportedById: number;

  @OutTimestamp()
  updatedAt: Date;
}

/** A project's funds in place by month, and their sum (not a page: `total` is money). */
export class FundsListResponse {
  @OutList(() => FundsMonthResponse, { description: '按月份先后' })
  items: FundsMonthResponse[];

  @OutWan({ description: '各月合计' })
  total: number;
}

/** Compile-time: the classes above fit what the service answers and name every field of it. */
export type FundsResponsesMatch = AllAnswered<
  [Answers<FundsListResponse, Awaited<ReturnType<FundsService['list']>>>, Answers<FundsMonthResponse, Awaited<ReturnType<FundsService['put']>>>]
>;
