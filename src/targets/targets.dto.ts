import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateIf, ValidateNested } from 'class-validator';
import { Bool, Int, Str, Wan } from '../core/http/fields';

export class ExclusionDto {
  @Int({ min: 1 })
  projectId: number;

  @Str({ max: 500, description: '不计入当年统计的原因' })
  reason: string;
}

/** A team's five annual figures (the same as the district's). */
export class TeamTargetDto {
  @Int({ min: 1, description: '团队 id' })
  teamId: number;

  @Wan({ description: '签约投资目标', example: 1_000_000 })
  signedInvestment: number;

  @Wan({ description: '实际到位资金目标', example: 300_000 })
  fundsInPlace: number;

  @Int({ min: 0, max: 100_000, description: '新签约项目' })
  signings: number;

  @Int({ min: 0, max: 100_000, description: '新开工项目' })
  constructionStarts: number;

  @Int({ min: 0, max: 100_000, description: '新投产项目' })
  productionStarts: number;
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

  @Wan({ optional: true, nullable: true, description: '统计口径：签约计入统计的最低协议引资（null 为不设下限）' })
  minContractAmount?: number | null;

  @Bool({ optional: true, description: '统计口径：框架协议是否计入（默认计入）' })
  frameworkAgreementsCount?: boolean;

  @ApiProperty({ type: [ExclusionDto], required: false, description: '统计口径：不计入的项目，整体替换当年名单中调用者数据范围内的部分（范围外的保持不变）' })
  @ValidateIf((o: PutTargetDto) => o.exclusions !== undefined)
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => ExclusionDto)
  exclusions?: ExclusionDto[];

  @ApiProperty({ type: [TeamTargetDto], required: false, description: '各团队的年度目标，整体替换当年名单（未列出的团队为未设目标）；不填则不变' })
  @ValidateIf((o: PutTargetDto) => o.teams !== undefined)
  @IsArray()
  @ArrayMaxSize(1_000)
  @ValidateNested({ each: true })
  @Type(() => TeamTargetDto)
  teams?: TeamTargetDto[];

  @Int({ optional: true, min: 1, description: '读取时的版本号（已被他人修改时答 409）；当年尚未保存时不填' })
  version?: number;
}
