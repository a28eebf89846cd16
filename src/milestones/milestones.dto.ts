import { DateField, Str } from '../core/http/fields';

export class CreateMilestoneDto {
  @Str({ max: 100, example: '开工', description: '节点名称，如 供地、开工、主体完工、设备安装、投产' })
  name: string;

  @DateField({ description: '计划日期' })
  plannedOn: string;

  @DateField({ optional: true, nullable: true, description: '完成日期，不能晚于今天' })
  completedOn?: string | null;

  @Str({ optional: true, nullable: true, max: 1000 })
  note?: string | null;
}

export class UpdateMilestoneDto {
  @Str({ optional: true, max: 100 })
  name?: string;

  @DateField({ optional: true })
  plannedOn?: string;

  @DateField({ optional: true, nullable: true, description: '完成日期，不能晚于今天；null 表示重新打开' })
  completedOn?: string | null;

  @Str({ optional: true, nullable: true, max: 1000 })
  note?: string | null;
}
