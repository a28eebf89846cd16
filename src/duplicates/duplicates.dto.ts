import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateIf, ValidateNested } from 'class-validator';
import { Code, Int, Str } from '../core/http/fields';

/** The investor being typed in the company form. */
export class CompanyCheckDto {
  @Str({ optional: true, max: 200, description: '企业名称（按规范化名称比对：全半角、空格、有限公司等后缀不计）', example: '重庆某某新能源科技有限公司' })
  name?: string;

  @Str({ optional: true, max: 30, description: '统一社会信用代码（大小写、空格不限；未填完或校验位不对时不会匹配）', example: '91500000MA5U7LXX19' })
  creditCode?: string;

  @Str({ optional: true, max: 30, description: '联系人电话（+86、空格、- 不计）', example: '13800138000' })
  phone?: string;
}

/** The project being typed in the project form. */
export class ProjectCheckDto {
  @Int({ optional: true, min: 1, description: '投资企业（已登记的企业）：查同一客商同一产业链的在谈项目，以及与该企业相似的企业' })
  companyId?: number;

  @Str({ optional: true, max: 200, description: '投资企业名称（企业尚未登记时）：按规范化名称查相似企业' })
  companyName?: string;

  @Code({ optional: true, description: '产业链（字典 industry-chains 的代码）：与 companyId 一起查同链在谈项目', example: 'new_energy_storage' })
  industryChain?: string;
}

/** POST /duplicates/check: what is being typed; every part optional. Nothing is saved. */
export class DuplicateCheckDto {
  @ApiProperty({ type: CompanyCheckDto, required: false, description: '企业表单中正在填写的内容' })
  @ValidateIf((o: DuplicateCheckDto) => o.company !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => CompanyCheckDto)
  company?: CompanyCheckDto;

  @ApiProperty({ type: ProjectCheckDto, required: false, description: '项目表单中正在填写的内容' })
  @ValidateIf((o: DuplicateCheckDto) => o.project !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => ProjectCheckDto)
  project?: ProjectCheckDto;
}
