import { Str, Wan } from '../core/http/fields';

export class PutFundsDto {
  @Wan({ description: '当月实际到位资金' })
  amount: number;

  @Str({ optional: true, nullable: true, max: 1000 })
  note?: string | null;
}
