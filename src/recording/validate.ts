// The rules a submission must satisfy beyond its schema, all reported at once, each naming the field.
import type { Problem } from '../errors.ts'
import type { SubmitBody } from './schemas.ts'
import { taxNoProblem } from './tax-no.ts'

/** Today's date in China (UTC+8) as yyyyMMdd: 入账时间 is a Chinese calendar date. */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '')
}

function isRealDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false
  const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6)].map(Number)
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 2000
}

export function invoiceKey(invoiceNo: string, invoiceCode = ''): string {
  return `${invoiceCode}/${invoiceNo}`
}

export function validateSubmission(body: SubmitBody, now = Date.now()): Problem[] {
  const problems: Problem[] = []
  const taxNo = taxNoProblem(body.taxNo)
  if (taxNo) problems.push({ field: 'taxNo', rule: taxNo })
  const today = chinaToday(now)
  const seenInvoice = new Map<string, number>()
  const seenSerial = new Map<string, number>()
  body.invoices.forEach((inv, i) => {
    const at = (f: string) => `invoices[${i}].${f}`
    const code = inv.invoiceCode ?? ''
    if (/^\d{20}$/.test(inv.invoiceNo)) {
      if (code !== '') problems.push({ field: at('invoiceCode'), rule: 'must be empty for a 20-digit 数电 invoice number' })
    } else if (/^\d{8}$/.test(inv.invoiceNo)) {
      if (!/^(\d{10}|\d{12})$/.test(code)) problems.push({ field: at('invoiceCode'), rule: 'must be 10 or 12 digits for an 8-digit invoice number' })
    } else {
      problems.push({ field: at('invoiceNo'), rule: 'must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)' })
    }
    if (!isRealDate(inv.recordedTime)) problems.push({ field: at('recordedTime'), rule: 'must be a real date as yyyyMMdd' })
    else if (inv.recordedTime > today) problems.push({ field: at('recordedTime'), rule: `must not be in the future (today is ${today} in China)` })
    const period = inv.recordedPeriod
    if (!(isRealDate(period) || (/^\d{6}$/.test(period) && isRealDate(`${period}01`)))) {
      problems.push({ field: at('recordedPeriod'), rule: 'must be yyyyMM or yyyyMMdd' })
    }
    const key = invoiceKey(inv.invoiceNo, code)
    const first = seenInvoice.get(key)
    if (first !== undefined) problems.push({ field: at('invoiceNo'), rule: `the same invoice is listed at invoices[${first}]` })
    else seenInvoice.set(key, i)
    if (inv.serialNo !== undefined) {
      const firstSerial = seenSerial.get(inv.serialNo)
      if (firstSerial !== undefined) problems.push({ field: at('serialNo'), rule: `the same serialNo is used at invoices[${firstSerial}]` })
      else seenSerial.set(inv.serialNo, i)
    }
  })
  return problems
}
