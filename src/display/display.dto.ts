import { Str } from '../core/http/fields';

export class CreateDisplayLinkDto {
  @Str({ max: 100, example: '三楼会议室大屏', description: '链接名称，说明放在哪块屏幕上' })
  name: string;
}
