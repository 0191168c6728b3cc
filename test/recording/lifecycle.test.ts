// The worker's lifecycle: leases that follow the work, writes that need the lease, hand-off of a task to the
// process that accepted it, stuck tasks that become `stalled`, and the levers: resume, cancel, retry-failed.
import { once } from 'node:events'
import { afterEach, describe, expect, it } from 'vitest'
import { planTask, storedTask } from '../../src/recording/plan.ts'
import { LeaseLost } from '../../src/recording/lease.ts'
import { RecordingRepository } from '../../src/recording/repository.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, startGateway, vendorOutcomes, waitForStatus, waitForTask } from '../helpers/gateway.ts'
import { SETTLED } from '../../src/recording/statuses.ts'
import { poll } from '../helpers/poll.ts'

const taxNo = SANDBOX_TAX_NOS.guide

const opened: Gateway[] = []
afterEach(async () => {
  for (const g of opened.splice(0).reverse()) await g.close()
})
async function gateway(options: Parameters<typeof startGateway>[0] = {}) {
  const g = await startGateway(options)
  opened.push(g)
  return g
}
async function submit(g: Gateway, count: number, extra: object = {}) {
  const res = await g.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo, nextEntryMarkStatus: '02', invoices: freshInvoices(g.sandbox, taxNo, count), ...extra } })
  expect(res.statusCode).toBe(202)
  return res.json().id as string
}
const post = (g: Gateway, id: string, lever: string) => g.inject({ method: 'POST', url: `/v1/recording-tasks/${id}/${lever}` })

describe('leases', () => {
  it('let no write through for a worker that lost the task, whatever the write', async () => {
    const g = await gateway({ startWorker: false })
    const id = await submit(g, 2)
    const repo = new RecordingRepository(g.db)
    expect(await repo.claimOne(id, 'worker-a', 60_000)).toBe(true)
    // Worker b takes it over (as after a's lease ran out); everything a writes now must be refused.
    await g.db.prisma.recordingTask.update({ where: { id }, data: { leaseOwner: 'worker-b' } })
    const lost = repo.lease(id, 'worker-a')
    const before = await repo.getTask(id)
    const writes = [
      () => lost.markSending(0, 60_000, false),
      () => lost.updateBatch(0, { state: 'submitted', vendorTaskNo: 'RZ1' }),
      () => lost.applyOutcomes([{ idx: 0, outcome: 'failed', preEntryMarkStatus: null, entryMarkStatus: '01', failReason: 'x', invoiceType: null, invoiceDate: null, etaxInvoiceNo: null, vendorItem: {} }]),
      () => lost.refuseBatch(0, { code: 'UPSTREAM_REJECTED', message: 'x' }, '2002 x'),
      () => lost.release({ status: 'failed' }),
    ]
    for (const write of writes) await expect(write()).rejects.toBeInstanceOf(LeaseLost)
    const after = await repo.getTask(id)
    expect({ ...after, updatedAt: null }).toEqual({ ...before, updatedAt: null })
  })

  it('are renewed while a slow vendor call runs, so no other instance takes the task over and sends it again', async () => {
    // The call takes three leases' time (and stays under the client's response timeout).
    const a = await gateway({ worker: { leaseMs: 300, idleMs: 20 } })
    const b = await gateway({ db: a.db, sandboxRunning: a.sandbox, apiKey: a.apiKey, worker: { leaseMs: 300, idleMs: 20 } })
    a.sandbox.state.faults.push({ on: 'invoiceRecorded', times: 1, fault: { kind: 'latency', ms: 900 } })
    const id = await submit(a, 1)
    const done = await waitForStatus(a, id, SETTLED)
    expect(done).toMatchObject({ status: 'completed' })
    expect(a.sandbox.state.count('invoiceRecorded')).toBe(1)
    expect(b.app.worker.owner).not.toBe(a.app.worker.owner)
  })

  it('are renewed for a refresh in a process whose worker does not run, so no other instance sends the batch again', async () => {
    const a = await gateway({ startWorker: false, worker: { leaseMs: 300 } })
    const b = await gateway({ db: a.db, sandboxRunning: a.sandbox, apiKey: a.apiKey, worker: { leaseMs: 300, idleMs: 20 } })
    await b.app.worker.stop()
    const id = await submit(a, 1)
    a.sandbox.state.faults.push({ on: 'invoiceRecorded', times: 1, fault: { kind: 'latency', ms: 900 } })
    const refresh = post(a, id, 'refresh')
    // The 4.16 has reached the sandbox (logged on arrival), which holds its answer for 900 ms.
    await poll(() => a.sandbox.state.count('invoiceRecorded'), (n) => n > 0, { timeoutMs: 3000, intervalMs: 10, what: 'the 4.16 reaching the sandbox' })
    expect(a.sandbox.state.count('invoiceRecorded')).toBe(1)
    b.app.worker.start() // looks for due and expired work every 20 ms while a's call runs
    expect((await refresh).statusCode).toBe(200)
    await waitForStatus(a, id, SETTLED)
    expect(a.sandbox.state.count('invoiceRecorded')).toBe(1)
  })

  it('hand a task to the worker of the process that accepted it, which no other worker takes meanwhile', async () => {
    // a has one slot, busy with a slow first task; b, on the same database but with its own vendor, looks for work
    // all the time. The second task a accepts must still wait for a's worker and go to a's vendor.
    const a = await gateway({ worker: { concurrency: 1 } })
    const b = await gateway({ db: a.db, apiKey: a.apiKey, worker: { idleMs: 20 } })
    a.sandbox.state.faults.push({ on: 'invoiceRecorded', times: 1, fault: { kind: 'latency', ms: 800 } })
    const first = await submit(a, 1)
    await waitForTask(a, first, (t) => t.status !== 'accepted' || a.sandbox.state.count('invoiceRecorded') === 1, 'being sent', 3000)
    const second = await submit(a, 1)
    await waitForTask(a, second, (t) => t.vendorTaskNos.length === 1, 'submitted', 5000)
    expect(a.sandbox.state.count('invoiceRecorded')).toBe(2)
    expect(b.sandbox.state.count('invoiceRecorded')).toBe(0)
  })

  it('refuse a batch and fail its invoices in one write: an interruption between them leaves neither', async () => {
    const g = await gateway({ startWorker: false })
    const id = await submit(g, 2)
    const repo = new RecordingRepository(g.db)
    expect(await repo.claimOne(id, 'worker-a', 60_000)).toBe(true)
    // Failing the invoices is interrupted, as a crash right after the batch's own change would interrupt it.
    await g.db.prisma.$executeRawUnsafe(`CREATE FUNCTION interrupt() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'interrupted'; END $$ LANGUAGE plpgsql`)
    await g.db.prisma.$executeRawUnsafe(`CREATE TRIGGER interrupt BEFORE UPDATE ON "TaskInvoice" FOR EACH ROW EXECUTE FUNCTION interrupt()`)
    await expect(repo.lease(id, 'worker-a').refuseBatch(0, { code: 'UPSTREAM_REJECTED', message: 'x' }, '2002 x')).rejects.toThrow(/interrupted/)
    const task = await repo.getTask(id)
    expect(task?.batches.map((b) => b.state)).toEqual(['pending'])
    expect(task?.invoices.map((i) => i.outcome)).toEqual(['pending', 'pending'])
    await g.db.prisma.$executeRawUnsafe('DROP TRIGGER interrupt ON "TaskInvoice"')
    await repo.lease(id, 'worker-a').refuseBatch(0, { code: 'UPSTREAM_REJECTED', message: 'x' }, '2002 x')
    const refused = await repo.getTask(id)
    expect(refused?.batches.map((b) => b.state)).toEqual(['refused'])
    expect(refused?.invoices.map((i) => [i.outcome, i.failReason])).toEqual([['failed', '2002 x'], ['failed', '2002 x']])
  })

  it('hand at most WORKER_CONCURRENCY waiting tasks to the accepting process: the rest of a burst goes to idle instances', async () => {
    // a has one slot and a slow vendor; b, on the same database with a vendor of its own, looks for work all the time.
    const a = await gateway({ worker: { concurrency: 1 }, sandbox: { latencyMs: 300 } })
    const b = await gateway({ db: a.db, apiKey: a.apiKey, sandbox: { acceptUnknownInvoices: true }, worker: { idleMs: 20 } })
    const ids = await Promise.all(Array.from({ length: 6 }, () => submit(a, 1)))
    for (const id of ids) await waitForStatus(a, id, SETTLED, 20_000)
    const sentByA = a.sandbox.state.requests.filter((r) => r.interfaceCode === 'invoiceRecorded' && r.answerCode === '0000').length
    const sentByB = b.sandbox.state.requests.filter((r) => r.interfaceCode === 'invoiceRecorded' && r.answerCode === '0000').length
    expect(sentByA + sentByB).toBe(6)
    expect(sentByB).toBeGreaterThan(0)
  })

  it('start a handed task from the row as stored, which is what the database reads back', async () => {
    const g = await gateway({ startWorker: false })
    const repo = new RecordingRepository(g.db)
    const body = { taxNo, nextEntryMarkStatus: '03' as const, reference: 'AP-1', invoices: [...freshInvoices(g.sandbox, taxNo, 3), { ...freshInvoices(g.sandbox, taxNo, 1)[0], serialNo: 's-1', invoiceCode: '044031900111' }] }
    const client = (await g.app.clients.addClient('handoff-row', 'any')).client
    const plan = planTask(body, { clientId: client.id, requestId: 'req-1' }, { batchSize: 2, serialWhenMissing: 'omit', requestHash: 'h', handoff: { token: 'w', leaseMs: 20_000 } }, { next: () => `rid-${Math.random()}` })
    await repo.sql.transaction((tx) => repo.createTask(tx, plan.task, plan.batches, plan.invoices))
    expect(storedTask(plan)).toEqual(await repo.getTask(plan.task.id))
  })

  it('wake the worker as soon as a task is accepted', async () => {
    // A worker that looks for due work only once a minute: the task must not wait for that look.
    const g = await gateway({ worker: { idleMs: 60_000 } })
    const id = await submit(g, 1)
    await waitForTask(g, id, (t) => t.vendorTaskNos.length === 1, 'submitted', 3000)
  })
})

describe('stalled', () => {
  it('is what a task without progress for WORKER_STALL_AFTER_MS becomes; resume puts it back to work', async () => {
    const g = await gateway({ worker: { stallAfterMs: 300, retryBaseMs: 10, retryMaxMs: 10 } })
    g.sandbox.state.faults.push({ on: 'invoiceRecorded', fault: { kind: 'http_error', status: 503 } })
    const id = await submit(g, 1)
    const stalled = await waitForStatus(g, id, ['stalled'])
    expect(stalled).toMatchObject({ counts: { pending: 1 }, error: { code: 'UPSTREAM_UNAVAILABLE', message: 'piaozone answered HTTP 503' } })
    const sends = g.sandbox.state.count('invoiceRecorded')
    // Retries 10 ms apart: the stalled task is due at once. Of three looks that find nothing, the first may have begun
    // before it stalled and the stalling step's wake-up may start the second at once; the third begins a full idleMs
    // later, the task due: a worker that took stalled tasks would have sent it again by then.
    for (let look = 0; look < 3; look++) await once(g.app.worker, 'idle')
    expect(g.sandbox.state.count('invoiceRecorded')).toBe(sends) // no more automatic work
    expect(await g.app.metrics.registry.getSingleMetricAsString('gateway_tasks')).toMatch(/gateway_tasks\{status="stalled"\} 1/)

    g.sandbox.state.faults = []
    const resumed = await post(g, id, 'resume')
    expect(resumed.statusCode).toBe(200)
    expect(['accepted', 'submitted', 'completed']).toContain(resumed.json().status)
    const done = await waitForStatus(g, id, SETTLED)
    expect(done).toMatchObject({ status: 'completed', error: null })
    expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, g.sandbox))
    expect((await post(g, id, 'resume')).json()).toMatchObject({ statusCode: 409, code: 'TASK_NOT_STALLED' })
  })
})

describe('cancel', () => {
  it('stops a task before anything was sent, and no worker ever sends it', async () => {
    const g = await gateway({ startWorker: false })
    const id = await submit(g, 2)
    const cancelled = await post(g, id, 'cancel')
    expect(cancelled.statusCode).toBe(200)
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' }, finishedAt: expect.any(String) })
    await g.inject({ method: 'POST', url: `/v1/recording-tasks/${id}/refresh` })
    expect(g.sandbox.state.count('invoiceRecorded')).toBe(0)
    expect((await g.inject({ url: `/v1/recording-tasks/${id}` })).json().status).toBe('cancelled')
    // Its invoices are free for a new task.
    const again = await g.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo, nextEntryMarkStatus: '02', invoices: cancelled.json().invoices.map((i: any) => ({ invoiceNo: i.invoiceNo, recordedTime: i.recordedTime, recordedPeriod: i.recordedPeriod })) } })
    expect(again.statusCode).toBe(202)
  })

  it('gives each invoice back its latest state from before the task, so the search and the summary count no ghost', async () => {
    const g = await gateway()
    const [earlier, fresh] = freshInvoices(g.sandbox, taxNo, 2)
    const first = await g.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo, nextEntryMarkStatus: '02', reference: 'AP-1', invoices: [earlier] } })
    await waitForStatus(g, first.json().id, SETTLED)
    await g.app.worker.stop()
    // Cancelled twice: the second cancel must not go back to the first cancelled task either.
    for (const reference of ['AP-2', 'AP-3']) {
      const cancelled = await g.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo, nextEntryMarkStatus: '03', reference, invoices: [earlier, fresh] } })
      expect(cancelled.statusCode).toBe(202)
      expect((await post(g, cancelled.json().id, 'cancel')).statusCode).toBe(200)
    }

    const rows = (await g.inject({ url: `/v1/invoices?taxNo=${taxNo}` })).json().items
    expect(rows).toEqual([expect.objectContaining({ invoiceNo: earlier.invoiceNo, taskId: first.json().id, reference: 'AP-1', nextEntryMarkStatus: '02', outcome: 'succeeded', entryMarkStatus: '02' })])
    const summary = (await g.inject({ url: `/v1/reports/entry-summary?taxNo=${taxNo}&recordedPeriod=202511` })).json()
    expect(summary).toMatchObject({ total: 1, byTarget: [{ nextEntryMarkStatus: '02', pending: 0, succeeded: 1, failed: 0 }] })
  })

  it('answers 409, saying why, once a batch has left for the vendor', async () => {
    const g = await gateway()
    const id = await submit(g, 1)
    await waitForStatus(g, id, SETTLED)
    const refused = await post(g, id, 'cancel')
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ code: 'TASK_NOT_CANCELLABLE', taskId: id })
    expect(refused.json().message).toMatch(/sent to piaozone at .+ and the vendor may act on them/)
  })
})

describe('retry-failed', () => {
  it('submits just the failed invoices again as a new task, linked both ways', async () => {
    const g = await gateway()
    const [good] = freshInvoices(g.sandbox, taxNo, 1)
    const unknown = { ...good, invoiceNo: '25442000000999990001' } // not in the vendor's pool: refused
    const res = await g.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo, nextEntryMarkStatus: '02', reference: 'AP-RETRY', invoices: [good, unknown] } })
    const first = await waitForStatus(g, res.json().id, SETTLED)
    expect(first.status).toBe('partially_failed')

    // The invoice reaches the vendor's pool later (collected), and the ERP retries what failed.
    g.sandbox.state.addInvoice({ taxNo, invoiceNo: unknown.invoiceNo, invoiceCode: '', invoiceType: '27', invoiceDate: '20251101', entryMarkStatus: '01' })
    const retry = await post(g, first.id, 'retry-failed')
    expect(retry.statusCode).toBe(202)
    expect(retry.json()).toMatchObject({ retryOf: first.id, taxNo, nextEntryMarkStatus: '02', reference: 'AP-RETRY', counts: { total: 1 } })
    expect(retry.json().invoices.map((i: any) => i.invoiceNo)).toEqual([unknown.invoiceNo])
    const second = await waitForStatus(g, retry.json().id, SETTLED)
    expect(second).toMatchObject({ status: 'completed' })
    expect((await g.inject({ url: `/v1/recording-tasks/${first.id}` })).json().retries).toEqual([retry.json().id])

    expect((await post(g, second.id, 'retry-failed')).json()).toMatchObject({ statusCode: 409, code: 'NOTHING_FAILED' })
  })

  it('answers 409 while the task is unfinished', async () => {
    const g = await gateway({ startWorker: false })
    const id = await submit(g, 1)
    expect((await post(g, id, 'retry-failed')).json()).toMatchObject({ statusCode: 409, code: 'TASK_UNFINISHED' })
  })

  it('answers 404 for another client\'s task, as every route does', async () => {
    const g = await gateway({ startWorker: false })
    const id = await submit(g, 1)
    const other = (await g.app.clients.addClient('someone-else', 'any')).key.key
    for (const lever of ['cancel', 'resume', 'retry-failed']) {
      const res = await g.app.inject({ method: 'POST', url: `/v1/recording-tasks/${id}/${lever}`, headers: { authorization: `Bearer ${other}` } })
      expect(res.statusCode).toBe(404)
    }
  })
})
