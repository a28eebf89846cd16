import { type ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { badField, badInput } from '../errors';
import { fieldLabel } from './field-labels';
import { TEXT_WORDING, textProblem } from './text';
import { problemsOf } from './validation';

/**
 * How deeply a request body may nest. Our deepest body is an object holding
 * an array of objects (three levels); a body of 20,000 `[` parses, but then
 * overflows the stack of class-transformer as a 500.
 */
export const MAX_BODY_DEPTH = 32;

/** Whether `value` nests deeper than `max` arrays or objects, found without recursion (the value may be deeper than the stack). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * The one way into every handler: class-validator on the DTOs (400 naming
 * each bad field), after two checks of what no DTO can see.
 * - A body nested deeper than MAX_BODY_DEPTH is refused before validation.
 * - Route parameters stay as they came: Nest would turn `0x1`, `1e0`, `01`
 *   or ` 1` into 1 before the parameter's own pipe (IdPipe) saw the text.
 *   Text parameters (`:kind`, `:code`, `:name`) must be clean text
 *   (core/http/text.ts), like any body field.
 */
@Injectable()
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: true },
      exceptionFactory: (errors) => badInput(problemsOf(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && nestsDeeperThan(value, MAX_BODY_DEPTH)) {
      throw badField('body', 'too_deep', `请求体嵌套过深（最多 ${MAX_BODY_DEPTH} 层）`);
    }
    if (metadata.type === 'param' && typeof value === 'string') {
      const name = metadata.data ?? 'id';
      const problem = textProblem(value);
      if (problem) throw badField(name, problem, TEXT_WORDING[problem](fieldLabel(name)));
    }
    return super.transform(value, metadata);
  }

  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}
