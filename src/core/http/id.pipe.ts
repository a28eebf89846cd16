import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { badField } from '../errors';
import { fieldLabel } from './field-labels';

/** A positive integer route parameter; anything else is a 400 naming the parameter. */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string, meta: ArgumentMetadata): number {
    if (!/^[1-9]\d{0,9}$/.test(value) || Number(value) > 2_147_483_647) {
      throw badField(meta.data ?? 'id', 'bad_id', `${fieldLabel(meta.data ?? 'id')}应为正整数`, value);
    }
    return Number(value);
  }
}
