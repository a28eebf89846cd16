/**
 * The identity rules of an investor: the 统一社会信用代码 check (GB 32100-2015)
 * and the folding of names and phone numbers used by 重复研判.
 */
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Why a 统一社会信用代码 is invalid (a machine code and a Chinese message), or null when it is valid. */
export function creditCodeProblem(code: string): { code: string; message: string } | null {
  if (code.length !== 18) return { code: 'credit_code_length', message: `统一社会信用代码应为 18 位，实为 ${code.length} 位` };
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CODE_CHARS.indexOf(code[i]);
    if (v < 0) {
      return { code: 'credit_code_character', message: `统一社会信用代码第 ${i + 1} 位“${code[i]}”不合法（只能是数字和除 I、O、S、V、Z 外的大写字母）` };
    }
    sum += v * WEIGHTS[i];
  }
  const expected = CODE_CHARS[(31 - (sum % 31)) % 31];
  if (code[17] !== expected) return { code: 'credit_code_check_digit', message: `统一社会信用代码校验位错误，应为 ${expected}` };
  return null;
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}

/** Upper-cases and removes spaces, so that a code typed loosely still matches. */
export function canonicalCreditCode(code: string): string {
  return code.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

const LEGAL_SUFFIXES = ['股份有限公司', '有限责任公司', '有限公司', '股份公司'];

/**
 * Folds a company name for comparison: full-width → half-width (NFKC), no
 * white space, lower case, without the 有限公司-type suffix.
 */
export function normalizeCompanyName(name: string): string {
  let s = name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  for (const suffix of LEGAL_SUFFIXES) {
    if (s.endsWith(suffix) && s.length > suffix.length) {
      s = s.slice(0, -suffix.length);
      break;
    }
  }
  return s;
}

/** Digits only, without a +86 / 0086 country prefix; null when too short to compare. */
export function normalizePhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  let d = phone.normalize('NFKC').replace(/\D/g, '');
  if (d.startsWith('0086')) d = d.slice(4);
  else if (d.startsWith('86') && d.length === 13) d = d.slice(2);
  return d.length >= 7 ? d : null;
}
