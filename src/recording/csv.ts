// CSV for Excel (RFC 4180, UTF-8 with a BOM so Chinese opens correctly). Two Excel habits are defused: a long digit
// string (an invoice or tax number) is written as ="…" so it stays text instead of becoming 2.34E+19, and a value
// that Excel would run as a formula (=, +, -, @ first) gets a leading apostrophe.

export const CSV_BOM = '\uFEFF'

function cell(value: string | number | boolean | null): string {
  if (value === null) return ''
  const text = String(value)
  if (/^\d{11,}$/.test(text)) return `="${text}"`
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** One CSV record, CRLF-terminated. */
export const csvLine = (values: readonly (string | number | boolean | null)[]) => `${values.map(cell).join(',')}\r\n`
