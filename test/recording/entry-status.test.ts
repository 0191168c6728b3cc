// GET /v1/invoices/{invoiceNo}/entry-status when the invoice is not found as asked: the 404 says what to ask instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { type Gateway, startGateway, waitForStatus } from '../helpers/gateway.ts'
import { SETTLED } from '../../src/recording/statuses.ts'

const taxNo = SANDBOX_TAX_NOS.guide
let gw: Gateway
beforeAll(async () => {
  gw = await startGateway()
  const invoices = [{ invoiceNo: '04512345', invoiceCode: '4403191130', recordedTime: '20251126', recordedPeriod: '202511' }]
  const res = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo, nextEntryMarkStatus: '02', invoices } })
  await waitForStatus(gw, res.json().id, SETTLED)
})
afterAll(() => gw.close())

const entryStatus = (query: string, authorization = gw.authorization) => gw.app.inject({ url: `/v1/invoices/04512345/entry-status?${query}`, headers: { authorization } })

describe('GET /v1/invoices/{invoiceNo}/entry-status', () => {
  it('answers a legacy number asked without its code with a 404 that names the code it knows', async () => {
    const res = await entryStatus(`taxNo=${taxNo}`)
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({
      code: 'INVOICE_NOT_FOUND',
      message: `the gateway has never seen invoice 04512345 of ${taxNo}; it knows invoice 04512345 with invoiceCode 4403191130`,
      details: [{ field: 'query invoiceCode', rule: 'must be 4403191130 for invoice 04512345' }],
    })
    expect((await entryStatus(`taxNo=${taxNo}&invoiceCode=4403191130`)).json()).toMatchObject({ invoiceCode: '4403191130', entryMarkStatus: '02' })
  })

  it('suggests only codes of the caller\'s own invoices', async () => {
    const other = `Bearer ${(await gw.app.clients.addClient(`other-${Date.now()}`, 'any')).key.key}`
    const res = await entryStatus(`taxNo=${taxNo}`, other)
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ statusCode: 404, code: 'INVOICE_NOT_FOUND', message: `the gateway has never seen invoice 04512345 of ${taxNo}`, requestId: expect.any(String) })
    expect(res.body).not.toContain('4403191130')
  })
})
