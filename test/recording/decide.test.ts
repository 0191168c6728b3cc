// The worker's decisions as tables: every state a task can be in when an answer comes, every kind of answer, and
// what gets written. A fixed clock (and randomness) instead of real time; no database, no vendor.
import { describe, expect, it } from 'vitest'
import { AuthError, BusinessError, ProtocolError, TransportError } from '../../src/piaozone/errors.ts'
import type { RecordedOutcome } from '../../src/piaozone/types.ts'
import {
  afterQueryFailure, afterSubmitFailure, afterSubmits, afterTaxLogin, type Clock, type DecideConfig, finish, matchResults, nextPoll, retryLater,
} from '../../src/recording/decide.ts'
import type { TaskRow } from '../../src/recording/repository.ts'

const T = Date.UTC(2026, 10, 24, 8, 0, 0)
const clock: Clock = { now: () => T, random: () => 0.5 } // jitter: 75 % of a delay
const config: DecideConfig = {
  pollIntervalMs: 1000,
  pollMaxIntervalMs: 8000,
  retryBaseMs: 1000,
  retryMaxMs: 10_000,
  taxLoginRetryMs: 60_000,
  answers: { finalCodes: ['2002'], retryCodes: ['1009'], retryPattern: /繁忙/ },
  submitMaxRefusals: 3,
  taskNotFoundGraceMs: 600_000,
  stallAfterMs: 86_400_000,
}
const inMs = (ms: number) => new Date(T + ms)

type Batch = TaskRow['batches'][number]
type Invoice = TaskRow['invoices'][number]
function batch(over: Partial<Batch> = {}): Batch {
  return {
    taskId: 't', seq: 0, requestId: '1764000000000000', state: 'pending', vendorTaskNo: null, resends: 0, polls: 0, refusals: 0, submittedAt: null,
    refusal: null, invoiceCount: 2, updatedAt: new Date(T - 1000), ...over,
  }
}
function invoice(idx: number, over: Partial<Invoice> = {}): Invoice {
  return {
    taskId: 't', idx, batchSeq: 0, taxNo: '914403007451947782', serialNo: null, invoiceNo: `2544200000000000000${idx}`, invoiceCode: '',
    recordedTime: '20251126', recordedPeriod: '202511', outcome: 'pending', preEntryMarkStatus: null, entryMarkStatus: null, failReason: null,
    invoiceType: null, invoiceDate: null, etaxInvoiceNo: null, updatedAt: new Date(T), ...over,
  }
}
function task(over: Partial<TaskRow> = {}): TaskRow {
  return {
    id: 't', clientId: 'c', apiKeyId: null, requestId: null, idempotencyKey: null, requestHash: 'h', reference: null, taxNo: '914403007451947782',
    nextEntryMarkStatus: '02', businessSystemCode: null, status: 'accepted', invoiceCount: 2, error: null, attempts: 0, nextAttemptAt: new Date(T),
    sentAt: null, progressAt: new Date(T - 60_000), retryOf: null, operator: null, reason: null, leaseOwner: 'w', leaseUntil: new Date(T + 20_000), createdAt: new Date(T - 60_000),
    updatedAt: new Date(T), finishedAt: null, batches: [batch()], invoices: [invoice(0), invoice(1)], ...over,
  }
}
const refused = (code: string, message = '', needsTaxLogin = false, op = 'invoiceRecorded') => new BusinessError(code, message, op, needsTaxLogin)
const stale = { progressAt: new Date(T - 86_400_000) }

describe('a failed 4.16 send', () => {
  it.each([
    ['a final code', task(), batch(), false, refused('2002', '该组织的收票通道不支持税局入账操作'), { refuse: { refusal: expect.objectContaining({ code: 'UPSTREAM_REJECTED', vendorCode: '2002' }), reason: '2002 该组织的收票通道不支持税局入账操作' } }],
    ['an unknown code, first time', task(), batch(), false, refused('9999', '系统异常'), { batch: { state: 'pending', refusals: 1 }, task: { attempts: 1, error: expect.objectContaining({ code: 'UPSTREAM_RETRYING', vendorCode: '9999' }), nextAttemptAt: inMs(750) } }],
    ['an unknown code, the last allowed time', task(), batch({ refusals: 2 }), false, refused('9999', '系统异常'), { refuse: expect.objectContaining({ reason: '9999 系统异常' }) }],
    ['an unknown code after a send of unknown fate (resends)', task(), batch({ refusals: 5, resends: 1 }), false, refused('9998', '请求流水号重复'), { batch: { state: 'pending', refusals: 6 }, task: expect.objectContaining({ attempts: 1 }) }],
    ['an unknown code on the reconciling send itself', task(), batch({ refusals: 2, state: 'sending' }), true, refused('9998', '请求流水号重复'), { batch: { state: 'pending', refusals: 3 }, task: expect.objectContaining({ attempts: 1 }) }],
    ['a retry code', task({ attempts: 2 }), batch(), false, refused('1009', '限流'), { batch: { state: 'pending' }, task: expect.objectContaining({ attempts: 3, nextAttemptAt: inMs(3000) }) }],
    ['a busy message', task(), batch(), false, refused('7777', '系统繁忙'), { batch: { state: 'pending' }, task: expect.objectContaining({ attempts: 1 }) }],
    ['the tax-bureau session gone', task(), batch(), false, refused('0301', '请重新登录', true), { batch: { state: 'pending' }, task: { status: 'waiting_tax_login', error: expect.objectContaining({ code: 'TAX_SESSION_GONE' }), nextAttemptAt: inMs(60_000) }, sessionLost: expect.any(BusinessError) }],
    ['a token refused twice', task(), batch(), false, new AuthError('HTTP 401', '', 'access_token'), { batch: { state: 'pending' }, task: expect.objectContaining({ error: expect.objectContaining({ code: 'UPSTREAM_AUTH' }) }) }],
    ['no connection', task(), batch(), false, new TransportError('connect', false, 'refused'), { batch: { state: 'pending' }, task: expect.objectContaining({ error: { code: 'UPSTREAM_UNAVAILABLE', message: 'refused' } }) }],
    ['a response timeout: unknown fate, the batch stays sending', task(), batch({ state: 'sending' }), false, new TransportError('response_timeout', true, 'timeout'), { task: expect.objectContaining({ attempts: 1 }) }],
    ['a success without a task number: unknown fate', task(), batch({ state: 'sending' }), false, new ProtocolError('no task number'), { task: expect.objectContaining({ error: expect.objectContaining({ code: 'UPSTREAM_PROTOCOL' }) }) }],
    ['backoff is capped', task({ attempts: 20 }), batch(), false, new TransportError('connect', false, 'refused'), { batch: { state: 'pending' }, task: expect.objectContaining({ nextAttemptAt: inMs(7500) }) }],
    ['trouble after a day without progress: stalled', task(stale), batch(), false, new TransportError('connect', false, 'refused'), { batch: { state: 'pending' }, task: expect.objectContaining({ status: 'stalled' }) }],
  ])('%s', (_, t, b, reconciling, err, expected) => {
    expect(afterSubmitFailure(t, b, reconciling, err, config, clock)).toEqual(expected)
  })
})

describe('a failed 4.17 read never fails an invoice', () => {
  const submitted = batch({ state: 'submitted', vendorTaskNo: 'RZ1', submittedAt: new Date(T - 1000) })
  it.each([
    ['task not found shortly after the submit', submitted, refused('0201', '未查询到相关任务', false, 'invoiceRecordedQuery'), { keepPolling: {} }],
    ['task not found past the grace period', batch({ ...submitted, submittedAt: new Date(T - 3_600_000) }), refused('0201', '未查询到相关任务', false, 'invoiceRecordedQuery'), { keepPolling: { problem: expect.objectContaining({ code: 'VENDOR_TASK_NOT_FOUND', vendorCode: '0201', message: expect.stringContaining('RZ1, 3600 s after') }) } }],
    ['a final submit code', submitted, refused('2002', 'x', false, 'invoiceRecordedQuery'), { task: expect.objectContaining({ error: expect.objectContaining({ code: 'UPSTREAM_RETRYING' }) }) }],
    ['a processing answer', submitted, refused('0202', '任务处理中', false, 'invoiceRecordedQuery'), { task: expect.objectContaining({ attempts: 1 }) }],
    ['the session gone', submitted, refused('0301', '请重新登录', true, 'invoiceRecordedQuery'), { task: expect.objectContaining({ status: 'waiting_tax_login' }), sessionLost: expect.any(BusinessError) }],
    ['a garbled answer', submitted, new ProtocolError('not JSON'), { task: expect.objectContaining({ error: { code: 'UPSTREAM_PROTOCOL', message: 'not JSON' } }) }],
  ])('%s', (_, b, err, expected) => {
    expect(afterQueryFailure(task({ status: 'submitted', batches: [b] }), b, err, config, clock)).toEqual(expected)
  })
})

describe('results matched to invoices', () => {
  const item = (over: Partial<RecordedOutcome>): RecordedOutcome => ({ serialNo: '', invoiceNo: '', invoiceCode: '', raw: {}, ...over })
  it.each([
    ['by invoice number, whatever serial the vendor reports', batch(), { success: [item({ invoiceNo: '25442000000000000000', serialNo: 'pool-1', entryMarkStatus: '02' })], fail: [] }, [[0, 'succeeded', null]], false],
    ['by etaxInvoiceNo when invoiceNo is empty', batch(), { success: [item({ etaxInvoiceNo: '25442000000000000001', entryMarkStatus: '02' })], fail: [] }, [[1, 'succeeded', null]], false],
    ['a refusal keeps the vendor\'s reason', batch(), { success: [], fail: [item({ invoiceNo: '25442000000000000000', entryMarkStatus: '01', failReason: '未在收票池中找到该发票' })] }, [[0, 'failed', '未在收票池中找到该发票']], false],
    ['"already at the target" after a resend of unknown fate counts as succeeded', batch({ resends: 1 }), { success: [], fail: [item({ invoiceNo: '25442000000000000000', entryMarkStatus: '02', failReason: '不能变更为02' })] }, [[0, 'succeeded', null]], false],
    ['"already at the target" without a resend is the vendor\'s refusal', batch(), { success: [], fail: [item({ invoiceNo: '25442000000000000000', entryMarkStatus: '02', failReason: '不能变更为02' })] }, [[0, 'failed', '不能变更为02']], false],
    ['done once every invoice has an outcome; unknown items are ignored', batch(), { success: [item({ invoiceNo: '25442000000000000000' }), item({ invoiceNo: '99999999999999999999' })], fail: [item({ invoiceNo: '25442000000000000001', failReason: 'x' })] }, [[0, 'succeeded', null], [1, 'failed', 'x']], true],
  ])('%s', (_, b, results, expected, done) => {
    const matched = matchResults(task({ batches: [b] }), b, results)
    expect(matched.outcomes.map((o) => [o.idx, o.outcome, o.failReason])).toEqual(expected)
    expect(matched.done).toBe(done)
  })
})

describe('the task after a step', () => {
  it('polls soon after its batches were submitted, and records the progress', () => {
    expect(afterSubmits(task(), config, clock)).toEqual({ status: 'submitted', attempts: 0, progressAt: inMs(0), error: null, nextAttemptAt: inMs(1000) })
  })

  it.each([
    ['backs off with the number of polls', task({ batches: [batch({ state: 'submitted', polls: 2 })] }), false, { attempts: 0, error: null, nextAttemptAt: inMs(3000) }],
    ['caps the poll interval', task({ batches: [batch({ state: 'submitted', polls: 9 })] }), false, { attempts: 0, error: null, nextAttemptAt: inMs(6000) }],
    ['records progress when outcomes arrived', task({ batches: [batch({ state: 'submitted' })] }), true, { attempts: 0, error: null, nextAttemptAt: inMs(750), progressAt: inMs(0) }],
    ['stalls after a day without progress', task({ ...stale, batches: [batch({ state: 'submitted' })] }), false, expect.objectContaining({ status: 'stalled' })],
    ['keeps a refused batch\'s error showing', task({ batches: [batch({ state: 'refused', refusal: { code: 'UPSTREAM_REJECTED' } }), batch({ seq: 1, state: 'submitted' })] }), false, expect.objectContaining({ error: { code: 'UPSTREAM_REJECTED' } })],
  ])('%s', (_, t, progressed, expected) => {
    expect(nextPoll(t, progressed, undefined, config, clock)).toEqual(expected)
  })

  it('does not stall a task waiting for a person\'s tax-bureau login', () => {
    expect(retryLater(task({ ...stale, status: 'waiting_tax_login' }), { code: 'X', message: 'x' }, config, clock)).not.toHaveProperty('status')
  })

  it.each([
    ['completed', [invoice(0, { outcome: 'succeeded' }), invoice(1, { outcome: 'succeeded' })], [batch({ state: 'done' })], { status: 'completed', error: null }],
    ['partially_failed', [invoice(0, { outcome: 'succeeded' }), invoice(1, { outcome: 'failed' })], [batch({ state: 'done' })], { status: 'partially_failed', error: null }],
    ['failed by a final refusal, with its words', [invoice(0, { outcome: 'failed' }), invoice(1, { outcome: 'failed' })], [batch({ state: 'refused', refusal: { code: 'UPSTREAM_REJECTED', vendorCode: '2002' } })], { status: 'failed', error: { code: 'UPSTREAM_REJECTED', vendorCode: '2002' } }],
    ['failed invoice by invoice, still saying why', [invoice(0, { outcome: 'failed' }), invoice(1, { outcome: 'failed' })], [batch({ state: 'done' })], { status: 'failed', error: expect.objectContaining({ code: 'ALL_INVOICES_REFUSED' }) }],
  ])('finishes %s', (_, invoices, batches, expected) => {
    expect(finish(task({ invoices, batches }), clock)).toEqual({ ...expected, progressAt: inMs(0), finishedAt: inMs(0) })
  })
})

describe('a taxLogin check', () => {
  const login = (needAuth: boolean, loginWebUrl?: string) => ({ needAuth, loginWebUrl, raw: {} })
  it.each([
    ['an interactive step makes any task wait, with the page for the person', task(), login(true, 'https://etax/login'), { wait: { status: 'waiting_tax_login', error: expect.objectContaining({ code: 'TAX_LOGIN_REQUIRED', loginWebUrl: 'https://etax/login' }), nextAttemptAt: inMs(60_000) } }],
    ['a live session lets an accepted task go on as it is', task(), login(false), { goOn: undefined }],
    ['a live session resumes a waiting task that sent nothing as accepted', task({ status: 'waiting_tax_login' }), login(false), { goOn: { status: 'accepted', error: null } }],
    ['a live session resumes a waiting task with a vendor task as submitted', task({ status: 'waiting_tax_login', batches: [batch({ vendorTaskNo: 'RZ1', state: 'submitted' })] }), login(false), { goOn: { status: 'submitted', error: null } }],
  ])('%s', (_, t, result, expected) => {
    expect(afterTaxLogin(t, result, config, clock)).toEqual(expected)
  })
})
