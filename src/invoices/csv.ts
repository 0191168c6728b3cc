// CSV for Excel (RFC 4180, UTF-8 with a BOM so Chinese opens correctly). Two Excel habits are defused: a code (an
// invoice or tax number, a 入账状态, a yyyyMMdd date) is written as ="…", which Excel and WPS both keep as text, so
// 04512345 keeps its zero, 02 stays 02 and a 20-digit number does not become 2.34E+19; and a value that Excel would
// run as a formula (=, +, -, @ first) gets a leading apostrophe.

export const CSV_BOM = '\uFEFF'

type Value = string | number | boolean | null
/** A value csvLine writes as text: the caller says which columns are codes (any long digit string is one too). */
export const asText = (value: Value) => ({ text: value })

function cell(value: Value | ReturnType<typeof asText>): string {
  if (value === null) return ''
  if (typeof value === 'object') {
    const code = value.text === null ? '' : String(value.text)
    // Only a plain code goes inside ="…"; anything else is free text after all, defused as such.
    return /^[0-9A-Za-z]+$/.test(code) ? `="${code}"` : cell(value.text)
  }
  const text = String(value)
  if (/^\d{11,}$/.test(text)) return `="${text}"`
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** One CSV record, CRLF-terminated. */
export const csvLine = (values: readonly (Value | ReturnType<typeof asText>)[]) => `${values.map(cell).join(',')}\r\n`
