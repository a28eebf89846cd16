import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { badField } from '../errors';
import { fieldLabel } from './field-labels';
import { INT4_MAX } from './fields';

/**
 * A positive integer route parameter, written in plain decimal digits
 * (`/projects/12`; not `0x1`, `1e0`, `01` or ` 1`) and within an id column's
 * range; anything else is a 400 naming the parameter. It reads the text as it
 * came: AppValidationPipe leaves route parameters unconverted.
 */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string, meta: ArgumentMetadata): number {
    const name = meta.data ?? 'id';
    if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value) || Number(value) > INT4_MAX) {
      throw badField(name, 'bad_id', `${fieldLabel(name)}应为正整数`, value);
    }
    return Number(value);
  }
}
