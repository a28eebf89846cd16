import type { ValidationError } from 'class-validator';
import type { Problem } from '../errors';
import { fieldLabel, recordOf } from './field-labels';

/** Codes of class-validator's own constraints (ours carry theirs in `context`). */
const BUILT_IN: Record<string, { code: string; text: (label: string) => string }> = {
  whitelistValidation: { code: 'unknown_field', text: (l) => `不接受字段 ${l}` },
  unknownValue: { code: 'invalid_body', text: () => '请求体应为 JSON 对象' },
  nestedValidation: { code: 'not_object', text: (l) => `${l}应为对象或数组` },
  isArray: { code: 'not_array', text: (l) => `${l}应为数组` },
  arrayMaxSize: { code: 'too_many', text: (l) => `${l}的条数超过上限` },
  isObject: { code: 'not_object', text: (l) => `${l}应为对象` },
};

/**
 * Flattens class-validator's tree into one problem per bad field
 * (`contacts[0].phone`): the first failed constraint names it. A value that is
 * missing answers `required` whatever constraint noticed it.
 */
export function problemsOf(errors: ValidationError[], parent = ''): Problem[] {
  const out: Problem[] = [];
  for (const e of errors) {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    const names = Object.keys(e.constraints ?? {});
    if (names.length) {
      const missing = e.value === undefined || e.value === null;
      const name = names[0];
      if (missing && name !== 'whitelistValidation') {
        out.push({ field, code: 'required', message: `${fieldLabel(field, recordOf(e.target))}为必填项` });
      } else {
        const own = (e.contexts?.[name] as { code?: string } | undefined)?.code;
        const builtIn = BUILT_IN[name];
        out.push({
          field,
          code: own ?? builtIn?.code ?? 'invalid',
          message: own ? e.constraints![name] : builtIn ? builtIn.text(fieldLabel(field, recordOf(e.target))) : `${fieldLabel(field, recordOf(e.target))}不符合要求`,
        });
      }
    }
    if (e.children?.length) out.push(...problemsOf(e.children, field));
  }
  return out;
}
