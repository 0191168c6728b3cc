// The fault suite, part one (any database): the real server killed with SIGKILL at each step of a task's life and
// started again with the default lease settings. Counts what was answered 202, what finished, and what the vendor
// received, and asserts nothing lost, nothing acted on twice, and a take-over within 30 s. docs/RELIABILITY.md
// records the figures of the last run. Part two (connections killed on Postgres) is faults.postgres.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'
import { databaseForChild, freePort, kill, startServer } from '../helpers/child.ts'
import { freshInvoices, vendorOutcomes } from '../helpers/gateway.ts'
import { isSettled } from '../../src/recording/statuses.ts'
import { poll } from '../helpers/poll.ts'

const taxNo = SANDBOX_TAX_NOS.guide
let sandbox: RunningSandbox
let databaseUrl: string
let authorization: string
let cleanup: () => Promise<void>
beforeAll(async () => {
  // A vendor that de-duplicates by requestId: a batch sent again after a kill must not become a second task.
  sandbox = await startSandbox({ modes: { dedupeRequestIds: true } })
  ;({ databaseUrl, authorization, cleanup } = await databaseForChild('faults'))
})
afterAll(async () => {
  await sandbox.close()
  await cleanup()
})

const headers = () => ({ authorization, 'content-type': 'application/json' })
const until = <T>(what: string, found: () => Promise<T | undefined> | T | undefined, ms: number): Promise<T> =>
  poll(found, (value): value is T => value !== undefined, { timeoutMs: ms, intervalMs: 50, what })

// Each step holds the worker in one vendor call for 4 s (a latency fault), long enough to kill it there.
const steps = [
  { step: 'right after the 202, in its tax-bureau login check', interfaceCode: 'taxLogin' },
  { step: 'while its 4.16 is in flight', interfaceCode: 'invoiceRecorded' },
  { step: 'while its results are read', interfaceCode: 'invoiceRecordedQuery' },
] as const

describe('kill -9 at each step of a task\'s life, then a restart with default lease settings', () => {
  it.each(steps)('$step', { timeout: 90_000 }, async ({ interfaceCode }) => {
    // A tax-bureau session older than any age, so each task checks it first (the first step above).
    const first = await startServer(sandbox, databaseUrl, { PIAOZONE_TAX_SESSION_MAX_AGE_MS: '0', WORKER_POLL_INTERVAL_MS: '50' })
    const invoices = freshInvoices(sandbox, taxNo, 3)
    const before = { tasks: sandbox.state.tasks.size, calls: sandbox.state.count(interfaceCode) }
    sandbox.state.faults.push({ on: interfaceCode, times: 1, fault: { kind: 'latency', ms: 4000 } })
    const res = await fetch(`${first.base}/v1/recording-tasks`, { method: 'POST', headers: headers(), body: JSON.stringify({ taxNo, nextEntryMarkStatus: '02', invoices }) })
    expect(res.status).toBe(202)
    const { id } = (await res.json()) as { id: string }
    await until(`${interfaceCode} under way`, () => (sandbox.state.count(interfaceCode) > before.calls ? true : undefined), 20_000)
    await kill(first)

    const restarted = Date.now()
    const second = await startServer(sandbox, databaseUrl, { PIAOZONE_TAX_SESSION_MAX_AGE_MS: '0', WORKER_POLL_INTERVAL_MS: '50' })
    try {
      const done = await until('the task finished', async () => {
        const task: any = await (await fetch(`${second.base}/v1/recording-tasks/${id}`, { headers: headers() })).json()
        return isSettled(task.status) ? task : undefined
      }, 45_000)
      const takeOverMs = Date.now() - restarted
      console.log(`fault: kill -9 ${interfaceCode}; tasks answered 202: 1, finished: 1, take-over ${takeOverMs} ms, vendor tasks created: ${sandbox.state.tasks.size - before.tasks}`)
      expect(done.status).toBe('completed')
      expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, sandbox))
      expect(sandbox.state.tasks.size - before.tasks).toBe(1) // one vendor task: nothing acted on twice
      expect(takeOverMs).toBeLessThan(30_000)
    } finally {
      await kill(second)
    }
  })
})

describe('vendor faults long enough to stall', () => {
  it('make the task stalled, with the vendor\'s last answer on it, and resume finishes it once the vendor is back', { timeout: 60_000 }, async () => {
    const metricsPort = await freePort()
    const server = await startServer(sandbox, databaseUrl, { WORKER_STALL_AFTER_MS: '1500', WORKER_RETRY_BASE_MS: '10', WORKER_RETRY_MAX_MS: '10', METRICS_PORT: String(metricsPort) })
    /** How often the server's worker looked for due tasks and found none while no step ran. */
    const idleLooks = async () => {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()
      const found = /^gateway_worker_idle_passes_total (\d+)/m.exec(text)
      if (!found) throw new Error('no gateway_worker_idle_passes_total in /metrics')
      return Number(found[1])
    }
    try {
      sandbox.state.faults.push({ on: 'invoiceRecorded', fault: { kind: 'http_error', status: 503 } })
      const res = await fetch(`${server.base}/v1/recording-tasks`, { method: 'POST', headers: headers(), body: JSON.stringify({ taxNo, nextEntryMarkStatus: '02', invoices: freshInvoices(sandbox, taxNo, 1) }) })
      const { id } = (await res.json()) as { id: string }
      const read = async () => (await (await fetch(`${server.base}/v1/recording-tasks/${id}`, { headers: headers() })).json()) as any
      const stalled = await until('stalled', async () => ((await read()).status === 'stalled' ? read() : undefined), 30_000)
      expect(stalled.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: 'piaozone answered HTTP 503' })
      const sends = sandbox.state.count('invoiceRecorded')
      // Retries 10 ms apart: the stalled task is due at once. Of three looks that find nothing, the first may have begun
      // before it stalled and the stalling step's wake-up may start the second at once; the third begins a full
      // WORKER_IDLE_MS later, the task due: a worker that took stalled tasks would have sent it again by then.
      const looks = await idleLooks()
      await until('three looks for work that found none', async () => ((await idleLooks()) >= looks + 3 ? true : undefined), 10_000)
      expect(sandbox.state.count('invoiceRecorded')).toBe(sends) // no more automatic work

      sandbox.state.faults = []
      expect((await fetch(`${server.base}/v1/recording-tasks/${id}/resume`, { method: 'POST', headers: { authorization } })).status).toBe(200)
      const done = await until('finished', async () => {
        const task = await read()
        return isSettled(task.status) ? task : undefined
      }, 30_000)
      console.log(`fault: invoiceRecorded answered HTTP 503 for ${sends} sends; stalled, resumed, ${done.status}`)
      expect(done.status).toBe('completed')
      expect(done.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(done, sandbox))
    } finally {
      sandbox.state.faults = []
      await kill(server)
    }
  })
})
