import { Str, Wan } from '../core/http/fields';

export class PutFundsDto {
  @Wan({ description: '实际到位资金 of the month' })
  amount: number;

  @Str({ optional: true, nullable: true, max: 1000 })
  note?: string | null;
}
