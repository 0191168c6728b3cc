// Tax number rules (docs/PIAOZONE.md §9). 18-character 统一社会信用代码 carry a GB 32100-2015 check
// character; older taxpayer ids (15, 17 or 20 characters) are checked for shape only.
import { type Text, t } from '../i18n/index.ts'

/**
 * The characters of a tax number in a query or a path: such a tax number goes straight to the database, so the
 * schemas check them (the API's errors quote the rule).
 */
export const TAX_NO_PATTERN = '^[0-9A-Z]{15,20}$'
export const TAX_NO_RULE = 'must be 15–20 digits and upper-case letters'

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The check character for the first 17 characters of a 统一社会信用代码. */
export function usccCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]) * USCC_WEIGHTS[i]
  return USCC_CHARS[(31 - (sum % 31)) % 31]
}

/** Returns what is wrong with a tax number, or undefined when it is acceptable. */
export function taxNoProblem(taxNo: string): Text | undefined {
  if (taxNo.length === 18) {
    const bad = [...taxNo].find((c) => !USCC_CHARS.includes(c))
    if (bad !== undefined) return t("character '{bad}' is not allowed in a 统一社会信用代码 (0-9 and A-H J-N P-R T-U W-Y, upper case)", { bad })
    const expected = usccCheckChar(taxNo)
    if (taxNo[17] !== expected) return t("check character is '{got}' but GB 32100 gives '{expected}' for the first 17 characters", { got: taxNo[17], expected })
    return undefined
  }
  if ([15, 17, 20].includes(taxNo.length)) {
    return /^[0-9A-Z]+$/.test(taxNo) ? undefined : t('older taxpayer ids contain only digits and upper-case letters')
  }
  return t('must be 18 characters (统一社会信用代码) or 15, 17 or 20 (older taxpayer ids); got {length}', { length: taxNo.length })
}

// The first 17 characters of a 统一社会信用代码: registration authority, organisation type, 6-digit area code,
// 9-character organisation code.
const USCC_FIRST_17 = /^[1-9A-HJ-NPQRTUWY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{9}$/

/**
 * A 17-character id is a valid older taxpayer id, but one shaped like the first 17 characters of a
 * 统一社会信用代码 is more likely that code with its check character cut off: worth a warning, not a refusal.
 */
export function taxNoWarning(taxNo: string): Text | undefined {
  if (taxNo.length !== 17 || !USCC_FIRST_17.test(taxNo)) return undefined
  return t('17 characters that read like a 统一社会信用代码 missing its last character; if it is one, the full code is {full}', { full: `${taxNo}${usccCheckChar(taxNo)}` })
}
