// Two real gateway processes on one Postgres database, a rule every two seconds: each slot is run once, by whichever
// process claims it, and each candidate goes to piaozone once. (PGlite admits one process per database.)
import { afterAll, beforeAll, expect, it } from 'vitest'
import { chinaToday } from '../../src/recording/validate.ts'
import type { RunningSandbox } from '../../src/sandbox/start.ts'
import { startSandbox } from '../../src/sandbox/start.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { databaseForChild, kill, type ServerProcess, startServer } from '../helpers/child.ts'
import { freshInvoices } from '../helpers/gateway.ts'

let sandbox: RunningSandbox
let db: Awaited<ReturnType<typeof databaseForChild>>
const servers: ServerProcess[] = []
beforeAll(async () => {
  sandbox = await startSandbox()
  db = await databaseForChild('slots')
  for (let i = 0; i < 2; i++) servers.push(await startServer(sandbox, db.databaseUrl, { AUTO_ENTRY_TICK_MS: '100', LOG_LEVEL: 'warn' }))
})
afterAll(async () => {
  for (const s of servers) await kill(s)
  await db.cleanup()
  await sandbox.close()
})

it('runs each slot of a rule once across two processes, and sends each candidate once', { timeout: 60_000 }, async () => {
  const [a, b] = servers
  const call = (server: ServerProcess, method: string, path: string, body?: object) =>
    fetch(`${server.base}${path}`, { method, headers: { authorization: db.authorization, 'content-type': 'application/json' }, body: body && JSON.stringify(body) })
  const taxNo = SANDBOX_TAX_NOS.guide
  const invoices = freshInvoices(sandbox, taxNo, 6).map((i) => ({ invoiceNo: i.invoiceNo, invoiceType: '82', issueDate: `${chinaToday().slice(0, 6)}01`, source: 'every_2s' }))
  const rule = { enabled: true, priority: 1, match: { sources: ['every_2s'] }, action: { nextEntryMarkStatus: '02', recordedPeriod: 'run', recordedTime: 'run' }, schedule: '*/2 * * * * *' }
  expect((await call(a, 'PUT', '/v1/auto-entry/rules/every-2s', rule)).status).toBe(201)
  // Candidates arrive in three handovers, through both processes, while the slots come and go.
  for (const [i, server] of [a, b, a].entries()) {
    expect((await call(server, 'PUT', '/v1/auto-entry/candidates', { taxNo, invoices: invoices.slice(i * 2, i * 2 + 2) })).status).toBe(200)
    await new Promise((r) => setTimeout(r, 2100))
  }
  let runs: { slot: string; state: string; trigger: string; counts: { submitted?: number } }[] = []
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    runs = ((await (await call(b, 'GET', '/v1/auto-entry/runs?rule=every-2s&limit=100')).json()) as { items: typeof runs }).items
    const submitted = runs.reduce((n, r) => n + (r.counts.submitted ?? 0), 0)
    if (submitted === invoices.length && runs.every((r) => r.state !== 'running' && r.state !== 'waiting')) break
  }
  await call(a, 'PUT', '/v1/auto-entry/rules/every-2s', { ...rule, enabled: false })
  expect(runs.length).toBeGreaterThan(2)
  expect(new Set(runs.map((r) => r.slot)).size).toBe(runs.length)
  expect(runs.filter((r) => r.state === 'failed')).toEqual([])
  expect(runs.reduce((n, r) => n + (r.counts.submitted ?? 0), 0)).toBe(invoices.length)
  const sent = sandbox.state.requests.filter((r) => r.interfaceCode === 'invoiceRecorded').flatMap((r) => (r.data as { invoices: { invoiceNo: string }[] }).invoices.map((i) => i.invoiceNo))
  expect(sent.sort()).toEqual(invoices.map((i) => i.invoiceNo).sort())
  for (const s of servers) expect(s.output()).not.toMatch(/"level":50|auto-entry could not/)
})
