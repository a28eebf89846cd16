import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateIf, ValidateNested } from 'class-validator';
import { Bool, Int, Str, Wan } from '../core/http/fields';

export class ExclusionDto {
  @Int({ min: 1 })
  projectId: number;

  @Str({ max: 500, description: 'why the project is left out of this year’s figures' })
  reason: string;
}

export class PutTargetDto {
  @Wan({ positive: true, description: '签约投资目标', example: 3_000_000 })
  signedInvestment: number;

  @Wan({ positive: true, description: '实际到位资金目标', example: 1_000_000 })
  fundsInPlace: number;

  @Int({ min: 0, max: 100_000, description: '新签约项目' })
  signings: number;

  @Int({ min: 0, max: 100_000, description: '新开工项目' })
  constructionStarts: number;

  @Int({ min: 0, max: 100_000, description: '新投产项目' })
  productionStarts: number;

  @Wan({ optional: true, nullable: true, description: '统计口径: minimum contract amount for a signing to count (null: none)' })
  minContractAmount?: number | null;

  @Bool({ optional: true, description: '统计口径: framework agreements count (default true)' })
  frameworkAgreementsCount?: boolean;

  @ApiProperty({ type: [ExclusionDto], required: false, description: '统计口径: projects left out, replacing the year’s list' })
  @ValidateIf((o: PutTargetDto) => o.exclusions !== undefined)
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => ExclusionDto)
  exclusions?: ExclusionDto[];

  @Int({ optional: true, min: 1, description: 'the version you read (409 when stale); leave out for a year not stored yet' })
  version?: number;
}
