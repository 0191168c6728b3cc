// The gateway against vendor behaviours the docs leave open, each produced by a sandbox mode or fault over real
// HTTP. Every test ends with the outcome the vendor really reached (the sandbox's pool): no invoice is reported
// failed that the vendor recorded, and no task is left working without a visible reason.
import { afterEach, describe, expect, it } from 'vitest'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import type { SandboxModes } from '../../src/sandbox/state.ts'
import { freshInvoices, type Gateway, startGateway, vendorOutcomes, waitForStatus, waitForTask } from '../helpers/gateway.ts'

const FINISHED = ['completed', 'partially_failed', 'failed']
const taxNo = SANDBOX_TAX_NOS.guide

let gw: Gateway | undefined
afterEach(async () => {
  await gw?.close()
  gw = undefined
})

/** A fresh gateway and sandbox per test, so no unfinished task of one test meets another's faults. */
async function gateway(options: Parameters<typeof startGateway>[0] = {}) {
  gw = await startGateway(options)
  return gw
}

async function submitFresh(g: Gateway, count: number, extra: object = {}) {
  const res = await g.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo, nextEntryMarkStatus: '02', invoices: freshInvoices(g.sandbox, taxNo, count), ...extra } })
  expect(res.statusCode).toBe(202)
  return res.json().id as string
}

/** The vendor's answers to one interface for one task, from the stored vendor call log. */
async function answers(g: Gateway, taskId: string, interfaceCode: string) {
  const calls = await g.db.prisma.vendorCall.findMany({ where: { taskId, interfaceCode }, orderBy: { id: 'asc' } })
  return calls.map((c) => c.resultCode)
}

describe('4.17 is a read: no answer to it fails an invoice', () => {
  it('retries an unknown code on 4.17 and ends with what the vendor recorded', async () => {
    const g = await gateway()
    g.sandbox.state.faults.push({ on: 'invoiceRecordedQuery', times: 3, fault: { kind: 'business_error', errorCode: '9999', message: '系统异常，请联系管理员' } })
    const id = await submitFresh(g, 3)
    const done = await waitForStatus(g, id, FINISHED)
    expect(done).toMatchObject({ status: 'completed', error: null, counts: { succeeded: 3 } })
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
    expect(await answers(g, id, 'invoiceRecordedQuery')).toEqual(['9999', '9999', '9999', '0000'])
  })

  it('keeps polling through "processing" refusals until the results arrive', async () => {
    const g = await gateway({ sandbox: { taskPolls: 4, modes: { processingAnswer: { errorCode: '0202', message: '任务正在处理中，请稍后查询' } } } })
    const id = await submitFresh(g, 2)
    const done = await waitForStatus(g, id, FINISHED)
    expect(done).toMatchObject({ status: 'completed', error: null })
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
    expect(await answers(g, id, 'invoiceRecordedQuery')).toEqual(['0202', '0202', '0202', '0000'])
  })

  it('takes "task not found" (0201) shortly after the submit as not visible yet', async () => {
    const g = await gateway({ sandbox: { modes: { taskHiddenMs: 300 } } })
    const id = await submitFresh(g, 2)
    const done = await waitForStatus(g, id, FINISHED)
    expect(done).toMatchObject({ status: 'completed', error: null })
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
    expect(await answers(g, id, 'invoiceRecordedQuery')).toContain('0201')
  })

  it('shows "task not found" past the grace period as VENDOR_TASK_NOT_FOUND, invoices pending, and finishes once the vendor shows it', async () => {
    const g = await gateway({ sandbox: { modes: { taskHiddenMs: 3_600_000 } }, worker: { taskNotFoundGraceMs: 200 } })
    const id = await submitFresh(g, 2)
    const stuck = await waitForTask(g, id, (t) => t.error?.code === 'VENDOR_TASK_NOT_FOUND', 'VENDOR_TASK_NOT_FOUND')
    expect(stuck).toMatchObject({ status: 'submitted', counts: { pending: 2, failed: 0 }, error: { vendorCode: '0201', vendorMessage: '未查询到相关任务，请确认请求税号或任务号是否正确' } })
    expect(stuck.error.message).toContain(stuck.vendorTaskNos[0])
    // The vendor did record them: a `failed` here would have been a lie.
    expect(vendorOutcomes(stuck, g.sandbox)).toEqual(['succeeded', 'succeeded'])
    g.sandbox.state.modes.taskHiddenMs = 0
    const done = await waitForStatus(g, id, FINISHED)
    expect(done).toMatchObject({ status: 'completed', error: null })
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
  })

  it('collects results that arrive a page at a time', async () => {
    const g = await gateway({ sandbox: { modes: { resultsPerPoll: 30 } } })
    const id = await submitFresh(g, 100)
    const done = await waitForStatus(g, id, FINISHED)
    expect(done).toMatchObject({ status: 'completed', counts: { succeeded: 100 } })
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
    const batch = await g.db.prisma.vendorBatch.findFirstOrThrow({ where: { taskId: id } })
    expect(batch.polls).toBeGreaterThanOrEqual(4)
  })
})

describe('4.16 refusals are final only for final codes', () => {
  it('retries an unknown code and completes when the vendor accepts', async () => {
    const g = await gateway()
    g.sandbox.state.faults.push({ on: 'invoiceRecorded', times: 2, fault: { kind: 'business_error', errorCode: '9999', message: '系统异常，请联系管理员' } })
    const id = await submitFresh(g, 2)
    const done = await waitForStatus(g, id, FINISHED)
    expect(done).toMatchObject({ status: 'completed', error: null })
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
    expect(await answers(g, id, 'invoiceRecorded')).toEqual(['9999', '9999', '0000'])
  })

  it('gives a batch up after PIAOZONE_SUBMIT_MAX_REFUSALS unknown refusals, with the vendor\'s words; the vendor did not act', async () => {
    const g = await gateway({ worker: { submitMaxRefusals: 4 } })
    g.sandbox.state.faults.push({ on: 'invoiceRecorded', fault: { kind: 'business_error', errorCode: '9999', message: '系统异常，请联系管理员' } })
    const id = await submitFresh(g, 2)
    const done = await waitForStatus(g, id, FINISHED)
    expect(done).toMatchObject({ status: 'failed', error: { code: 'UPSTREAM_REJECTED', vendorCode: '9999', vendorMessage: '系统异常，请联系管理员' } })
    expect(done.invoices.map((i: any) => i.failReason)).toEqual(['9999 系统异常，请联系管理员', '9999 系统异常，请联系管理员'])
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
    expect(await answers(g, id, 'invoiceRecorded')).toEqual(['9999', '9999', '9999', '9999'])
  })

  it('never gives up a batch whose earlier send may have reached the vendor, and ends with the vendor\'s outcome', async () => {
    const g = await gateway({ worker: { submitMaxRefusals: 2 } })
    g.sandbox.state.faults.push(
      { on: 'invoiceRecorded', times: 1, fault: { kind: 'drop_after' } },
      { on: 'invoiceRecorded', skip: 1, times: 5, fault: { kind: 'business_error', errorCode: '9998', message: '请求流水号重复' } },
    )
    const id = await submitFresh(g, 2)
    const done = await waitForStatus(g, id, FINISHED)
    expect(done).toMatchObject({ status: 'completed', error: null })
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
    expect(await answers(g, id, 'invoiceRecorded')).toEqual(['UPSTREAM_TRANSPORT', '9998', '9998', '9998', '9998', '9998', '0000'])
  })

  it('retries throttling without counting it towards giving up', async () => {
    const throttle = { limit: 1, windowMs: 600, answer: { errorCode: '1009', message: '请求过于频繁，请稍后再试' } }
    const g = await gateway({ batchSize: 2, worker: { submitMaxRefusals: 2 }, sandbox: { modes: { throttle } } })
    const id = await submitFresh(g, 6)
    const done = await waitForStatus(g, id, FINISHED, 20_000)
    expect(done).toMatchObject({ status: 'completed', error: null, counts: { succeeded: 6 } })
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
    // More throttled answers than the refusal limit, and still no batch given up.
    expect((await answers(g, id, 'invoiceRecorded')).filter((c) => c === '1009').length).toBeGreaterThan(2)
  })

  it('reconciles a success that carries no task number instead of failing the batch', async () => {
    const g = await gateway()
    g.sandbox.state.faults.push({ on: 'invoiceRecorded', times: 1, fault: { kind: 'empty_success' } })
    const id = await submitFresh(g, 2)
    const done = await waitForStatus(g, id, FINISHED)
    expect(done).toMatchObject({ status: 'completed', error: null })
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
    const batch = await g.db.prisma.vendorBatch.findFirstOrThrow({ where: { taskId: id } })
    expect(batch.resends).toBe(1)
  })
})

describe('a tax-bureau session gone mid-way waits and resumes, whatever the vendor calls it', () => {
  const texts = [
    { errorCode: '0301', message: '税局登录已失效，请重新登录' },
    { errorCode: '1203', message: '请核对用户信息或重新调用登录接口' },
    { errorCode: 'E100', message: '该企业未登录电子税务局' },
  ]
  it.each(texts)('$message', async (sessionGone) => {
    const g = await gateway({ sandbox: { modes: { sessionGone } } })
    await waitForStatus(g, await submitFresh(g, 1), FINISHED) // the session is now known and fresh
    g.sandbox.state.profile(taxNo).sessionExpired = true
    const id = await submitFresh(g, 2)
    const done = await waitForStatus(g, id, FINISHED)
    expect(done).toMatchObject({ status: 'completed', error: null })
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
    // It was refused once for the session, waited, checked taxLogin (which restores it) and went on.
    expect(await answers(g, id, 'invoiceRecorded')).toEqual([sessionGone.errorCode, '0000'])
    expect(await answers(g, id, 'taxLogin')).toEqual(['0000'])
    expect(await g.db.prisma.taxSession.findUniqueOrThrow({ where: { taxNo } })).toMatchObject({ state: 'ok' })
  })

  it('shows the session gone on the task while it waits', async () => {
    const sessionGone = { errorCode: '1203', message: '请核对用户信息或重新调用登录接口' }
    const g = await gateway({ sandbox: { modes: { sessionGone } }, worker: { taxLoginRetryMs: 60_000 } })
    await waitForStatus(g, await submitFresh(g, 1), FINISHED)
    g.sandbox.state.profile(taxNo).sessionExpired = true
    const id = await submitFresh(g, 1)
    const waiting = await waitForStatus(g, id, ['waiting_tax_login'])
    expect(waiting).toMatchObject({ counts: { pending: 1, failed: 0 }, error: { code: 'TAX_SESSION_GONE', vendorCode: '1203', vendorMessage: sessionGone.message } })
    expect(await g.db.prisma.taxSession.findUniqueOrThrow({ where: { taxNo } })).toMatchObject({ state: 'needs_login', vendorCode: '1203' })
    // POST /v1/tax-login (as an operator would) restores it and resumes the task at once.
    const check = await g.inject({ method: 'POST', url: '/v1/tax-login', payload: { taxNo } })
    expect(check.json()).toMatchObject({ needAuth: false, resumedTasks: 1 })
    expect(await waitForStatus(g, id, FINISHED)).toMatchObject({ status: 'completed' })
  })

  it('checks the session before a 4.16 once it is older than PIAOZONE_TAX_SESSION_MAX_AGE_MS', async () => {
    const g = await gateway({ worker: { taxSessionMaxAgeMs: 0 } })
    const first = await submitFresh(g, 1)
    await waitForStatus(g, first, FINISHED)
    const second = await submitFresh(g, 1)
    await waitForStatus(g, second, FINISHED)
    expect(await answers(g, first, 'taxLogin')).toEqual(['0000'])
    expect(await answers(g, second, 'taxLogin')).toEqual(['0000'])
  })

  it('answers an operator\'s login check with a call of its own, never with one the worker started earlier', async () => {
    const g = await gateway({ startWorker: false })
    const interactive = SANDBOX_TAX_NOS.interactiveLogin
    const res = await g.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: interactive, nextEntryMarkStatus: '02', invoices: freshInvoices(g.sandbox, interactive, 1) } })
    g.sandbox.state.faults.push({ on: 'taxLogin', times: 2, fault: { kind: 'latency', ms: 300 } })
    // The worker's check (through refresh) is under way when the operator asks: a shared answer could predate
    // the person finishing the login.
    const [, operator] = await Promise.all([
      g.inject({ method: 'POST', url: `/v1/recording-tasks/${res.json().id}/refresh` }),
      new Promise((r) => setTimeout(r, 50)).then(() => g.inject({ method: 'POST', url: '/v1/tax-login', payload: { taxNo: interactive } })),
    ])
    expect(operator.json()).toMatchObject({ needAuth: true })
    expect(g.sandbox.state.count('taxLogin')).toBe(2)
  })

  it('waits for an interactive step that the vendor announces with a numeric needAuth', async () => {
    const g = await gateway({ sandbox: { modes: { flagStyle: 'number' } } })
    const interactive = SANDBOX_TAX_NOS.interactiveLogin
    const res = await g.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: interactive, nextEntryMarkStatus: '02', invoices: freshInvoices(g.sandbox, interactive, 1) } })
    const waiting = await waitForStatus(g, res.json().id, ['waiting_tax_login'])
    expect(waiting.error).toMatchObject({ code: 'TAX_LOGIN_REQUIRED', loginWebUrl: expect.stringContaining('/etax-login') })
    expect(g.sandbox.state.count('invoiceRecorded')).toBe(0)
  })
})

describe('an access token refused in any form is renewed once and the work goes on', () => {
  it.each(['envelope', 'success_false', 'http_401', 'http_403'] as const)('%s', async (tokenRefusal) => {
    const g = await gateway({ sandbox: { modes: { tokenRefusal } } })
    g.sandbox.state.faults.push({ on: 'invoiceRecorded', times: 1, fault: { kind: 'invalidate_token' } })
    const id = await submitFresh(g, 1)
    const done = await waitForStatus(g, id, FINISHED)
    expect(done).toMatchObject({ status: 'completed', error: null })
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
    expect(g.sandbox.state.requests.filter((r) => r.path === 'login')).toHaveLength(2)
  })

  it('shows UPSTREAM_AUTH and keeps the task when the fresh token is refused too', async () => {
    const g = await gateway({ sandbox: { modes: { tokenRefusal: 'http_401' } }, worker: { retryBaseMs: 500, retryMaxMs: 500 } })
    g.sandbox.state.faults.push({ on: 'invoiceRecorded', times: 2, fault: { kind: 'invalidate_token' } })
    const id = await submitFresh(g, 1)
    const troubled = await waitForTask(g, id, (t) => t.error?.code === 'UPSTREAM_AUTH', 'UPSTREAM_AUTH')
    expect(troubled).toMatchObject({ status: 'accepted', counts: { pending: 1 }, error: { vendorCode: 'HTTP 401' } })
    const done = await waitForStatus(g, id, FINISHED)
    expect(done).toMatchObject({ status: 'completed', error: null })
  })
})

describe('requestIds', () => {
  it('are unique for 1,000 invoices in batches of 10, so a vendor that de-duplicates by requestId records every batch', { timeout: 90_000 }, async () => {
    const g = await gateway({ batchSize: 10, sandbox: { modes: { dedupeRequestIds: true } } })
    const id = await submitFresh(g, 1000)
    const done = await waitForStatus(g, id, FINISHED, 80_000)
    expect(done).toMatchObject({ status: 'completed', counts: { succeeded: 1000 } })
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
    const sent = g.sandbox.state.requests.filter((r) => r.interfaceCode === 'invoiceRecorded').map((r) => r.requestId)
    expect(sent).toHaveLength(100)
    expect(new Set(sent).size).toBe(100)
    expect(sent.every((r) => /^\d{16}$/.test(r ?? ''))).toBe(true)
    expect(new Set(done.vendorTaskNos).size).toBe(100)
  })

  it('are never shared across instances: the database refuses a second draw and the submission is stored with new ones', async () => {
    const pinned = { now: () => 1_764_000_000_000, random: () => 0 }
    const a = await gateway({ batchSize: 1, startWorker: false, vendorClock: pinned })
    const b = await startGateway({ db: a.db, sandboxRunning: a.sandbox, batchSize: 1, startWorker: false, vendorClock: pinned, apiKey: a.apiKey })
    try {
      const first = await submitFresh(a, 3)
      const second = await submitFresh(b, 3)
      const batches = await a.db.prisma.vendorBatch.findMany({ where: { taskId: { in: [first, second] } } })
      expect(batches.filter((x) => x.taskId === first).map((x) => x.requestId).sort()).toEqual(['1764000000000000', '1764000000000001', '1764000000000002'])
      expect(new Set(batches.map((x) => x.requestId)).size).toBe(6)
    } finally {
      await b.close()
    }
  })

  it('reuses its own requestId when a batch of unknown fate is sent again, and a de-duplicating vendor answers with the first task', async () => {
    const g = await gateway({ sandbox: { modes: { dedupeRequestIds: true } } })
    g.sandbox.state.faults.push({ on: 'invoiceRecorded', times: 1, fault: { kind: 'drop_after' } })
    const id = await submitFresh(g, 2)
    const done = await waitForStatus(g, id, FINISHED)
    expect(done).toMatchObject({ status: 'completed', error: null })
    expect(done.invoices.map((i: any) => [i.outcome, i.failReason])).toEqual([['succeeded', null], ['succeeded', null]])
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
    const sends = g.sandbox.state.requests.filter((r) => r.interfaceCode === 'invoiceRecorded')
    expect(sends).toHaveLength(2)
    expect(sends[0].requestId).toBe(sends[1].requestId)
    expect(g.sandbox.state.tasks.size).toBe(1)
  })
})

describe('serial numbers the ERP did not send', () => {
  const poolSerials: Partial<SandboxModes> = { serials: 'pool' }

  it('are omitted by default, and results (carrying the vendor\'s own serials) are matched by invoice number', async () => {
    const g = await gateway({ sandbox: { modes: poolSerials } })
    const id = await submitFresh(g, 2)
    const done = await waitForStatus(g, id, FINISHED)
    expect(done).toMatchObject({ status: 'completed' })
    expect(done.invoices.map((i: any) => i.serialNo)).toEqual([null, null])
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
    const sent = g.sandbox.state.requests.find((r) => r.interfaceCode === 'invoiceRecorded')?.data as { invoices: object[] }
    expect(sent.invoices.every((i) => !('serilNo' in i) && !('serialNo' in i))).toBe(true)
  })

  it('are sent empty with PIAOZONE_SERIAL_WHEN_MISSING=empty', async () => {
    const g = await gateway({ serialWhenMissing: 'empty', sandbox: { modes: poolSerials } })
    const done = await waitForStatus(g, await submitFresh(g, 1), FINISHED)
    expect(done).toMatchObject({ status: 'completed' })
    const sent = g.sandbox.state.requests.find((r) => r.interfaceCode === 'invoiceRecorded')?.data as { invoices: object[] }
    expect(sent.invoices).toEqual([expect.objectContaining({ serilNo: '', serialNo: '' })])
  })

  it('are made up with PIAOZONE_SERIAL_WHEN_MISSING=generate, which a vendor that knows its own ids refuses per invoice', async () => {
    const g = await gateway({ serialWhenMissing: 'generate', sandbox: { modes: poolSerials } })
    const done = await waitForStatus(g, await submitFresh(g, 2), FINISHED)
    expect(done).toMatchObject({ status: 'failed', error: { code: 'ALL_INVOICES_REFUSED' } })
    expect(done.invoices.map((i: any) => i.failReason)).toEqual(['流水号serilNo与收票池中的发票不一致', '流水号serilNo与收票池中的发票不一致'])
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
  })
})
