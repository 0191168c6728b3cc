// The worker's loop on the memory store (test/helpers/memory-store.ts), against the sandbox over loopback: what it
// does with each kind of vendor answer and each lever, without a database, so each case takes milliseconds. The
// same behaviour on the SQL store, with both databases and real races, is in lifecycle.test.ts and
// concurrency.test.ts.
import { once } from 'node:events'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PiaozoneAccounts } from '../../src/piaozone/accounts.ts'
import { planTask, storedTask } from '../../src/recording/plan.ts'
import { isFinished } from '../../src/recording/statuses.ts'
import { TaxSessions } from '../../src/tax-numbers/sessions.ts'
import { Worker, type WorkerConfig } from '../../src/recording/worker.ts'
import { clientConfigFor, type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { FAST_WORKER, freshInvoices } from '../helpers/gateway.ts'
import { MemoryStore } from '../helpers/memory-store.ts'

const silent = { info: () => {}, warn: () => {}, error: () => {} }
let sandbox: RunningSandbox
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(() => sandbox.close())

const running: Worker[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((w) => w.stop()))
  sandbox.state.faults = []
})

/** A worker on a fresh memory store, with the sandbox as its vendor. */
function setUp(config: Partial<WorkerConfig> = {}) {
  const store = new MemoryStore()
  const vendor = new PiaozoneAccounts([{ ...clientConfigFor(sandbox, { responseTimeoutMs: 2000 }), name: 'default' }])
  const taxSessions = new TaxSessions(store, vendor, FAST_WORKER.taxSessionMaxAgeMs, silent)
  const worker = new Worker(store, vendor, taxSessions, { ...FAST_WORKER, ...config }, silent)
  running.push(worker)
  /** A task of `count` invoices in batches of `batchSize`, stored as a submit stores it (leased when `handoff` says). */
  const add = (count: number, batchSize = 100, handoff?: { token: string; leaseMs: number }, taxNo: string = SANDBOX_TAX_NOS.guide) => {
    const body = { taxNo, nextEntryMarkStatus: '02' as const, invoices: freshInvoices(sandbox, taxNo, count) }
    const row = storedTask(planTask(body, { clientId: 'erp' }, { batchSize, serialWhenMissing: 'omit', requestHash: 'h', handoff }, vendor.requestIds))
    store.add(row)
    return row
  }
  const finished = (id: string) =>
    expect.poll(() => store.task(id).status, { timeout: 5000, interval: 5 }).toSatisfy(isFinished)
  return { store, vendor, worker, add, finished }
}

/** How many 4.16 calls the vendor acted on, per batch requestId. */
function sends(): Map<string, number> {
  const counted = new Map<string, number>()
  for (const r of sandbox.state.requests) {
    if (r.interfaceCode === 'invoiceRecorded' && r.answerCode === '0000' && r.requestId) counted.set(r.requestId, (counted.get(r.requestId) ?? 0) + 1)
  }
  return counted
}

describe('the worker loop on the memory store', () => {
  it('carries each task to its end, each batch sent once, every lease given back', async () => {
    const { store, worker, add, finished } = setUp({ concurrency: 2 })
    const tasks = [add(5, 2), add(3, 2), add(1)]
    worker.start()
    for (const t of tasks) await finished(t.id)
    for (const t of tasks) {
      const stored = store.task(t.id)
      expect(stored).toMatchObject({ status: 'completed', leaseOwner: null, error: null })
      expect(stored.invoices.map((i) => [i.outcome, i.entryMarkStatus])).toEqual(t.invoices.map(() => ['succeeded', '02']))
      for (const b of stored.batches) expect([b.state, sends().get(b.requestId)]).toEqual(['done', 1])
    }
    // The tax-bureau session was checked before the first send, and is remembered.
    expect(store.sessions.get(SANDBOX_TAX_NOS.guide)).toMatchObject({ state: 'ok' })
  })

  it.each([
    {
      answer: 'a final refusal (2002)',
      fault: { kind: 'business_error', errorCode: '2002', message: '该组织的收票通道不支持税局入账操作' },
      times: 1,
      status: 'failed',
      batch: 'refused',
      error: { code: 'UPSTREAM_REJECTED', vendorCode: '2002' },
    },
    { answer: 'a busy answer, then success', fault: { kind: 'business_error', errorCode: '9999', message: '系统繁忙，请稍后再试' }, times: 2, status: 'completed', batch: 'done', error: null },
    { answer: 'an HTTP 503 before the send was read, then success', fault: { kind: 'http_error', status: 503 }, times: 1, status: 'completed', batch: 'done', error: null },
  ] as const)('on $answer: the task ends $status', async ({ fault, times, status, batch, error }) => {
    const { store, worker, add, finished } = setUp()
    sandbox.state.faults.push({ on: 'invoiceRecorded', times, fault })
    const task = add(2)
    worker.start()
    await finished(task.id)
    const stored = store.task(task.id)
    expect(stored.status).toBe(status)
    expect(stored.batches[0].state).toBe(batch)
    if (error) expect(stored.error).toMatchObject(error)
    else expect(stored.error).toBeNull()
    expect(sends().get(stored.batches[0].requestId) ?? 0).toBe(status === 'completed' ? 1 : 0)
  })

  it('does not look idle while a refresh is claiming a task, and is idle again once its step is done', async () => {
    const { store, worker, add } = setUp()
    const task = add(1)
    store.row(task.id).nextAttemptAt = new Date(Date.now() + 60_000) // not due: only the refresh takes it
    // The refresh's claim waits at a gate while the loop goes on looking (each look counted).
    let open = () => {}
    const gate = new Promise<void>((resolve) => {
      open = resolve
    })
    const claimOne = store.claimOne.bind(store)
    store.claimOne = async (...args) => gate.then(() => claimOne(...args))
    let looks = 0
    const claimDue = store.claimDue.bind(store)
    store.claimDue = async (...args) => {
      looks++
      return claimDue(...args)
    }
    let idle = 0
    worker.on('idle', () => idle++)
    worker.start()
    const refreshed = worker.runNow(task.id)
    await expect.poll(() => looks, { timeout: 2000, interval: 2 }).toBeGreaterThanOrEqual(3)
    expect(idle).toBe(0) // a test awaiting idle here would look while the task is on its way to the vendor
    open()
    expect(await refreshed).toBe(true)
    expect(sends().get(task.batches[0].requestId)).toBe(1)
    await once(worker, 'idle')
  })

  it('writes nothing more once another process took the task over mid-call', async () => {
    const { store, worker, add } = setUp()
    sandbox.state.faults.push({ on: 'invoiceRecorded', times: 1, fault: { kind: 'latency', ms: 200 } })
    const task = add(1)
    const step = worker.runNow(task.id)
    // The send is under way (the batch is `sending`); another process takes the lease over.
    await expect.poll(() => store.task(task.id).batches[0].state, { timeout: 2000, interval: 2 }).toBe('sending')
    store.takeOver(task.id, 'worker-elsewhere:1', 60_000)
    expect(await step).toBe(true)
    // The answer came back to a step that lost the task: it stored neither the vendor task number nor a state.
    expect(store.task(task.id)).toMatchObject({ status: 'accepted', leaseOwner: 'worker-elsewhere:1' })
    expect(store.task(task.id).batches[0]).toMatchObject({ state: 'sending', vendorTaskNo: null })
  })

  it('joins a running step when refreshes come at once: one claim, one send', async () => {
    const { store, worker, add } = setUp()
    sandbox.state.faults.push({ on: 'invoiceRecorded', times: 1, fault: { kind: 'latency', ms: 100 } })
    const task = add(1)
    expect(await Promise.all([worker.runNow(task.id), worker.runNow(task.id), worker.runNow(task.id)])).toEqual([true, true, true])
    expect(store.task(task.id).batches[0].state).toBe('submitted')
    expect(sends().get(store.task(task.id).batches[0].requestId)).toBe(1)
  })

  it('hands over at most `concurrency` tasks, and gives back on stop the leases of those not started', async () => {
    const { store, worker, add } = setUp({ concurrency: 1 })
    worker.start()
    sandbox.state.faults.push({ on: 'invoiceRecorded', times: 1, fault: { kind: 'latency', ms: 300 } })
    const first = add(1)
    await expect.poll(() => store.task(first.id).leaseOwner, { timeout: 2000, interval: 2 }).not.toBeNull()
    const lease = worker.handoffLease()
    expect(lease).toBeDefined()
    const handed = add(1, 100, lease)
    worker.take(handed)
    expect(worker.handoffLease()).toBeUndefined() // the queue is full: the next one is left to any instance
    await worker.stop()
    expect(store.task(handed.id)).toMatchObject({ status: 'accepted', leaseOwner: null })
    expect(store.task(first.id).batches[0].state).toBe('submitted') // the step in hand was finished first
  })
})
