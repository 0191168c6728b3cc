// Every lever an ERP pulls, raced against the worker's own steps, many times: a batch reaches piaozone once, no
// invoice is reported failed that the vendor recorded, nothing answered 202 is lost, and no lever answers 5xx.
// The sandbox keeps its default here: it does NOT de-duplicate by requestId, so a second send is a second task.
// docs/RELIABILITY.md ("One runner per task") has the invariants and this suite's figures.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../src/sandbox/start.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, startGateway, startOtherInstance, vendorOutcomes, waitForStatus } from '../helpers/gateway.ts'
import { FINISHED, isFinished } from '../../src/recording/statuses.ts'

const taxNo = SANDBOX_TAX_NOS.guide

let one: Gateway
let two: Gateway

beforeAll(async () => {
  // A little latency on every vendor call widens each step, so levers land in the middle of one.
  one = await startGateway({ sandbox: { latencyMs: 5 } })
  two = await startOtherInstance(one)
})
afterAll(async () => {
  await two.close()
  await one.close()
})

/** How many 4.16 sends the vendor acted on (answered with a task) for each batch requestId. */
function actedSends(sandbox: RunningSandbox): Map<string, number> {
  const sends = new Map<string, number>()
  for (const r of sandbox.state.requests) {
    if (r.interfaceCode === 'invoiceRecorded' && r.answerCode === '0000' && r.requestId) sends.set(r.requestId, (sends.get(r.requestId) ?? 0) + 1)
  }
  return sends
}

/** Every lever's answer in the running test: none may be a 5xx. */
const answers: { lever: string; status: number; body: string }[] = []
beforeEach(() => {
  answers.length = 0
})
async function lever(g: Gateway, name: string, id: string) {
  const res = await g.inject({ method: 'POST', url: `/v1/recording-tasks/${id}/${name}` })
  answers.push({ lever: name, status: res.statusCode, body: res.body })
  return res
}

async function submit(g: Gateway, invoices: object[], target = '02') {
  const res = await g.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo, nextEntryMarkStatus: target, invoices } })
  expect(res.statusCode, res.body).toBe(202)
  return res.json().id as string
}

/**
 * The invariants, over the tasks a run made: each reached a final status (nothing accepted was lost); each batch of a
 * task that was not cancelled was acted on by piaozone exactly once, and a cancelled task's never, nor is it any
 * invoice's latest state; each reported outcome is what the vendor's pool shows (so none failed that the vendor
 * recorded); no lever answered 5xx.
 */
async function expectInvariants(g: Gateway, ids: string[]) {
  expect(ids.length).toBeGreaterThan(0)
  let vendorTasks = 0
  let batchCount = 0
  for (const id of ids) {
    const task = await waitForStatus(g, id, FINISHED, 20_000)
    const batches = await g.db.prisma.vendorBatch.findMany({ where: { taskId: id } })
    expect(batches.length).toBeGreaterThan(0)
    const sends = actedSends(g.sandbox)
    const expected = task.status === 'cancelled' ? 0 : 1
    // A batch resent after an answer of unknown fate (a timeout) says so: that is the reconciliation, not a race.
    for (const b of batches) expect(sends.get(b.requestId) ?? 0, `vendor tasks made for batch ${b.seq} of task ${id} (${task.status}, resent ${b.resends} times)`).toBe(expected)
    // A cancelled task is nobody's latest state: the search and the month-end summary count no pending ghost of it.
    // A task whose failed invoices were retried since reported what was true then; the retry reports what is now.
    if (task.status === 'cancelled') expect(await g.db.prisma.invoiceState.count({ where: { taskId: id } })).toBe(0)
    else if (!task.retries.length) expect(task.invoices.map((i: { outcome: string }) => i.outcome)).toEqual(vendorOutcomes(task, g.sandbox))
    vendorTasks += batches.reduce((n, b) => n + (sends.get(b.requestId) ?? 0), 0)
    batchCount += task.status === 'cancelled' ? 0 : batches.length
  }
  expect(answers.filter((a) => a.status >= 500)).toEqual([])
  // The figures docs/RELIABILITY.md quotes.
  const tally = new Map<string, number>()
  for (const a of answers) tally.set(`${a.lever} ${a.status}`, (tally.get(`${a.lever} ${a.status}`) ?? 0) + 1)
  const byStatus = [...tally].map(([k, n]) => `${k}: ${n}`)
  console.log(`race: ${expect.getState().currentTestName}: tasks ${ids.length}, batches to send ${batchCount}, vendor tasks made ${vendorTasks}; ${byStatus.join(', ')}`)
}

const RUNS = 30

describe('one runner per task, whatever triggers its step', () => {
  it('a refresh right after the 202 does not send the batch a second time', async () => {
    const ids: string[] = []
    for (let i = 0; i < RUNS; i++) {
      const id = await submit(one, freshInvoices(one.sandbox, taxNo, 1))
      ids.push(id)
      expect((await lever(one, 'refresh', id)).statusCode).toBe(200)
    }
    await expectInvariants(one, ids)
  })

  it('three refreshes at once right after the 202 send it once', async () => {
    const ids: string[] = []
    for (let i = 0; i < RUNS; i++) {
      const id = await submit(one, freshInvoices(one.sandbox, taxNo, 1))
      ids.push(id)
      await Promise.all([lever(one, 'refresh', id), lever(one, 'refresh', id), lever(one, 'refresh', id)])
    }
    await expectInvariants(one, ids)
  })

  it('refreshes through another instance, while the accepting one works the task, send it once', async () => {
    const ids: string[] = []
    for (let i = 0; i < RUNS; i++) {
      const id = await submit(one, freshInvoices(one.sandbox, taxNo, 1))
      ids.push(id)
      await Promise.all([lever(two, 'refresh', id), lever(one, 'refresh', id)])
    }
    await expectInvariants(one, ids)
  })

  it('refreshes during the polls change nothing but the timing', async () => {
    // Results appear only after a few polls, so refreshes land while the worker is polling.
    one.sandbox.state.taskPolls = 3
    try {
      const ids = await Promise.all(Array.from({ length: 10 }, () => submit(one, freshInvoices(one.sandbox, taxNo, 2))))
      for (let round = 0; round < 5; round++) await Promise.all(ids.flatMap((id) => [lever(one, 'refresh', id), lever(two, 'refresh', id)]))
      await expectInvariants(one, ids)
    } finally {
      one.sandbox.state.taskPolls = 1
    }
  })

  it('a cancel racing the first send: either nothing was sent and the task is cancelled, or it was sent once and goes on', async () => {
    // Half the tasks go to the accepting worker at once; the other half are accepted by an instance without a worker,
    // so the cancel starts level with the other instance's claim and a refresh.
    const idle = await startGateway({ startWorker: false, apiKey: one.apiKey, sandboxRunning: one.sandbox, db: one.db })
    try {
      const ids: string[] = []
      for (let i = 0; i < RUNS; i++) {
        const accepting = i % 2 ? idle : one
        const id = await submit(accepting, freshInvoices(one.sandbox, taxNo, 1))
        ids.push(id)
        const [cancel] = await Promise.all([lever(accepting, 'cancel', id), lever(two, 'refresh', id)])
        expect([200, 409]).toContain(cancel.statusCode)
      }
      await expectInvariants(one, ids)
      // Both ways must have won at least once, or the race was not run.
      const statuses = new Set(await Promise.all(ids.map(async (id) => (await one.inject({ url: `/v1/recording-tasks/${id}` })).json().status)))
      expect([...statuses].sort()).toEqual(['cancelled', 'completed'])
    } finally {
      await idle.close()
    }
  })

  it('resume racing the stall check, with refreshes through both instances: each batch still goes once', async () => {
    // A pair of its own whose tasks stall fast: piaozone says it is busy (it did nothing), so no task makes progress.
    const a = await startGateway({ worker: { stallAfterMs: 300 } })
    const b = await startOtherInstance(a, { worker: { stallAfterMs: 300 } })
    try {
      a.sandbox.state.faults.push({ on: 'invoiceRecorded', fault: { kind: 'business_error', errorCode: '1009', message: '请求过于频繁，请稍后再试' } })
      const ids = await Promise.all(Array.from({ length: 10 }, () => submit(a, freshInvoices(a.sandbox, taxNo, 1))))
      const pullAll = async () => {
        const open = (await Promise.all(ids.map(async (id) => (await a.inject({ url: `/v1/recording-tasks/${id}` })).json()))).filter((t) => !isFinished(t.status))
        await Promise.all(open.flatMap((t) => [lever(a, 'resume', t.id), lever(b, 'resume', t.id), lever(a, 'refresh', t.id), lever(b, 'refresh', t.id)]))
        return open.length
      }
      // While piaozone stays busy, tasks stall every 300 ms and are resumed at once: every lever on every unfinished task,
      // round after round, lands beside the worker's stall check.
      await waitForStatus(a, ids[0], ['stalled'])
      for (const until = Date.now() + 1500; Date.now() < until; await new Promise((r) => setTimeout(r, 30))) await pullAll()
      // Then piaozone recovers, and the levers go on until every task has finished.
      a.sandbox.state.faults = []
      for (const deadline = Date.now() + 15_000; Date.now() < deadline && (await pullAll()) > 0; ) {}
      expect(answers.filter((x) => x.lever === 'resume' && x.status === 200).length).toBeGreaterThan(0)
      await expectInvariants(a, ids)
    } finally {
      await b.close()
      await a.close()
    }
  })

  it('retry-failed racing refreshes of the old and the new task: the retried invoices go once', async () => {
    const ids: string[] = []
    for (let i = 0; i < 10; i++) {
      const [good] = freshInvoices(one.sandbox, taxNo, 1)
      const missing = `2577${String(Date.now()).slice(-12)}${String(i).padStart(4, '0')}` // not in the vendor's pool yet: refused
      const first = await submit(one, [good, { ...good, invoiceNo: missing }])
      ids.push(first)
      expect((await waitForStatus(one, first, FINISHED)).status).toBe('partially_failed')
      one.sandbox.state.addInvoice({ taxNo, invoiceNo: missing, invoiceCode: '', invoiceType: '27', invoiceDate: '20251101', entryMarkStatus: '01' })
      const levers = await Promise.all([lever(one, 'retry-failed', first), lever(two, 'retry-failed', first), lever(one, 'refresh', first), lever(two, 'refresh', first)])
      const retries = levers.filter((r) => r.statusCode === 202).map((r) => r.json().id as string)
      // Two retries at once: one is stored, the other finds the invoice in it (409), or already done (400).
      expect(retries).toHaveLength(1)
      for (const r of levers.slice(0, 2)) expect([202, 400, 409]).toContain(r.statusCode)
      await Promise.all(retries.flatMap((id) => [lever(one, 'refresh', id), lever(two, 'refresh', id)]))
      ids.push(...retries)
    }
    await expectInvariants(one, ids)
  })
})
