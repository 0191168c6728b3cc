// The rules a submission must satisfy beyond its schema, all reported at once, each naming the field.
import type { Problem } from '../errors.ts'
import { asString, isRecord } from '../guards.ts'
import { taxNoProblem } from '../tax-numbers/tax-no.ts'
import { type Text, t } from '../i18n/index.ts'

/** Today's date in China (UTC+8) as yyyyMMdd: 入账时间 is a Chinese calendar date. */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '')
}

export function isRealDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false
  const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6)].map(Number)
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 2000
}

export function invoiceKey(invoiceNo: string, invoiceCode = ''): string {
  return `${invoiceCode}/${invoiceNo}`
}


/** A date rule that shows the fix: "2025-11-26" → "e.g. 20251126". */
function dateRule(value: string, what: Text, example: string): Text {
  const undashed = value.replace(/[-/.]/g, '')
  return t('{what}, e.g. {example}', { what, example: /^\d{6,8}$/.test(undashed) && undashed !== value ? undashed : example })
}

/**
 * The rules beyond the schema, each naming its field. Reads the body defensively, so that it also runs on a body
 * that failed its schema (every problem of a request in one 400): a field of the wrong type is the schema's to
 * report and is skipped here.
 */
export function validateSubmission(raw: unknown, now = Date.now()): Problem[] {
  const problems: Problem[] = []
  const body = isRecord(raw) ? raw : {}
  const taxNoText = asString(body.taxNo)
  const taxNo = taxNoText === undefined ? undefined : taxNoProblem(taxNoText)
  if (taxNo) problems.push({ field: 'taxNo', rule: taxNo })
  // Revoking a 入账 is the change an auditor asks about: the ERP must say why.
  if (body.nextEntryMarkStatus === '06' && body.reason === undefined) {
    problems.push({ field: 'reason', rule: t('is required when nextEntryMarkStatus is 06 (入账撤销): say why the 入账 is revoked') })
  }
  const today = chinaToday(now)
  const seenInvoice = new Map<string, number>()
  const seenSerial = new Map<string, number>()
  const invoices = Array.isArray(body.invoices) ? body.invoices : []
  invoices.forEach((inv, i) => {
    if (!isRecord(inv)) return
    const at = (f: string) => `invoices[${i}].${f}`
    const invoiceNo = asString(inv.invoiceNo)
    const code = asString(inv.invoiceCode) ?? ''
    if (invoiceNo !== undefined) {
      if (/^\d{20}$/.test(invoiceNo)) {
        if (code !== '') problems.push({ field: at('invoiceCode'), rule: t('must be empty for a 20-digit 数电 invoice number') })
      } else if (/^\d{8}$/.test(invoiceNo)) {
        if (!/^(\d{10}|\d{12})$/.test(code)) problems.push({ field: at('invoiceCode'), rule: t('must be 10 or 12 digits for an 8-digit invoice number') })
      } else {
        problems.push({ field: at('invoiceNo'), rule: t('must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)') })
      }
      const key = invoiceKey(invoiceNo, code)
      const first = seenInvoice.get(key)
      if (first !== undefined) problems.push({ field: at('invoiceNo'), rule: t('the same invoice is listed at invoices[{index}]', { index: first }) })
      else seenInvoice.set(key, i)
    }
    const recordedTime = asString(inv.recordedTime)
    if (recordedTime !== undefined) {
      if (!isRealDate(recordedTime)) problems.push({ field: at('recordedTime'), rule: dateRule(recordedTime, t('must be a real date as yyyyMMdd'), '20251126') })
      else if (recordedTime > today) problems.push({ field: at('recordedTime'), rule: t('must not be in the future (today is {today} in China)', { today }) })
    }
    const period = asString(inv.recordedPeriod)
    if (period !== undefined && !(isRealDate(period) || (/^\d{6}$/.test(period) && isRealDate(`${period}01`)))) {
      problems.push({ field: at('recordedPeriod'), rule: dateRule(period, t('must be yyyyMM or yyyyMMdd'), '202511') })
    } else if (period !== undefined && period.slice(0, 6) > today.slice(0, 6)) {
      // The tax bureau takes a 入账属期 up to the current month, never a later one.
      problems.push({ field: at('recordedPeriod'), rule: t('must not be after the current month ({month} in China)', { month: today.slice(0, 6) }) })
    }
    const serialNo = asString(inv.serialNo)
    if (serialNo !== undefined) {
      const firstSerial = seenSerial.get(serialNo)
      if (firstSerial !== undefined) problems.push({ field: at('serialNo'), rule: t('the same serialNo is used at invoices[{index}]', { index: firstSerial }) })
      else seenSerial.set(serialNo, i)
    }
  })
  return problems
}
