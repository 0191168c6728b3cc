// Two gateway instances on one database: every task is submitted to the vendor exactly once, and a worker that
// dies holding a claim has its task taken over when the lease runs out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RecordingRepository } from '../../src/recording/repository.ts'
import { fullTaskView } from '../../src/recording/service.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, startGateway, startOtherInstance, waitForStatus } from '../helpers/gateway.ts'
import { poll } from '../helpers/poll.ts'

let one: Gateway
let two: Gateway

beforeAll(async () => {
  one = await startGateway({ worker: { concurrency: 4 } })
  two = await startOtherInstance(one, { worker: { concurrency: 4 } })
})
afterAll(async () => {
  await two.close()
  await one.close()
})

describe('two instances, one database', () => {
  it('never submit one task twice', async () => {
    const ids: string[] = []
    for (let i = 0; i < 24; i++) {
      const gateway = i % 2 ? two : one
      const res = await gateway.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: freshInvoices(one.sandbox, SANDBOX_TAX_NOS.guide, 2) } })
      expect(res.statusCode).toBe(202)
      ids.push(res.json().id)
    }
    for (const id of ids) expect((await waitForStatus(one, id, ['completed', 'failed', 'partially_failed'], 20_000)).status).toBe('completed')
    const submits = one.sandbox.state.requests.filter((r) => r.interfaceCode === 'invoiceRecorded')
    expect(submits).toHaveLength(24)
    expect(new Set(submits.map((r) => r.requestId)).size).toBe(24)
    const batches = await one.db.prisma.vendorBatch.findMany({ where: { taskId: { in: ids } } })
    expect(batches.every((b) => b.resends === 0 && b.state === 'done')).toBe(true)
  })

  it('take over the task of a worker that died holding its claim, once the lease runs out', async () => {
    const paused = await startGateway({ startWorker: false, apiKey: one.apiKey, sandboxRunning: one.sandbox, db: one.db })
    try {
      // The live workers pause while a third one claims the new task and dies: nobody releases its 300 ms lease.
      await Promise.all([one.app.worker.stop(), two.app.worker.stop()])
      const res = await paused.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '03', invoices: freshInvoices(one.sandbox, SANDBOX_TAX_NOS.guide, 1) } })
      const id = res.json().id
      const dead = new RecordingRepository(one.db)
      const claimedAt = Date.now()
      expect(await dead.claimOne(id, 'worker-that-died', 300)).toBe(true)
      one.app.worker.start()
      two.app.worker.start()
      const done = await waitForStatus(one, id, ['completed'], 10_000)
      expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(claimedAt + 250)
    } finally {
      await paused.close()
    }
  })

  it('show a retry made through the other instance in a finished task that one serves from memory, and only to its owner', async () => {
    const [good] = freshInvoices(one.sandbox, SANDBOX_TAX_NOS.guide, 1)
    const unknown = { ...good, invoiceNo: `2544${String(Date.now()).slice(-12)}0007` } // not in the vendor's pool: refused
    const res = await one.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: [good, unknown] } })
    const finished = await waitForStatus(one, res.json().id, ['completed', 'failed', 'partially_failed'], 20_000)
    expect(finished.status).toBe('partially_failed')
    const read = () => one.inject({ url: `/v1/recording-tasks/${finished.id}` })
    const cached = await read()
    expect((await read()).body).toBe(cached.body)
    expect(cached.json().retries).toEqual([])

    const stranger = (await one.app.clients.addClient(`stranger-${Date.now()}`, 'any')).key.key
    expect((await one.app.inject({ url: `/v1/recording-tasks/${finished.id}`, headers: { authorization: `Bearer ${stranger}` } })).statusCode).toBe(404)

    one.sandbox.state.addInvoice({ taxNo: SANDBOX_TAX_NOS.guide, invoiceNo: unknown.invoiceNo, invoiceCode: '', invoiceType: '27', invoiceDate: '20251101', entryMarkStatus: '01' })
    const retry = await two.inject({ method: 'POST', url: `/v1/recording-tasks/${finished.id}/retry-failed` })
    expect(retry.statusCode).toBe(202)
    // NOTIFY reaches the other instance a moment after the retry's commit.
    const retries: string[] = await poll(async () => (await read()).json().retries, (r: string[]) => r.length > 0, { timeoutMs: 5000, intervalMs: 20, what: 'the retry listed on the other instance' })
    expect(retries).toEqual([retry.json().id])
  })

  it('render a task the same whether its invoices are spliced in as Postgres wrote them (GET) or serialized by the gateway', async () => {
    const [invoice] = freshInvoices(one.sandbox, SANDBOX_TAX_NOS.guide, 1)
    const res = await one.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: [invoice] } })
    await waitForStatus(one, res.json().id, ['completed'], 20_000)
    // Text that JSON must escape, as a vendor's reason may carry it.
    const reason = '发票状态异常 "quoted" \\ back\nslash\ttab \u0001'
    await one.db.prisma.taskInvoice.updateMany({ where: { taskId: res.json().id }, data: { failReason: reason } })
    // Read through the other instance: `one` keeps the finished task's answer from before the change in memory.
    const spliced = (await two.inject({ url: `/v1/recording-tasks/${res.json().id}` })).json()
    const row = (await new RecordingRepository(one.db).taskView(res.json().id)) as NonNullable<Awaited<ReturnType<RecordingRepository['taskView']>>>
    const serialized = JSON.parse(JSON.stringify(fullTaskView({ ...row, invoices: JSON.parse(row.invoicesJson) })))
    expect(spliced.invoices[0].failReason).toBe(reason)
    expect(spliced).toEqual(serialized)
  })
})
