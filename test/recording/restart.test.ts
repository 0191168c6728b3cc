// The real server as a child process, killed with SIGKILL at the worst moments and started again: nothing
// accepted is lost and nothing is sent to the vendor twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'
import { databaseForChild, kill, startServer as startChild } from '../helpers/child.ts'
import { freshInvoices } from '../helpers/gateway.ts'
import { poll } from '../helpers/poll.ts'

let sandbox: RunningSandbox
let databaseUrl: string
let cleanup: () => Promise<void>
let authorization: string

beforeAll(async () => {
  sandbox = await startSandbox()
  ;({ databaseUrl, authorization, cleanup } = await databaseForChild('restart'))
})
afterAll(async () => {
  await sandbox.close()
  await cleanup()
})

function waitFor(base: string, id: string, status: string) {
  const read = async (): Promise<any> => (await fetch(`${base}/v1/recording-tasks/${id}`, { headers: { authorization } })).json()
  return poll(read, (task) => task.status === status, { timeoutMs: 20_000, intervalMs: 50, what: `task ${id} reaching ${status}` })
}

const submit = async (base: string, invoices: object[]) => {
  const res = await fetch(`${base}/v1/recording-tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices }),
  })
  expect(res.status).toBe(202)
  return ((await res.json()) as any).id as string
}

const startServer = (env: Record<string, string>) => startChild(sandbox, databaseUrl, env)

describe('a process killed and started again', () => {
  // Two server processes, one after the other, each on PGlite: their starts alone can take 15–20 s on a loaded machine.
  it('finishes a task it accepted right before it was killed', { timeout: 60_000 }, async () => {
    // No worker in the first process, so the kill certainly lands before the vendor hears of the task.
    const first = await startServer({ WORKER_ENABLED: 'false' })
    const invoices = freshInvoices(sandbox, SANDBOX_TAX_NOS.guide, 3)
    const id = await submit(first.base, invoices)
    await kill(first)

    const second = await startServer({ WORKER_POLL_INTERVAL_MS: '50' })
    try {
      const task = await waitFor(second.base, id, 'completed')
      expect(task.counts).toMatchObject({ total: 3, succeeded: 3 })
    } finally {
      await kill(second)
    }
  })

  // Two server processes, one after the other, each on PGlite: their starts alone can take 15–20 s on a loaded machine.
  it('resumes polling a submitted task without submitting it again', { timeout: 60_000 }, async () => {
    const invoices = freshInvoices(sandbox, SANDBOX_TAX_NOS.guide, 2)
    const first = await startServer({ WORKER_POLL_INTERVAL_MS: '600000' })
    const id = await submit(first.base, invoices)
    await waitFor(first.base, id, 'submitted')
    await kill(first)

    const second = await startServer({ WORKER_POLL_INTERVAL_MS: '50', WORKER_POLL_MAX_INTERVAL_MS: '100' })
    try {
      // The first process was due to poll in ten minutes; the task's schedule survives in the database, so a
      // refresh asks now.
      await fetch(`${second.base}/v1/recording-tasks/${id}/refresh`, { method: 'POST', headers: { authorization } })
      const task = await waitFor(second.base, id, 'completed')
      expect(task.vendorTaskNos).toHaveLength(1)
      const sends = sandbox.state.requests.filter((r) => r.interfaceCode === 'invoiceRecorded' && (r.data as any)?.invoices?.[0]?.invoiceNo === (invoices[0] as any).invoiceNo)
      expect(sends).toHaveLength(1)
    } finally {
      await kill(second)
    }
  })
})
