// Every lever an ERP pulls, raced against the worker's own steps, many times: a batch reaches piaozone once, no
// invoice is reported failed that the vendor recorded, nothing answered 202 is lost, and no lever answers 5xx.
// The sandbox keeps its default here: it does NOT de-duplicate by requestId, so a second send is a second task.
// docs/RELIABILITY.md ("One runner per task") has the invariants and this suite's figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/open.ts'
import type { RunningSandbox } from '../../src/sandbox/start.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, startGateway, vendorOutcomes, waitForStatus } from '../helpers/gateway.ts'

const FINAL = ['completed', 'partially_failed', 'failed', 'cancelled']
const taxNo = SANDBOX_TAX_NOS.guide

let one: Gateway
let two: Gateway
let secondDb: Awaited<ReturnType<typeof openDatabase>> | undefined

beforeAll(async () => {
  // A little latency on every vendor call widens each step, so levers land in the middle of one.
  one = await startGateway({ sandbox: { latencyMs: 5 } })
  // The second instance has its own pool on Postgres, as a second process would; PGlite is in-process and shared.
  secondDb = one.db.kind === 'postgres' ? await openDatabase(one.db.url) : undefined
  two = await startGateway({ apiKey: one.apiKey, sandboxRunning: one.sandbox, db: secondDb ? { ...secondDb, url: one.db.url } : one.db })
})
afterAll(async () => {
  await two.close()
  await secondDb?.close()
  await one.close()
})

/** How many 4.16 sends carried each invoice, by invoice number. */
function sendsPerInvoice(sandbox: RunningSandbox): Map<string, number> {
  const sends = new Map<string, number>()
  for (const r of sandbox.state.requests) {
    if (r.interfaceCode !== 'invoiceRecorded') continue
    for (const inv of (r.data as { invoices: { invoiceNo: string }[] }).invoices) sends.set(inv.invoiceNo, (sends.get(inv.invoiceNo) ?? 0) + 1)
  }
  return sends
}

/** Every lever's answer is kept: none may be a 5xx. */
const answers: { lever: string; status: number; body: string }[] = []
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
 * The invariants, over the tasks a run made: each reached a final status (nothing accepted was lost); each invoice of
 * a task that was not cancelled went to piaozone in exactly one 4.16 send, and a cancelled one's in none; each
 * reported outcome is what the vendor's pool shows; no lever answered 5xx.
 */
async function expectInvariants(g: Gateway, ids: string[]) {
  expect(ids.length).toBeGreaterThan(0)
  const sends = sendsPerInvoice(g.sandbox)
  for (const id of ids) {
    const task = await waitForStatus(g, id, FINAL, 20_000)
    expect(task.invoices.length).toBeGreaterThan(0)
    const expected = task.status === 'cancelled' ? 0 : 1
    for (const inv of task.invoices) expect(sends.get(inv.invoiceNo) ?? 0, `sends of ${inv.invoiceNo} (task ${id}, ${task.status})`).toBe(expected)
    if (task.status !== 'cancelled') expect(task.invoices.map((i: { outcome: string }) => i.outcome)).toEqual(vendorOutcomes(task, g.sandbox))
  }
  expect(answers.filter((a) => a.status >= 500)).toEqual([])
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
    const ids: string[] = []
    for (let i = 0; i < RUNS; i++) {
      const id = await submit(one, freshInvoices(one.sandbox, taxNo, 1))
      ids.push(id)
      const [cancel] = await Promise.all([lever(i % 2 ? two : one, 'cancel', id), lever(one, 'refresh', id)])
      expect([200, 409]).toContain(cancel.statusCode)
    }
    await expectInvariants(one, ids)
    // Pulled the other way too, some must have been cancelled and some sent, or the race was not run.
    const statuses = new Set(await Promise.all(ids.map(async (id) => (await one.inject({ url: `/v1/recording-tasks/${id}` })).json().status)))
    expect(statuses.has('cancelled') || statuses.has('completed')).toBe(true)
  })
})
