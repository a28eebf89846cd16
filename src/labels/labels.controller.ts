import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../core/http/api-docs';
import { allLabels } from './labels';
import { LabelsResponse } from './labels.responses';

@ApiTags('labels')
@ApiBearerAuth()
@Controller('labels')
export class LabelsController {
  // The tables are constants: collected once.
  private readonly labels = allLabels();

  /** Any role: every page shows these labels. */
  @ApiOperation({ summary: '枚举值的中文标签', description: '各分组的 {code, label} 列表；阶段标签见 GET /pipeline，字典条目见 GET /dictionaries/:kind。' })
  @ApiOkResponse({ type: LabelsResponse })
  @ApiErrors(401)
  @Get()
  list(): LabelsResponse {
    return this.labels;
  }
}
