// kill -9 between the state change and its delivery: the events are in the outbox with the change itself, so a
// restarted gateway delivers one for every finished task, each with the webhook-id it was first tried with.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'
import { databaseForChild, kill, startServer } from '../helpers/child.ts'
import { freshInvoices } from '../helpers/gateway.ts'
import { startReceiver, verifyStandardWebhook } from '../helpers/receiver.ts'
import { poll } from '../helpers/poll.ts'

let sandbox: RunningSandbox
let receiver: Awaited<ReturnType<typeof startReceiver>>
let databaseUrl: string
let authorization: string
let cleanup: () => Promise<void>

beforeAll(async () => {
  sandbox = await startSandbox()
  receiver = await startReceiver(() => 'hang') // the endpoint takes every event and never answers, until the crash
  ;({ databaseUrl, authorization, cleanup } = await databaseForChild('webhook-crash'))
})
afterAll(async () => {
  await receiver.close()
  await sandbox.close()
  await cleanup()
})

const FAST = { WORKER_POLL_INTERVAL_MS: '50', WEBHOOK_TIMEOUT_MS: '500', WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_IDLE_MS: '50', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }

describe('webhooks after kill -9', () => {
  // Two server processes, one after the other, each on PGlite: their starts alone can take 15–20 s on a loaded machine.
  it('delivers an event for every finished task', { timeout: 90_000 }, async () => {
    const lines: string[] = []
    expect(await runCli(['webhooks', 'set', 'webhook-crash-erp', receiver.url], { out: (l) => lines.push(l), err: () => {} }, databaseUrl)).toBe(0)
    const secret = lines.at(-1) as string

    const first = await startServer(sandbox, databaseUrl, FAST)
    const headers = { authorization, 'content-type': 'application/json' }
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${first.base}/v1/recording-tasks`, { method: 'POST', headers, body: JSON.stringify({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: freshInvoices(sandbox, SANDBOX_TAX_NOS.guide, 1) }) })
      ids.push(((await res.json()) as { id: string }).id)
    }
    const finished = async () => {
      const statuses = await Promise.all(ids.map(async (id) => ((await (await fetch(`${first.base}/v1/recording-tasks/${id}`, { headers })).json()) as { status: string }).status))
      return statuses.every((s) => s === 'completed')
    }
    await poll(finished, (all) => all, { timeoutMs: 60_000, intervalMs: 50, what: 'every task completed' })
    await kill(first) // the events are stored; none was answered

    receiver.answer(() => 200)
    const second = await startServer(sandbox, databaseUrl, FAST)
    try {
      type Item = { taskId: string; state: string; id: string }
      const items = await poll(
        async () => ((await (await fetch(`${second.base}/v1/webhook-deliveries`, { headers })).json()) as { items: Item[] }).items,
        (list) => list.length === ids.length && list.every((d) => d.state === 'delivered'),
        { timeoutMs: 20_000, intervalMs: 100, what: 'every event delivered' },
      )
      expect(items.map((d) => d.state)).toEqual(ids.map(() => 'delivered'))
      expect(new Set(items.map((d) => d.taskId))).toEqual(new Set(ids))
      for (const d of items) {
        const tries = receiver.received.filter((r) => r.headers['webhook-id'] === d.id)
        expect(tries.length).toBeGreaterThan(0)
        for (const t of tries) expect(verifyStandardWebhook(secret, t.headers, t.body)).toBe(true)
        expect(JSON.parse(tries[0].body)).toMatchObject({ type: 'recording_task.finished', data: { id: d.taskId, status: 'completed' } })
      }
    } finally {
      await kill(second)
    }
  })
})
