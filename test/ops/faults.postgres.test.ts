// The fault suite, part two (Postgres only, so it runs when TEST_DATABASE_URL names a server, as .ci/run does):
// every connection of a running gateway terminated with pg_terminate_backend, twice, during a burst of submits.
// Requests get 202 or 503 with Retry-After, never 500; every 202 task finishes; nothing is acted on twice; the
// process recovers by itself. docs/RELIABILITY.md records the figures of the last run.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'
import { databaseForChild, kill, startServer } from '../helpers/child.ts'
import { freshInvoices, vendorOutcomes } from '../helpers/gateway.ts'
import { isSettled } from '../../src/recording/statuses.ts'

const taxNo = SANDBOX_TAX_NOS.guide
let sandbox: RunningSandbox
let databaseUrl: string
let authorization: string
let cleanup: () => Promise<void>
beforeAll(async () => {
  sandbox = await startSandbox({ modes: { dedupeRequestIds: true } })
  ;({ databaseUrl, authorization, cleanup } = await databaseForChild('pgfaults'))
})
afterAll(async () => {
  await sandbox.close()
  await cleanup()
})

async function terminateConnections(): Promise<number> {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
  await admin.connect()
  try {
    const { rows } = await admin.query('SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [new URL(databaseUrl).pathname.slice(1)])
    return rows[0].n
  } finally {
    await admin.end()
  }
}

describe('connections terminated during a burst of submits', () => {
  it('never answers 500, loses nothing that was answered 202, acts on nothing twice, and recovers', { timeout: 120_000 }, async () => {
    const server = await startServer(sandbox, databaseUrl, { WORKER_POLL_INTERVAL_MS: '50', WORKER_RETRY_BASE_MS: '50', WORKER_RETRY_MAX_MS: '500' })
    try {
      const statuses: number[] = []
      const accepted: string[] = []
      let terminated = 0
      const submitter = async () => {
        for (let i = 0; i < 10; i++) {
          const res = await fetch(`${server.base}/v1/recording-tasks`, {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/json' },
            body: JSON.stringify({ taxNo, nextEntryMarkStatus: '02', invoices: freshInvoices(sandbox, taxNo, 2) }),
          })
          statuses.push(res.status)
          if (res.status === 202) accepted.push(((await res.json()) as { id: string }).id)
          else if (res.status === 503) expect(res.headers.get('retry-after')).toBe('5')
        }
      }
      const killer = async () => {
        for (const wait of [150, 400]) {
          await new Promise((r) => setTimeout(r, wait))
          terminated += await terminateConnections()
        }
      }
      await Promise.all([...Array.from({ length: 6 }, submitter), killer()])

      // The process recovers by itself: ready again, and every task it accepted finishes.
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
        if ((await fetch(`${server.base}/ready`)).status === 200) break
      }
      expect((await fetch(`${server.base}/ready`)).status).toBe(200)
      const finished: any[] = []
      for (const id of accepted) {
        for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
          const task: any = await (await fetch(`${server.base}/v1/recording-tasks/${id}`, { headers: { authorization } })).json()
          if (isSettled(task.status)) {
            finished.push(task)
            break
          }
        }
      }
      const sends = sandbox.state.requests.filter((r) => r.interfaceCode === 'invoiceRecorded')
      const vendorTasksPerBatch = new Map<string, Set<string>>()
      for (const [requestId, answer] of sandbox.state.answersByRequestId) {
        if (answer.errorCode === '0000' && sends.some((s) => s.requestId === requestId)) vendorTasksPerBatch.set(requestId, new Set([String(answer.data)]))
      }
      console.log(
        `fault: pg_terminate_backend ×2 (${terminated} connections) during ${statuses.length} submits: ${accepted.length} answered 202, ` +
          `${statuses.filter((s) => s === 503).length} answered 503, ${statuses.filter((s) => s >= 500 && s !== 503).length} other 5xx; ` +
          `${finished.length} finished, lost ${accepted.length - finished.length}; vendor tasks ${sandbox.state.tasks.size}, batches ${vendorTasksPerBatch.size}`,
      )
      expect(terminated).toBeGreaterThan(0)
      expect(statuses.filter((s) => s !== 202 && s !== 503)).toEqual([])
      expect(accepted.length).toBeGreaterThan(0)
      expect(finished.map((t) => t.id).sort()).toEqual([...accepted].sort())
      for (const task of finished) expect(task.invoices.map((i: any) => i.outcome)).toEqual(vendorOutcomes(task, sandbox))
      // One vendor task per batch: a batch sent again after a lost answer was recognised by its requestId.
      expect(sandbox.state.tasks.size).toBe(accepted.length)
    } finally {
      await kill(server)
    }
  })
})
