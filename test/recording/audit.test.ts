// The audit trail: who asked for a change of 入账状态 and why, kept in a history that nothing can change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, startGateway, waitForStatus } from '../helpers/gateway.ts'

const taxNo = SANDBOX_TAX_NOS.guide
const FINISHED = ['completed', 'partially_failed', 'failed']
let gw: Gateway
beforeAll(async () => {
  gw = await startGateway()
})
afterAll(async () => {
  await gw.close()
})

const submit = (payload: object) => gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo, ...payload } })
const entryStatus = (invoiceNo: string, authorization?: string) =>
  gw.app.inject({ url: `/v1/invoices/${invoiceNo}/entry-status?taxNo=${taxNo}`, headers: { authorization: authorization ?? gw.authorization } })

describe('the audit trail', () => {
  it('refuses 入账撤销 (06) without a reason, naming the field, with every other problem of the request', async () => {
    const [invoice] = freshInvoices(gw.sandbox, taxNo, 1)
    const res = await submit({ nextEntryMarkStatus: '06', operator: 'wang.wu', invoices: [{ ...invoice, recordedTime: '2025-11-26' }] })
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([
      { field: 'reason', rule: 'is required when nextEntryMarkStatus is 06 (入账撤销): say why the 入账 is revoked' },
      { field: 'invoices[0].recordedTime', rule: 'must be a real date as yyyyMMdd, e.g. 20251126' },
    ])
    const blank = await submit({ nextEntryMarkStatus: '06', reason: '', invoices: [invoice] })
    expect(blank.json().details).toEqual([{ field: 'reason', rule: 'must be 1–500 characters of plain text (no control characters)' }])
  })

  it('records every change with its operator, reason, task and vendor task, newest first, for the client that made it', async () => {
    const [invoice] = freshInvoices(gw.sandbox, taxNo, 1)
    const recorded = await waitForStatus(gw, (await submit({ nextEntryMarkStatus: '02', operator: 'li.si', invoices: [invoice] })).json().id, FINISHED)
    expect(recorded).toMatchObject({ status: 'completed', operator: 'li.si', reason: null })
    const revoke = await submit({ nextEntryMarkStatus: '06', operator: 'wang.wu', reason: '凭证冲销，发票退回供应商', invoices: [invoice] })
    expect(revoke.json()).toMatchObject({ operator: 'wang.wu', reason: '凭证冲销，发票退回供应商' })
    const revoked = await waitForStatus(gw, revoke.json().id, FINISHED)
    expect(revoked.status).toBe('completed')

    const status = (await entryStatus(invoice.invoiceNo)).json()
    expect(status.entryMarkStatus).toBe('06')
    expect(status.changes).toEqual([
      { fromStatus: '02', toStatus: '06', at: expect.any(String), taskId: revoked.id, vendorTaskNo: revoked.vendorTaskNos[0], operator: 'wang.wu', reason: '凭证冲销，发票退回供应商' },
      { fromStatus: '01', toStatus: '02', at: expect.any(String), taskId: recorded.id, vendorTaskNo: recorded.vendorTaskNos[0], operator: 'li.si', reason: null },
    ])
    expect(Date.parse(status.changes[0].at)).toBeGreaterThanOrEqual(Date.parse(status.changes[1].at))

    // Another client acting for the same tax number sees none of this client's trail.
    const other = (await gw.app.clients.addClient(`auditor-${Date.now()}`, 'any')).key.key
    expect((await entryStatus(invoice.invoiceNo, `Bearer ${other}`)).statusCode).toBe(404)
  })

  it('is append-only: the database refuses to change or remove a change', async () => {
    const [invoice] = freshInvoices(gw.sandbox, taxNo, 1)
    await waitForStatus(gw, (await submit({ nextEntryMarkStatus: '03', operator: 'li.si', invoices: [invoice] })).json().id, FINISHED)
    const where = { invoiceNo: invoice.invoiceNo }
    expect(await gw.db.prisma.entryStatusChange.count({ where })).toBe(1)
    await expect(gw.db.prisma.entryStatusChange.updateMany({ where, data: { operator: 'someone.else' } })).rejects.toThrow(/append-only: UPDATE is refused/)
    await expect(gw.db.prisma.entryStatusChange.deleteMany({ where })).rejects.toThrow(/append-only: DELETE is refused/)
    await expect(gw.db.prisma.$executeRawUnsafe('TRUNCATE "EntryStatusChange"')).rejects.toThrow(/append-only: TRUNCATE is refused/)
    expect(await gw.db.prisma.entryStatusChange.findMany({ where })).toMatchObject([{ fromStatus: '01', toStatus: '03', operator: 'li.si' }])
  })
})
