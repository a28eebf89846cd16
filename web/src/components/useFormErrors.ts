import { ref } from 'vue';
import { ApiError } from '../api/client';

/**
 * A dialog form's refusals: the server's messages on their fields, a 409 (the
 * name/code/e-mail already taken) on `conflictField`, or one message above
 * the form when no field is named.
 */
export function useFormErrors(conflictField: string) {
  const errors = ref<Record<string, string>>({});
  const failure = ref('');

  function reset() {
    errors.value = {};
    failure.value = '';
  }

  function refused(err: unknown) {
    if (!(err instanceof ApiError)) {
      failure.value = String(err);
      return;
    }
    errors.value = err.fieldErrors();
    if (err.status === 409) errors.value[conflictField] ??= err.message;
    failure.value = Object.keys(errors.value).length ? '' : err.message;
  }

  return { errors, failure, reset, refused };
}
