import { computed, reactive, ref } from 'vue';
import { ApiError } from '../../api/client';

/** The company fields a person types (create and edit share them). */
export interface CompanyFields { name: string; creditCode: string; tier: string; region: string; address: string; industry: string; description: string }
export const emptyCompany = (): CompanyFields => ({ name: '', creditCode: '', tier: '', region: '', address: '', industry: '', description: '' });

/**
 * The form's state and its errors: the credit code's shape is checked as typed (18 characters, digits and
 * capital letters); the check digit and duplicates are the server's verdict, shown on the field with its code.
 */
export function useCompanyForm() {
  const form = reactive<CompanyFields>(emptyCompany());
  const serverErrors = ref<Record<string, string>>({});
  const errorCodes = ref<Record<string, string>>({});
  const failure = ref('');
  const existing = ref<{ id: number; name: string } | null>(null);

  const creditCodeHint = computed(() => {
    const code = form.creditCode.replace(/\s/g, '').toUpperCase();
    if (!code) return '';
    if (!/^[0-9A-Z]*$/.test(code)) return '统一社会信用代码只能是数字和大写字母';
    if (code.length !== 18) return `统一社会信用代码应为 18 位，已输入 ${code.length} 位`;
    return '';
  });
  const errors = computed<Record<string, string>>(() => ({ ...serverErrors.value, ...(creditCodeHint.value ? { creditCode: creditCodeHint.value } : {}) }));

  function clearErrors() {
    serverErrors.value = {};
    errorCodes.value = {};
    failure.value = '';
    existing.value = null;
  }

  /** A refusal: field messages (with their codes), the 409's existing company, or one message. */
  function refused(err: unknown) {
    if (!(err instanceof ApiError)) {
      failure.value = String(err);
      return;
    }
    serverErrors.value = err.fieldErrors();
    errorCodes.value = Object.fromEntries((err.body.details ?? []).filter((d) => d.field).map((d) => [d.field, d.code]));
    if (err.status === 409 && err.body.existing) existing.value = err.body.existing;
    if (existing.value) failure.value = '该统一社会信用代码已登记，可直接使用已有企业：';
    else if (!Object.keys(serverErrors.value).length) failure.value = err.message;
  }

  /** The body: trimmed text, '' → null (or left out when creating). */
  function body(opts: { nulls: boolean }): { name: string } & Partial<Record<Exclude<keyof CompanyFields, 'name'>, string | null>> {
    const out: Record<string, string | null> = { name: form.name.trim() };
    for (const [k, v] of Object.entries(form)) {
      if (k === 'name') continue;
      const t = k === 'creditCode' ? v.replace(/\s/g, '').toUpperCase() : v.trim();
      if (t) out[k] = t;
      else if (opts.nulls) out[k] = null;
    }
    return out as { name: string };
  }

  function onCreditCodeInput() {
    delete serverErrors.value.creditCode;
    delete errorCodes.value.creditCode;
  }

  return { form, errors, errorCodes, failure, existing, creditCodeHint, clearErrors, refused, body, onCreditCodeInput };
}
