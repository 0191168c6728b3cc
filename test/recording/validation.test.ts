// Input rules: every problem of a request in one 400, each naming the invoice index, the field and the rule;
// nothing stored for a refused request.
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { chinaToday } from '../../src/recording/validate.ts'
import { freshInvoices, type Gateway, GUIDE_SUBMIT, startGateway, waitForStatus } from '../helpers/gateway.ts'
import { SETTLED } from '../../src/recording/statuses.ts'

let gw: Gateway
beforeAll(async () => {
  gw = await startGateway()
})
afterAll(() => gw.close())

const line = GUIDE_SUBMIT.invoices[0]
async function refused(payload: unknown, headers: Record<string, string> = {}) {
  const before = await gw.db.prisma.recordingTask.count()
  const res = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: payload as string, headers })
  expect(await gw.db.prisma.recordingTask.count()).toBe(before)
  return res
}

describe('submission rules', () => {
  it('reports every problem at once, by index and field', async () => {
    const tomorrow = chinaToday(Date.now() + 86_400_000)
    const nextMonth = chinaToday(Date.now() + 32 * 86_400_000).slice(0, 6)
    const res = await refused({
      taxNo: '914403007451947783',
      nextEntryMarkStatus: '02',
      invoices: [
        { ...line, serialNo: 's0', invoiceCode: '4403191130' }, // 数电 number with a code
        { ...line, serialNo: 's1', invoiceNo: '04512345', invoiceCode: '' }, // legacy number without a code
        { ...line, serialNo: 's2', invoiceNo: '12345' },
        { ...line, serialNo: 's3', invoiceNo: '25442000000199990001', recordedTime: tomorrow },
        { ...line, serialNo: 's4', invoiceNo: '25442000000199990002', recordedTime: '20250230', recordedPeriod: '2025-11' },
        { ...line, serialNo: 's5', invoiceCode: '4403191130' }, // the same invoice as [0]
        { ...line, serialNo: 's6', invoiceNo: '25442000000199990003', recordedPeriod: nextMonth }, // a 入账属期 to come
      ],
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: "taxNo: check character is '3' but GB 32100 gives '2' for the first 17 characters (and 9 more problems)" })
    expect(res.json().details).toEqual([
      { field: 'taxNo', rule: "check character is '3' but GB 32100 gives '2' for the first 17 characters" },
      { field: 'invoices[0].invoiceCode', rule: 'must be empty for a 20-digit 数电 invoice number' },
      { field: 'invoices[1].invoiceCode', rule: 'must be 10 or 12 digits for an 8-digit invoice number' },
      { field: 'invoices[2].invoiceNo', rule: 'must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)' },
      { field: 'invoices[3].recordedTime', rule: `must not be in the future (today is ${chinaToday()} in China)` },
      { field: 'invoices[4].recordedTime', rule: 'must be a real date as yyyyMMdd, e.g. 20251126' },
      { field: 'invoices[4].recordedPeriod', rule: 'must be yyyyMM or yyyyMMdd, e.g. 202511' },
      { field: 'invoices[5].invoiceCode', rule: 'must be empty for a 20-digit 数电 invoice number' },
      { field: 'invoices[5].invoiceNo', rule: 'the same invoice is listed at invoices[0]' },
      { field: 'invoices[6].recordedPeriod', rule: `must not be after the current month (${chinaToday().slice(0, 6)} in China)` },
    ])
  })

  it('flags an invoice listed twice and a serialNo used twice', async () => {
    const res = await refused({ ...GUIDE_SUBMIT, invoices: [line, { ...line }, { ...line, invoiceNo: '25442000000199990001' }] })
    expect(res.json().details).toEqual([
      { field: 'invoices[1].invoiceNo', rule: 'the same invoice is listed at invoices[0]' },
      { field: 'invoices[1].serialNo', rule: 'the same serialNo is used at invoices[0]' },
      { field: 'invoices[2].serialNo', rule: 'the same serialNo is used at invoices[0]' },
    ])
  })

  it('reports schema problems all at once: wrong status, unknown fields, missing fields, wrong types', async () => {
    const res = await refused({ taxNo: 914403, nextEntryMarkStatus: '01', color: 'red', invoices: [{ invoiceNo: '23442000000164214335', recordedTime: '20251126' }] })
    expect(res.statusCode).toBe(400)
    const fields = res.json().details.map((d: any) => `${d.field}: ${d.rule}`)
    expect(fields.sort()).toEqual([
      'color: is not a known field',
      'invoices[0].recordedPeriod: is required',
      'nextEntryMarkStatus: must be one of 02, 03, 06',
      'taxNo: must be string',
    ])
  })

  it('takes 1 to 1000 invoices, and says how to send more', async () => {
    expect((await refused({ ...GUIDE_SUBMIT, invoices: [] })).json().details).toEqual([{ field: 'invoices', rule: 'must list at least 1' }])
    const many = Array.from({ length: 1001 }, (_, i) => ({ invoiceNo: `2544200000${String(i).padStart(10, '0')}`, recordedTime: '20251126', recordedPeriod: '202511' }))
    expect((await refused({ ...GUIDE_SUBMIT, invoices: many })).json().details).toEqual([{ field: 'invoices', rule: 'at most 1000 invoices per task: split them into several tasks' }])
  })

  it('answers the schema\'s problems and the rules\' problems in one 400, each in words that say the fix', async () => {
    const res = await refused({
      taxNo: '914403007451947783',
      nextEntryMarkStatus: '01',
      reference: 'AP\u0007',
      invoices: [{ serialNo: 'a b', invoiceNo: '12345', recordedTime: '2025-11-26', recordedPeriod: '2025-11', extra: 1 }],
    })
    expect(res.json().details).toEqual([
      { field: 'nextEntryMarkStatus', rule: 'must be one of 02, 03, 06' },
      { field: 'reference', rule: 'must be 1–128 characters of plain text (no control characters)' },
      { field: 'invoices[0].extra', rule: 'is not a known field' },
      { field: 'invoices[0].serialNo', rule: 'must be 1–64 letters, digits, _ or -' },
      { field: 'taxNo', rule: "check character is '3' but GB 32100 gives '2' for the first 17 characters" },
      { field: 'invoices[0].invoiceNo', rule: 'must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)' },
      { field: 'invoices[0].recordedTime', rule: 'must be a real date as yyyyMMdd, e.g. 20251126' },
      { field: 'invoices[0].recordedPeriod', rule: 'must be yyyyMM or yyyyMMdd, e.g. 202511' },
    ])
  })

  it('warns about a 统一社会信用代码 missing its last character, and a task the vendor fails still says why', async () => {
    const truncated = GUIDE_SUBMIT.taxNo.slice(0, 17)
    const res = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { ...GUIDE_SUBMIT, taxNo: truncated } })
    expect(res.statusCode).toBe(202)
    expect(res.json().warnings).toEqual([
      { field: 'taxNo', rule: `17 characters that read like a 统一社会信用代码 missing its last character; if it is one, the full code is ${GUIDE_SUBMIT.taxNo}` },
    ])
    const done = await waitForStatus(gw, res.json().id, SETTLED)
    expect(done).toMatchObject({ status: 'failed', error: { code: 'ALL_INVOICES_REFUSED' } })
    const plain = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { ...GUIDE_SUBMIT, invoices: freshInvoices(gw.sandbox, GUIDE_SUBMIT.taxNo, 1) } })
    expect(plain.json()).not.toHaveProperty('warnings')
  })

  it('says to send JSON when the content type is missing or wrong', async () => {
    const res = await gw.app.inject({ method: 'POST', url: '/v1/recording-tasks', payload: 'taxNo=1', headers: { authorization: gw.authorization, 'content-type': 'text/plain' } })
    expect(res.statusCode).toBe(415)
    expect(res.json()).toMatchObject({ message: 'send the body as JSON with Content-Type: application/json (got text/plain)', details: [{ field: 'header content-type', rule: 'must be application/json (got text/plain)' }] })
    const none = await request(gw.app.server).post('/v1/recording-tasks').set('authorization', gw.authorization).unset('content-type').send(Buffer.from(JSON.stringify(GUIDE_SUBMIT)))
    expect(none.status).toBe(415)
    expect(none.body.message).toContain('send the body as JSON with Content-Type: application/json')
  })

  it('answers malformed JSON and wrong content types with a 4xx that says what is wrong', async () => {
    const bad = await refused('{"taxNo":', { 'content-type': 'application/json' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body' }] })
    const form = await refused('taxNo=1', { 'content-type': 'application/x-www-form-urlencoded' })
    expect(form.statusCode).toBe(415)
    expect(form.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: [{ field: 'header content-type' }] })
  })

  it('refuses a transition the gateway knows the tax bureau would refuse, with the reason', async () => {
    const invoices = freshInvoices(gw.sandbox, SANDBOX_TAX_NOS.guide, 1)
    // Learn the invoice's status: a 06 request fails at the vendor, which reports it as 01.
    const probe = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '06', reason: 'test', invoices } })
    const failed = await waitForStatus(gw, probe.json().id, ['failed'])
    expect(failed.invoices[0]).toMatchObject({ entryMarkStatus: '01', failReason: '发票当前入账状态为01，不能变更为06' })
    const res = await refused({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '06', reason: 'test', invoices })
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([{ field: 'invoices[0].invoiceNo', rule: 'the invoice is 01 (未入账); the tax bureau allows 01 → 02|03 only' }])
    // 02 is allowed and goes through.
    const ok = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices } })
    expect(ok.statusCode).toBe(202)
  })

  it('checks the tax number of a login check too', async () => {
    const res = await gw.inject({ method: 'POST', url: '/v1/tax-login', payload: { taxNo: '12345' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([{ field: 'taxNo', rule: 'must be 18 characters (统一社会信用代码) or 15, 17 or 20 (older taxpayer ids); got 5' }])
  })
})
