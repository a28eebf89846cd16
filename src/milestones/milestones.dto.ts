import { DateField, Str } from '../core/http/fields';

export class CreateMilestoneDto {
  @Str({ max: 100, example: '开工' , description: '供地, 开工, 主体完工, 设备安装, 投产 …' })
  name: string;

  @DateField()
  plannedOn: string;

  @DateField({ optional: true, nullable: true, description: 'not in the future' })
  completedOn?: string | null;

  @Str({ optional: true, nullable: true, max: 1000 })
  note?: string | null;
}

export class UpdateMilestoneDto {
  @Str({ optional: true, max: 100 })
  name?: string;

  @DateField({ optional: true })
  plannedOn?: string;

  @DateField({ optional: true, nullable: true, description: 'not in the future; null reopens it' })
  completedOn?: string | null;

  @Str({ optional: true, nullable: true, max: 1000 })
  note?: string | null;
}
