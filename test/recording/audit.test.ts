// The audit trail: who asked for a change of 入账状态 and why, kept in a history that nothing can change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, startGateway, waitForStatus } from '../helpers/gateway.ts'
import { SETTLED } from '../../src/recording/statuses.ts'

const taxNo = SANDBOX_TAX_NOS.guide
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
    const recorded = await waitForStatus(gw, (await submit({ nextEntryMarkStatus: '02', operator: 'li.si', invoices: [invoice] })).json().id, SETTLED)
    expect(recorded).toMatchObject({ status: 'completed', operator: 'li.si', reason: null })
    const revoke = await submit({ nextEntryMarkStatus: '06', operator: 'wang.wu', reason: '凭证冲销，发票退回供应商', invoices: [invoice] })
    expect(revoke.json()).toMatchObject({ operator: 'wang.wu', reason: '凭证冲销，发票退回供应商' })
    const revoked = await waitForStatus(gw, revoke.json().id, SETTLED)
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

  it('shows a failed attempt as an attempt, never as a change of status', async () => {
    // Already 02 at piaozone (src/sandbox/seed.ts): the vendor refuses 02 → 02 and reports the invoice at 02.
    const invoice = { invoiceNo: '25442000000199990001', invoiceCode: '', recordedTime: '20251126', recordedPeriod: '202511' }
    const failed = await waitForStatus(gw, (await submit({ nextEntryMarkStatus: '02', operator: '张三', invoices: [invoice] })).json().id, SETTLED)
    expect(failed.status).toBe('failed')

    const status = (await entryStatus(invoice.invoiceNo)).json()
    expect(status.changes).toEqual([])
    expect(status.attempts).toEqual([
      {
        taskId: failed.id, vendorTaskNo: failed.vendorTaskNos[0], at: expect.any(String), nextEntryMarkStatus: '02', outcome: 'failed',
        failReason: '发票当前入账状态为02，不能变更为02', operator: '张三', reason: null,
      },
    ])

    // The row a gateway before this rule wrote for such a failure stays in the table (append-only) but is not shown.
    const clientId = (await gw.db.prisma.recordingTask.findUniqueOrThrow({ where: { id: failed.id } })).clientId
    await gw.db.prisma.entryStatusChange.create({
      data: { clientId, taxNo, invoiceNo: invoice.invoiceNo, invoiceCode: '', fromStatus: null, toStatus: '02', taskId: failed.id, vendorTaskNo: failed.vendorTaskNos[0], operator: '张三', reason: null },
    })
    expect((await entryStatus(invoice.invoiceNo)).json().changes).toEqual([])
  })

  it('is append-only: the database refuses to change or remove a change', async () => {
    const [invoice] = freshInvoices(gw.sandbox, taxNo, 1)
    await waitForStatus(gw, (await submit({ nextEntryMarkStatus: '03', operator: 'li.si', invoices: [invoice] })).json().id, SETTLED)
    const where = { invoiceNo: invoice.invoiceNo }
    expect(await gw.db.prisma.entryStatusChange.count({ where })).toBe(1)
    await expect(gw.db.prisma.entryStatusChange.updateMany({ where, data: { operator: 'someone.else' } })).rejects.toThrow(/append-only: UPDATE is refused/)
    await expect(gw.db.prisma.entryStatusChange.deleteMany({ where })).rejects.toThrow(/append-only: DELETE is refused/)
    await expect(gw.db.prisma.$executeRawUnsafe('TRUNCATE "EntryStatusChange"')).rejects.toThrow(/append-only: TRUNCATE is refused/)
    expect(await gw.db.prisma.entryStatusChange.findMany({ where })).toMatchObject([{ fromStatus: '01', toStatus: '03', operator: 'li.si' }])
  })
})
