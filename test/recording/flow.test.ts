// The whole flow against the sandbox: every task status, batching, retries, reconciliation, tax login, lookups.
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, GUIDE_SUBMIT, startGateway, waitForStatus } from '../helpers/gateway.ts'
import { SETTLED } from '../../src/recording/statuses.ts'

let gw: Gateway
beforeAll(async () => {
  gw = await startGateway({ batchSize: 100 })
})
afterAll(() => gw.close())

const submit = (body: unknown, headers: Record<string, string> = {}) => gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: body as object, headers })

describe('a task from submit to completion', () => {
  it('accepts the guide example with 202, then completes it and records the invoice as 02', async () => {
    const res = await request(gw.app.server).post('/v1/recording-tasks').set('authorization', gw.authorization).set('x-request-id', 'erp-req-0042').send(GUIDE_SUBMIT)
    expect(res.status).toBe(202)
    expect(res.headers.location).toBe(`/v1/recording-tasks/${res.body.id}`)
    expect(res.headers['x-request-id']).toBe('erp-req-0042')
    expect(res.body).toMatchObject({ status: 'accepted', reference: 'AP-2025-0042', requestId: 'erp-req-0042', counts: { total: 1, pending: 1 }, replayed: false })

    const done = await waitForStatus(gw, res.body.id, SETTLED)
    expect(done).toMatchObject({ status: 'completed', counts: { total: 1, pending: 0, succeeded: 1, failed: 0 }, error: null })
    expect(done.vendorTaskNos).toHaveLength(1)
    expect(done.finishedAt).not.toBeNull()
    expect(done.invoices[0]).toMatchObject({ outcome: 'succeeded', preEntryMarkStatus: '01', entryMarkStatus: '02', invoiceType: '27', invoiceDate: '20251120', etaxInvoiceNo: '23442000000164214335' })

    const status = await request(gw.app.server).get('/v1/invoices/23442000000164214335/entry-status').set('authorization', gw.authorization).query({ taxNo: GUIDE_SUBMIT.taxNo })
    expect(status.status).toBe(200)
    expect(status.body).toMatchObject({ entryMarkStatus: '02', entryMarkLabel: '已入账（企业所得税税前扣除）', recorded: true, pendingTaskId: null })
    expect(status.body.redReversal).toMatch(/buyer must confirm/)
    expect(status.body.history).toEqual([expect.objectContaining({ taskId: res.body.id, outcome: 'succeeded', entryMarkStatus: '02' })])

    // The vendor call log holds every call for the task, without tokens or payloads, in the guide's order:
    // the tax number's session is checked before its first 4.16.
    const calls = await gw.db.prisma.vendorCall.findMany({ where: { taskId: res.body.id }, orderBy: { id: 'asc' } })
    expect(calls.map((c) => [c.interfaceCode, c.resultCode])).toEqual([
      ['taxLogin', '0000'],
      ['invoiceRecorded', '0000'],
      ['invoiceRecordedQuery', '0000'],
    ])
  })

  it('answers 404 for an invoice it has never seen', async () => {
    const res = await gw.inject({ url: `/v1/invoices/25442000000000000000/entry-status?taxNo=${GUIDE_SUBMIT.taxNo}` })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ code: 'INVOICE_NOT_FOUND' })
  })

  it('fails the whole task when the vendor refuses it (2002), keeping its code and Chinese message', async () => {
    const res = await submit({ ...GUIDE_SUBMIT, taxNo: SANDBOX_TAX_NOS.channelUnsupported, invoices: [{ ...GUIDE_SUBMIT.invoices[0], invoiceNo: '25112000000377770001' }] })
    const done = await waitForStatus(gw, res.json().id, SETTLED)
    expect(done.status).toBe('failed')
    expect(done.error).toMatchObject({ code: 'UPSTREAM_REJECTED', vendorCode: '2002', vendorMessage: '该组织的收票通道不支持税局入账操作' })
    expect(done.invoices[0]).toMatchObject({ outcome: 'failed', failReason: '2002 该组织的收票通道不支持税局入账操作' })
  })

  it('is partially_failed when some invoices succeed and others fail, each with its reason', async () => {
    const [good] = freshInvoices(gw.sandbox, SANDBOX_TAX_NOS.second, 1)
    const res = await submit({ taxNo: SANDBOX_TAX_NOS.second, nextEntryMarkStatus: '03', invoices: [good, { ...good, invoiceNo: '25442000000288889999' }] })
    const done = await waitForStatus(gw, res.json().id, SETTLED)
    expect(done.status).toBe('partially_failed')
    expect(done.counts).toEqual({ total: 2, pending: 0, succeeded: 1, failed: 1 })
    expect(done.invoices.map((i: any) => [i.outcome, i.failReason])).toEqual([
      ['succeeded', null],
      ['failed', '未在收票池中找到该发票，请先采集发票'],
    ])
  })

  it('splits a large submission into vendor batches and reads every result', async () => {
    const invoices = freshInvoices(gw.sandbox, SANDBOX_TAX_NOS.guide, 250)
    const before = gw.sandbox.state.count('invoiceRecorded')
    const res = await submit({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices })
    expect(res.statusCode).toBe(202)
    const done = await waitForStatus(gw, res.json().id, SETTLED)
    expect(done).toMatchObject({ status: 'completed', counts: { total: 250, succeeded: 250 } })
    expect(done.vendorTaskNos).toHaveLength(3)
    expect(gw.sandbox.state.count('invoiceRecorded') - before).toBe(3)
    const sizes = gw.sandbox.state.requests.filter((r) => r.interfaceCode === 'invoiceRecorded').slice(-3).map((r) => (r.data as any).invoices.length)
    expect(sizes).toEqual([100, 100, 50])
  })
})

describe('vendor trouble', () => {
  it('retries 5xx with backoff and still completes, never creating a second vendor task for one batch', async () => {
    const invoices = freshInvoices(gw.sandbox, SANDBOX_TAX_NOS.guide, 2)
    gw.sandbox.state.faults.push({ on: 'invoiceRecorded', times: 2, fault: { kind: 'http_error', status: 503 } })
    const res = await submit({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices })
    const done = await waitForStatus(gw, res.json().id, SETTLED)
    expect(done.status).toBe('completed')
    expect(done.error).toBeNull()
    const accepted = gw.sandbox.state.requests.find((r) => r.interfaceCode === 'invoiceRecorded' && (r.data as any)?.invoices?.[0]?.invoiceNo === invoices[0].invoiceNo)
    // Three sends of the batch, all with its one requestId: two answered 503 (so never handled), one accepted.
    const sends = gw.sandbox.state.requests.filter((r) => r.requestId === accepted?.requestId)
    expect(sends.map((r) => r.answerCode)).toEqual([undefined, undefined, '0000'])
  })

  it('reconciles a submit whose answer was lost after the vendor acted: the invoice ends succeeded, not failed', async () => {
    const invoices = freshInvoices(gw.sandbox, SANDBOX_TAX_NOS.guide, 1)
    gw.sandbox.state.faults.push({ on: 'invoiceRecorded', times: 1, fault: { kind: 'drop_after' } })
    const res = await submit({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '03', invoices })
    const done = await waitForStatus(gw, res.json().id, SETTLED)
    expect(done.status).toBe('completed')
    expect(done.invoices[0]).toMatchObject({ outcome: 'succeeded', entryMarkStatus: '03', failReason: null })
    const batch = await gw.db.prisma.vendorBatch.findFirstOrThrow({ where: { taskId: done.id } })
    expect(batch).toMatchObject({ resends: 1, state: 'done' })
    // The pool shows the invoice at 03: the first (lost) send did it, the resend changed nothing.
    expect(gw.sandbox.state.getInvoice(SANDBOX_TAX_NOS.guide, invoices[0].invoiceNo)?.entryMarkStatus).toBe('03')
  })

  it('waits in waiting_tax_login before any 4.16 while an interactive login is pending, and resumes after it', async () => {
    const taxNo = SANDBOX_TAX_NOS.interactiveLogin
    const invoices = freshInvoices(gw.sandbox, taxNo, 1)
    const res = await submit({ taxNo, nextEntryMarkStatus: '02', invoices })
    const waiting = await waitForStatus(gw, res.json().id, ['waiting_tax_login'])
    expect(waiting.error).toMatchObject({ code: 'TAX_LOGIN_REQUIRED', loginWebUrl: expect.stringContaining('/etax-login?taxNo=') })
    expect(gw.sandbox.state.requests.filter((r) => r.interfaceCode === 'invoiceRecorded' && (r.data as any)?.taxNo === taxNo)).toEqual([])

    const check = await gw.inject({ method: 'POST', url: '/v1/tax-login', payload: { taxNo } })
    expect(check.statusCode).toBe(200)
    expect(check.json()).toMatchObject({ taxNo, needAuth: true, resumedTasks: 0 })
    // A person finishes the interactive step; the next check finds the session and resumes the task.
    await fetch(check.json().loginWebUrl)
    const again = await gw.inject({ method: 'POST', url: '/v1/tax-login', payload: { taxNo } })
    expect(again.json()).toMatchObject({ needAuth: false, companyName: '上海市需扫码登录有限公司' })
    const done = await waitForStatus(gw, res.json().id, SETTLED)
    expect(done).toMatchObject({ status: 'completed', error: null })
  })

  it('passes a vendor refusal of the login check through with its Chinese message', async () => {
    gw.sandbox.state.faults.push({ on: 'taxLogin', times: 1, fault: { kind: 'business_error', errorCode: '9001', message: '税号未在发票云中开通' } })
    const res = await gw.inject({ method: 'POST', url: '/v1/tax-login', payload: { taxNo: SANDBOX_TAX_NOS.second } })
    expect(res.statusCode).toBe(502)
    expect(res.json()).toMatchObject({ code: 'UPSTREAM_REJECTED', vendor: { errorCode: '9001', message: '税号未在发票云中开通' } })
  })
})

describe('lookups', () => {
  it('lists tasks newest first with filters and cursor paging', async () => {
    const ref = `LIST-${Date.now()}`
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const res = await submit({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', reference: ref, invoices: freshInvoices(gw.sandbox, SANDBOX_TAX_NOS.guide, 1) })
      ids.push(res.json().id)
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res: { statusCode: number; json: () => any } = await gw.inject({ url: `/v1/recording-tasks?reference=${ref}&limit=2${cursor ? `&cursor=${cursor}` : ''}` })
      expect(res.statusCode).toBe(200)
      seen.push(...res.json().items.map((t: any) => t.id))
      cursor = res.json().nextCursor
    } while (cursor)
    expect(seen).toEqual([...ids].reverse())
    const byStatus = await gw.inject({ url: `/v1/recording-tasks?taxNo=${SANDBOX_TAX_NOS.channelUnsupported}&status=failed` })
    expect(byStatus.json().items.every((t: any) => t.status === 'failed' && t.taxNo === SANDBOX_TAX_NOS.channelUnsupported)).toBe(true)
    expect(byStatus.json().items.length).toBeGreaterThan(0)
    const future = await gw.inject({ url: `/v1/recording-tasks?createdFrom=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}` })
    expect(future.json()).toEqual({ items: [], nextCursor: null })
    const bad = await gw.inject({ url: '/v1/recording-tasks?cursor=garbage' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details).toEqual([{ field: 'cursor', rule: 'must be a nextCursor returned by this endpoint' }])
  })

  it('answers 404 for an unknown task and 400 for an id that is not a uuid', async () => {
    expect((await gw.inject({ url: '/v1/recording-tasks/0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d' })).json()).toMatchObject({ statusCode: 404, code: 'TASK_NOT_FOUND' })
    const bad = await gw.inject({ url: '/v1/recording-tasks/42' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details[0].field).toBe('params id')
  })
})

describe('refresh', () => {
  it('advances a task at once when no worker loop runs', async () => {
    const idle = await startGateway({ startWorker: false })
    try {
      const res = await idle.inject({ method: 'POST', url: '/v1/recording-tasks', payload: GUIDE_SUBMIT })
      const id = res.json().id
      // Nothing but a refresh can step it: no loop runs, and the task was not handed to this process's worker (no lease).
      // Both are facts to read, not to wait for: there is no look for work whose end could be awaited.
      expect(idle.app.worker.isRunning).toBe(false)
      expect(await idle.db.prisma.recordingTask.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'accepted', leaseOwner: null })
      const submitted = await idle.inject({ method: 'POST', url: `/v1/recording-tasks/${id}/refresh` })
      expect(submitted.json()).toMatchObject({ status: 'submitted', vendorTaskNos: [expect.any(String)] })
      // The first poll is due after WORKER_POLL_INTERVAL_MS; refresh asks anyway.
      const done = await idle.inject({ method: 'POST', url: `/v1/recording-tasks/${id}/refresh` })
      expect(done.json()).toMatchObject({ status: 'completed', counts: { succeeded: 1 } })
    } finally {
      await idle.close()
    }
  })
})
