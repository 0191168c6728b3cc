// Automatic 入账 over real HTTP, a real database and the sandbox: an ERP hands invoices over, sets a rule, and the
// rule's runs submit exactly the invoices it should, once, through the same service as POST /v1/recording-tasks.
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chinaToday } from '../../src/recording/validate.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, startGateway } from '../helpers/gateway.ts'
import { startReceiver, verifyStandardWebhook } from '../helpers/receiver.ts'
import { poll } from '../helpers/poll.ts'

const taxNo = SANDBOX_TAX_NOS.guide
const today = chinaToday()
const month = today.slice(0, 6)
let gw: Gateway

beforeAll(async () => {
  gw = await startGateway()
})
afterAll(() => gw.close())

/** Fresh 数电 invoices in the sandbox's pool, as candidates bound to an approved expense claim with a posted voucher. */
function candidates(count: number, over: object = {}) {
  return freshInvoices(gw.sandbox, taxNo, count).map((i) => ({
    invoiceNo: i.invoiceNo,
    invoiceType: '81',
    issueDate: `${month}01`,
    source: 'tax_bureau',
    document: { type: 'expense_claim', number: `BX-${i.invoiceNo.slice(-4)}`, status: 'approved' },
    voucher: { number: '记-1', period: month, date: today },
    ...over,
  }))
}
const put = (g: Gateway, body: object) => g.inject({ method: 'PUT', url: '/v1/auto-entry/candidates', payload: body })
const rule = (over: object = {}) => ({
  enabled: true,
  priority: 10,
  match: { sources: ['tax_bureau'], documentTypes: ['expense_claim'], invoiceTypes: ['81', '82'], requireVoucher: true },
  action: { nextEntryMarkStatus: '02', recordedPeriod: 'voucher', recordedTime: 'voucher' },
  // Once a year at a moment the tests never reach: runs come from POST …/run unless a test says otherwise.
  schedule: '0 0 1 1 *',
  ...over,
})
const putRule = (g: Gateway, name: string, body: object, operator = 'li.si') => g.inject({ method: 'PUT', url: `/v1/auto-entry/rules/${name}`, payload: body, headers: { 'x-operator': operator } })
const sent = (g: Gateway) => g.sandbox.state.requests.filter((r) => r.interfaceCode === 'invoiceRecorded' && r.answerCode === '0000').flatMap((r) => (r.data as { invoices: { invoiceNo: string }[] }).invoices.map((i) => i.invoiceNo))

function waitForRun(g: Gateway, id: string, states = ['finished', 'failed'], timeoutMs = 20_000) {
  const read = async () => (await g.inject({ url: `/v1/auto-entry/runs/${id}` })).json()
  return poll(read, (run) => states.includes(run.state), { timeoutMs, intervalMs: 50, what: `run ${id} reaching ${states.join('|')}` })
}
async function runNow(g: Gateway, name: string) {
  const res = await g.inject({ method: 'POST', url: `/v1/auto-entry/rules/${name}/run` })
  expect(res.statusCode, res.body).toBe(202)
  return waitForRun(g, res.json().id)
}

describe('a rule and its runs', () => {
  it('take exactly the invoices the rule matches, show every other one\'s reason, and send nothing new the second time', async () => {
    expect((await putRule(gw, 'expense', rule())).statusCode).toBe(201)
    const [good1, good2] = candidates(2)
    const [scanned] = candidates(1, { source: 'scan' })
    const [noVoucher] = candidates(1).map(({ voucher, ...c }) => c)
    const [reversed] = candidates(1, { state: 'red_reversed' })
    const [paper] = candidates(1, { invoiceType: '04' })
    const handed = await put(gw, { taxNo, invoices: [good1, good2, scanned, noVoucher, reversed, paper] })
    expect(handed.statusCode, handed.body).toBe(200)
    expect(handed.json().items.map((i: any) => [i.invoiceNo, i.standing, i.created])).toEqual([
      [good1.invoiceNo, 'waiting', true], [good2.invoiceNo, 'waiting', true], [scanned.invoiceNo, 'not_matched', true],
      [noVoucher.invoiceNo, 'not_matched', true], [reversed.invoiceNo, 'excluded', true], [paper.invoiceNo, 'not_matched', true],
    ])
    expect(handed.json().items[2]).toMatchObject({ notMatchedBy: { expense: ['source scan is not one of tax_bureau'] }, rule: null })
    expect(handed.json().items[0]).toMatchObject({ rule: 'expense', nextRunAt: expect.stringMatching(/-12-31T16:00:00\.000Z$/) })

    const before = await gw.inject({ method: 'POST', url: '/v1/auto-entry/rules/expense/preview' })
    expect(before.json()).toMatchObject({ counts: { submitted: 2, notMatched: 3, excluded: { red_reversed: 1 } }, groups: [{ taxNo, nextEntryMarkStatus: '02', recordedPeriod: month, count: 2 }] })

    const run = await runNow(gw, 'expense')
    expect(run).toMatchObject({ trigger: 'manual', state: 'finished', counts: { submitted: 2 }, tasks: [{ status: 'completed', invoiceCount: 2, counts: { succeeded: 2 } }] })
    expect(sent(gw).filter((n) => [good1, good2, scanned, noVoucher, reversed, paper].some((c) => c.invoiceNo === n)).sort()).toEqual([good1.invoiceNo, good2.invoiceNo].sort())
    const task = (await gw.inject({ url: `/v1/recording-tasks/${run.tasks[0].id}` })).json()
    expect(task).toMatchObject({ operator: 'rule:expense', invoices: [{ recordedPeriod: month, recordedTime: today }, { recordedPeriod: month, recordedTime: today }] })

    const listed = (await gw.inject({ url: `/v1/auto-entry/candidates?taxNo=${taxNo}&standing=recorded` })).json().items.map((i: any) => i.invoiceNo)
    expect(listed).toEqual(expect.arrayContaining([good1.invoiceNo, good2.invoiceNo]))
    const sends = sent(gw).length
    const again = await runNow(gw, 'expense')
    expect(again.counts.submitted).toBe(0)
    expect(again.tasks).toEqual([])
    expect(sent(gw).length).toBe(sends)
  })

  it('never sends a withdrawn candidate, and refuses to withdraw one a task holds', async () => {
    await putRule(gw, 'withdrawals', rule({ priority: 1, match: { sources: ['withdraw_test'], requireVoucher: true } }))
    const [kept, dropped] = candidates(2, { source: 'withdraw_test' })
    await put(gw, { taxNo, invoices: [kept, dropped] })
    expect((await gw.inject({ method: 'DELETE', url: `/v1/auto-entry/candidates/${dropped.invoiceNo}?taxNo=${taxNo}` })).json()).toMatchObject({ invoiceNo: dropped.invoiceNo, standing: 'withdrawn' })
    const run = await runNow(gw, 'withdrawals')
    expect(run.counts).toMatchObject({ submitted: 1 })
    expect(sent(gw)).toContain(kept.invoiceNo)
    expect(sent(gw)).not.toContain(dropped.invoiceNo)
    expect((await gw.inject({ url: `/v1/auto-entry/candidates?taxNo=${taxNo}&standing=withdrawn` })).json().items.map((i: any) => i.invoiceNo)).toContain(dropped.invoiceNo)
    // A candidate in an unfinished task cannot be withdrawn: the answer says what to do instead. (A gateway of its own
    // without a worker, so the task stays unfinished.)
    const paused = await startGateway({ startWorker: false, sandboxRunning: gw.sandbox })
    try {
      const [held] = candidates(1, { source: 'withdraw_test' })
      await putRule(paused, 'withdrawals', rule({ priority: 1, match: { sources: ['withdraw_test'], requireVoucher: true } }))
      await put(paused, { taxNo, invoices: [held] })
      const manual = await paused.inject({ method: 'POST', url: '/v1/auto-entry/rules/withdrawals/run' })
      const stored = await waitForRun(paused, manual.json().id, ['waiting'])
      const refused = await paused.inject({ method: 'DELETE', url: `/v1/auto-entry/candidates/${held.invoiceNo}?taxNo=${taxNo}` })
      expect(refused.statusCode).toBe(409)
      expect(refused.json()).toMatchObject({ code: 'CANDIDATE_IN_USE', taskId: stored.tasks[0].id })
      expect((await paused.inject({ method: 'DELETE', url: `/v1/auto-entry/candidates/99999999999999999999?taxNo=${taxNo}` })).statusCode).toBe(404)
    } finally {
      await paused.close()
    }
  })

  it('runs by itself on a 6-field schedule, once per slot, and says so by webhook when its tasks have finished', async () => {
    const receiver = await startReceiver()
    const clientName = (await gw.app.clients.list()).find((c) => c.apiKeys.some((k) => gw.apiKey.includes(k.id)))?.name as string
    const secret = await gw.app.webhooks.set(clientName, receiver.url)
    const [one] = candidates(1, { source: 'every_2s' })
    await put(gw, { taxNo, invoices: [one] })
    await putRule(gw, 'every-2s', rule({ priority: 2, match: { sources: ['every_2s'], requireVoucher: true }, schedule: '*/2 * * * * *' }))
    const runs: any[] = await poll(
      async () => (await gw.inject({ url: '/v1/auto-entry/runs?rule=every-2s' })).json().items,
      (items: any[]) => items.some((r) => r.state === 'finished' && r.counts.submitted === 1),
      { timeoutMs: 10_000, intervalMs: 100, what: 'a scheduled run that submitted one' },
    )
    expect(runs.find((r) => r.counts.submitted === 1)).toMatchObject({ trigger: 'schedule', state: 'finished', slot: expect.stringMatching(/:\d[02468]\.000Z$/) })
    await putRule(gw, 'every-2s', rule({ enabled: false, priority: 2, match: { sources: ['every_2s'], requireVoucher: true }, schedule: '*/2 * * * * *' }))
    const slots = runs.map((r) => r.slot)
    expect(new Set(slots).size).toBe(slots.length)
    expect(sent(gw).filter((n) => n === one.invoiceNo)).toHaveLength(1)
    const finished = runs.find((r) => r.counts.submitted === 1)
    const event = await poll(() => receiver.received.find((r) => JSON.parse(r.body).data?.id === finished.id), (e) => e !== undefined, { timeoutMs: 5000, intervalMs: 50, what: 'the run_finished event' })
    // The outbox lists it too, as the document describes it.
    const listed = await gw.inject({ url: '/v1/webhook-deliveries' })
    expect(listed.statusCode).toBe(200)
    expect(listed.json().items.find((d: any) => d.type === 'auto_entry.run_finished')?.event).toMatchObject({ data: { id: finished.id, rule: 'every-2s' } })
    await gw.app.webhooks.remove(clientName)
    await receiver.close()
    expect(verifyStandardWebhook(secret, event?.headers ?? {}, event?.body ?? '')).toBe(true)
    expect(JSON.parse(event?.body ?? '{}')).toMatchObject({
      type: 'auto_entry.run_finished',
      data: { id: finished.id, rule: 'every-2s', trigger: 'schedule', tasks: 1, outcomes: { succeeded: 1, failed: 0, pending: 0 }, href: `/v1/auto-entry/runs/${finished.id}` },
    })
  })

  it('a bad rule gets one 400 listing every problem with its fix, and changes are kept with who made them', async () => {
    const bad = await putRule(gw, 'bad', { ...rule(), schedule: '61 * * * *', timeZone: 'Mars/Base', match: { invoiceTypes: ['99'] }, action: { nextEntryMarkStatus: '06', recordedPeriod: 'voucher', recordedTime: 'run' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details.map((d: any) => d.field)).toEqual(['schedule', 'timeZone', 'match.invoiceTypes[0]', 'action.nextEntryMarkStatus', 'action.recordedPeriod'])
    expect((await gw.inject({ url: '/v1/auto-entry/rules/bad' })).statusCode).toBe(404)

    await putRule(gw, 'kept', rule(), 'li.si')
    await putRule(gw, 'kept', rule({ priority: 30 }), 'wang.wu')
    expect((await gw.inject({ method: 'DELETE', url: '/v1/auto-entry/rules/kept', headers: { 'x-operator': 'zhao.liu' } })).json()).toMatchObject({ name: 'kept', priority: 30 })
    const history = (await gw.inject({ url: '/v1/auto-entry/rules/kept/history' })).json().items
    expect(history.map((h: any) => [h.operator, h.before?.priority ?? null, h.after?.priority ?? null])).toEqual([['zhao.liu', 30, null], ['wang.wu', 10, 30], ['li.si', null, 10]])
  })

  it('refuses at intake a candidate no run could submit: a tax number with a wrong check character', async () => {
    const [one] = candidates(1)
    const res = await put(gw, { taxNo: '914403007451947783', invoices: [one] })
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([{ field: 'taxNo', rule: expect.stringMatching(/check character/) }])
  })

  it('previews a disabled rule as if enabled, and refuses to run it', async () => {
    const [one] = candidates(1, { source: 'disabled_rule' })
    await put(gw, { taxNo, invoices: [one] })
    await putRule(gw, 'disabled', rule({ enabled: false, priority: 4, match: { sources: ['disabled_rule'], requireVoucher: true } }))
    expect((await gw.inject({ method: 'POST', url: '/v1/auto-entry/rules/disabled/preview' })).json().groups).toMatchObject([{ count: 1, invoices: [{ invoiceNo: one.invoiceNo }] }])
    expect((await gw.inject({ method: 'POST', url: '/v1/auto-entry/rules/disabled/run' })).json()).toMatchObject({ statusCode: 409, code: 'RULE_DISABLED' })
  })

  it('a run that lost its claim on the rule stops before it takes or sends anything more', async () => {
    const short = await startGateway({ startWorker: false, sandboxRunning: gw.sandbox, autoEntry: { runLeaseMs: 1 } })
    try {
      const [one] = candidates(1)
      await put(short, { taxNo, invoices: [one] })
      await putRule(short, 'short-lease', rule({ action: { nextEntryMarkStatus: '02', recordedPeriod: 'run', recordedTime: 'run' }, match: {} }))
      const res = await short.inject({ method: 'POST', url: '/v1/auto-entry/rules/short-lease/run' })
      const run = await waitForRun(short, res.json().id)
      expect(run).toMatchObject({ state: 'failed', error: expect.stringMatching(/lost its claim/), tasks: [] })
      expect(await short.db.prisma.recordingTask.count()).toBe(0)
    } finally {
      await short.close()
    }
  })

  it('preview writes nothing and sends nothing', async () => {
    const [one] = candidates(1, { source: 'preview_only' })
    await put(gw, { taxNo, invoices: [one] })
    await putRule(gw, 'preview', rule({ priority: 3, match: { sources: ['preview_only'], requireVoucher: true } }))
    const runsBefore = await gw.db.prisma.autoEntryRun.count()
    const tasksBefore = await gw.db.prisma.recordingTask.count()
    const preview = await gw.inject({ method: 'POST', url: '/v1/auto-entry/rules/preview/preview' })
    expect(preview.json().groups).toEqual([{ taxNo, nextEntryMarkStatus: '02', recordedPeriod: month, count: 1, invoices: [{ invoiceNo: one.invoiceNo, invoiceCode: '', recordedTime: today, recordedPeriod: month }] }])
    expect(await gw.db.prisma.autoEntryRun.count()).toBe(runsBefore)
    expect(await gw.db.prisma.recordingTask.count()).toBe(tasksBefore)
    expect(await gw.db.prisma.autoEntryCandidate.findFirst({ where: { invoiceNo: one.invoiceNo } })).toMatchObject({ runId: null, submitKey: null })
  })

  it('another client sees none of it', async () => {
    const other = { authorization: `Bearer ${(await gw.app.clients.addClient('auto-other', 'any')).key.key}` }
    const as = (url: string, method: 'GET' | 'POST' = 'GET') => gw.app.inject({ url, method, headers: other })
    expect((await as('/v1/auto-entry/rules')).json()).toEqual({ items: [] })
    expect((await as('/v1/auto-entry/rules/expense')).statusCode).toBe(404)
    expect((await as('/v1/auto-entry/rules/expense/history')).statusCode).toBe(404)
    expect((await as('/v1/auto-entry/rules/expense/run', 'POST')).statusCode).toBe(404)
    expect((await as(`/v1/auto-entry/candidates?taxNo=${taxNo}`)).json().items).toEqual([])
    expect((await as('/v1/auto-entry/runs')).json().items).toEqual([])
    const mine = (await gw.inject({ url: '/v1/auto-entry/runs' })).json().items[0].id
    expect((await as(`/v1/auto-entry/runs/${mine}`)).statusCode).toBe(404)
  })
})

describe('slots across processes and downtime', () => {
  it('one catch-up run for the slots missed while no gateway ran, and each slot run once by two instances', async () => {
    const a = await startGateway({ startWorker: false })
    try {
      const [one] = freshInvoices(a.sandbox, taxNo, 1)
      await a.inject({ method: 'PUT', url: '/v1/auto-entry/candidates', payload: { taxNo, invoices: [{ invoiceNo: one.invoiceNo, invoiceType: '82', issueDate: `${month}01`, source: 'nightly' }] } })
      await a.inject({ method: 'PUT', url: '/v1/auto-entry/rules/nightly', payload: { ...rule(), match: { sources: ['nightly'] }, action: { nextEntryMarkStatus: '02', recordedPeriod: 'run', recordedTime: 'run' }, schedule: '0 22 * * *' } })
      // As if the last slot run was three days ago: three nightly slots were missed while no gateway ran.
      await a.db.prisma.autoEntryRule.updateMany({ where: { name: 'nightly' }, data: { lastSlotAt: new Date(Date.now() - 3 * 86_400_000 - 3_600_000) } })
      // Two instances start on the same database at once.
      const b = await startGateway({ db: a.db, sandboxRunning: a.sandbox, apiKey: a.apiKey })
      const c = await startGateway({ db: a.db, sandboxRunning: a.sandbox, apiKey: a.apiKey })
      try {
        const listRuns = async (): Promise<any[]> => (await b.inject({ url: '/v1/auto-entry/runs?rule=nightly' })).json().items
        await poll(listRuns, (runs) => runs[0]?.state === 'finished', { timeoutMs: 10_000, intervalMs: 50, what: 'the catch-up run finishing' })
        // Both look again and find nothing more due: two idle looks each, the second begun after the first ended
        // (a look under way when the run finished may have read the rules before it).
        const twoIdleLooks = async (g: Gateway) => {
          await once(g.app.autoEntry, 'idle')
          await once(g.app.autoEntry, 'idle')
        }
        await Promise.all([twoIdleLooks(b), twoIdleLooks(c)])
        const runs = await listRuns()
        expect(runs).toHaveLength(1)
        expect(runs[0]).toMatchObject({ trigger: 'catch_up', state: 'finished', counts: { submitted: 1 } })
        expect(a.sandbox.state.requests.filter((r) => r.interfaceCode === 'invoiceRecorded')).toHaveLength(1)
      } finally {
        await c.close()
        await b.close()
      }
    } finally {
      await a.close()
    }
  })
})
