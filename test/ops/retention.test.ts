// Retention (issue 23): old vendor calls and finished webhook deliveries are deleted in batches, recent ones and
// pending deliveries kept, the ledger (tasks, batches, invoices, latest states, the audit trail) never touched; one
// process at a time prunes, through the "JobLease" row. On PGlite by default, on Postgres with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Statement } from '../../src/db/sql.ts'
import { Retention, type RetentionConfig } from '../../src/retention.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, startGateway, startOtherInstance, waitForStatus } from '../helpers/gateway.ts'

// The timer's first run is an hour away: these tests call runOnce() themselves, but the one about the timer.
const RETENTION: RetentionConfig = { vendorCallsDays: 90, webhookDeliveriesDays: 30, intervalMs: 3_600_000, batchSize: 7, firstRunMs: 3_600_000 }
const LEDGER = ['RecordingTask', 'VendorBatch', 'TaskInvoice', 'InvoiceState', 'EntryStatusChange', 'TaxSession']

let gw: Gateway
let clientId: string

/** A statement written here, planned each time, its rows `Row`s. */
const q = <Row = Record<string, unknown>>(text: string, values: unknown[] = []) => {
  const statement: Statement<Row> = { text }
  return gw.db.sql.query(statement, values)
}
const count = async (table: string, where = 'true') => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE ${where}`))[0].n
/** Every row of a table, as text, hashed: the ledger must be the same byte for byte after pruning. */
const fingerprint = async (table: string) => (await q<{ h: string | null; n: number }>(`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h, count(*)::int AS n FROM "${table}" t`))[0]

async function oldVendorCalls(n: number, daysAgo: number) {
  await q(
    `INSERT INTO "VendorCall" ("interfaceCode", "requestId", "durationMs", "resultCode", at)
     SELECT 'invoiceRecordedQuery', 'old' || g, 3, '0000', now() - $2 * interval '1 day' FROM generate_series(1, $1::int) g`,
    [n, daysAgo],
  )
}

async function deliveries(n: number, state: 'pending' | 'delivered' | 'failed', createdDaysAgo: number, triedDaysAgo: number | null, tag: string) {
  await q(
    // A pending one waits for its next try a day from now (this process's deliverer leaves it alone meanwhile).
    `INSERT INTO "WebhookDelivery" (id, "clientId", type, payload, state, attempts, "createdAt", "retryFrom", "lastAttemptAt", "deliveredAt", "nextAttemptAt")
     SELECT 'msg_' || $5 || g, $6, 'recording_task.finished', '{}', $1::"WebhookDeliveryState", 1, now() - $2 * interval '1 day', now() - $2 * interval '1 day',
            now() - $3 * interval '1 day', CASE WHEN $1 = 'delivered' THEN now() - $3 * interval '1 day' END, now() + interval '1 day'
     FROM generate_series(1, $4::int) g`,
    [state, createdDaysAgo, triedDaysAgo, n, tag, clientId],
  )
}

beforeAll(async () => {
  gw = await startGateway({ retention: RETENTION })
  clientId = (await q<{ id: string }>('SELECT id::text AS id FROM "Client" LIMIT 1'))[0].id
})
afterAll(async () => {
  await gw?.close()
})

describe('retention', () => {
  it('prunes old vendor calls and old delivered or failed deliveries, keeps recent ones and pending ones, never the ledger', async () => {
    // A real task through the sandbox: the ledger's rows, and recent vendor calls.
    const res = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: freshInvoices(gw.sandbox, SANDBOX_TAX_NOS.guide, 3) } })
    await waitForStatus(gw, res.json().id, ['completed'])
    // The ledger made old: age is no reason to delete any of it.
    await q(`UPDATE "RecordingTask" SET "createdAt" = now() - interval '400 days', "finishedAt" = now() - interval '400 days', "updatedAt" = now() - interval '400 days'`)
    await q(`UPDATE "TaskInvoice" SET "updatedAt" = now() - interval '400 days'`)
    await q(`UPDATE "InvoiceState" SET "submittedAt" = now() - interval '400 days', "updatedAt" = now() - interval '400 days'`)
    const ledger = Object.fromEntries(await Promise.all(LEDGER.map(async (t) => [t, await fingerprint(t)] as const)))
    expect(ledger.TaskInvoice.n).toBe(3)
    expect(ledger.EntryStatusChange.n).toBe(3)

    const recentCalls = await count('VendorCall')
    expect(recentCalls).toBeGreaterThan(0)
    await oldVendorCalls(20, 100) // pruned
    await oldVendorCalls(5, 80) // kept: within 90 days
    await deliveries(10, 'delivered', 40, 40, 'olddelivered') // pruned
    await deliveries(3, 'failed', 40, 35, 'oldfailed') // pruned
    await deliveries(4, 'pending', 400, 399, 'oldpending') // kept: still owed to the ERP
    await deliveries(2, 'delivered', 10, 10, 'recent') // kept
    await deliveries(1, 'delivered', 40, 1, 'redelivered') // kept: an old event delivered again yesterday

    const summary = async () => (await gw.inject({ method: 'GET', url: `/v1/reports/entry-summary?taxNo=${SANDBOX_TAX_NOS.guide}&recordedPeriod=202511` })).json()
    const summaryBefore = await summary()
    expect(summaryBefore.byTarget).toEqual([{ nextEntryMarkStatus: '02', pending: 0, succeeded: 3, failed: 0 }])
    const countRows = await count('InvoiceCount')

    const run = await gw.app.retention.runOnce()
    expect(run).toMatchObject({ VendorCall: 20, WebhookDelivery: 13 })
    // The summary's appended counts folded together (the submit's +3 pending, the outcomes' −3 pending +3 succeeded): same sums.
    expect(run?.countsFolded).toBe(countRows - (await count('InvoiceCount')))
    expect(await count('InvoiceCount')).toBe(1)
    expect(await summary()).toEqual(summaryBefore)

    expect(await count('VendorCall')).toBe(recentCalls + 5)
    expect(await count('VendorCall', `at < now() - interval '90 days'`)).toBe(0)
    expect(await count('WebhookDelivery', `id LIKE 'msg_oldpending%'`)).toBe(4)
    expect(await count('WebhookDelivery', `id LIKE 'msg_recent%' OR id LIKE 'msg_redelivered%'`)).toBe(3)
    expect(await count('WebhookDelivery', `id LIKE 'msg_old%' AND state <> 'pending'`)).toBe(0)
    for (const t of LEDGER) expect(await fingerprint(t), t).toEqual(ledger[t])
    const metric = await gw.app.metrics.registry.getSingleMetricAsString('gateway_retention_pruned_total')
    expect(metric).toMatch(/gateway_retention_pruned_total\{table="VendorCall"\} 20/)
    expect(metric).toMatch(/gateway_retention_pruned_total\{table="WebhookDelivery"\} 13/)

    // Nothing more to do.
    expect(await gw.app.retention.runOnce()).toMatchObject({ VendorCall: 0, WebhookDelivery: 0 })
  })

  it('keeps everything at 0 days', async () => {
    await oldVendorCalls(3, 1000)
    await deliveries(2, 'delivered', 1000, 1000, 'keepall')
    const keepAll = new Retention(gw.db.sql, { ...RETENTION, vendorCallsDays: 0, webhookDeliveriesDays: 0 }, 'keep-all', console)
    expect(keepAll.enabled).toBe(false)
    expect(await keepAll.runOnce()).toMatchObject({ VendorCall: 0, WebhookDelivery: 0 })
    expect(await count('VendorCall', `at < now() - interval '999 days'`)).toBe(3)
    expect(await count('WebhookDelivery', `id LIKE 'msg_keepall%'`)).toBe(2)
    await gw.app.retention.runOnce() // leave the table as the next tests expect it
  })

  it('prunes nothing while another process holds the lease, and takes over once the lease runs out', async () => {
    await oldVendorCalls(10, 100)
    await q(`INSERT INTO "JobLease" (name, owner, until) VALUES ('retention', 'another-process', now() + interval '1 minute')
             ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until`)
    expect(await gw.app.retention.runOnce()).toBeNull()
    expect(await count('VendorCall', `at < now() - interval '90 days'`)).toBe(10)
    // That process died: its lease runs out.
    await q(`UPDATE "JobLease" SET until = now() - interval '1 second' WHERE name = 'retention'`)
    expect(await gw.app.retention.runOnce()).toMatchObject({ VendorCall: 10, WebhookDelivery: 0 })
  })

  it('two instances on one database never prune at once', async () => {
    const other = await startOtherInstance(gw, { retention: RETENTION })
    try {
      await oldVendorCalls(3000, 100)
      // The first instance prunes 3,000 rows, 7 at a time; once it has begun, the second is refused the lease.
      const first = gw.app.retention.runOnce()
      while ((await count('VendorCall', `at < now() - interval '90 days'`)) === 3000) await new Promise((r) => setTimeout(r, 5))
      expect(await other.app.retention.runOnce()).toBeNull()
      expect(await first).toMatchObject({ VendorCall: 3000, WebhookDelivery: 0 })
      // Once it is done, the lease is free: the other runs (and finds nothing left).
      expect(await other.app.retention.runOnce()).toMatchObject({ VendorCall: 0, WebhookDelivery: 0 })
      // Both at once, many times: every row is deleted exactly once, by whichever holds the lease.
      await oldVendorCalls(500, 100)
      const runs = await Promise.all([gw.app.retention.runOnce(), other.app.retention.runOnce()])
      expect(runs.reduce((sum, r) => sum + (r?.VendorCall ?? 0), 0)).toBe(500)
      expect(runs.filter((r) => r && r.VendorCall > 0)).toHaveLength(1)
    } finally {
      await other.close()
    }
  })

  it('runs shortly after start and then every RETENTION_INTERVAL_MS', async () => {
    const timed = await startOtherInstance(gw, { retention: { ...RETENTION, firstRunMs: 50, intervalMs: 300 } })
    try {
      await oldVendorCalls(30, 100)
      const gone = async () => {
        const deadline = Date.now() + 10_000
        while ((await count('VendorCall', `at < now() - interval '90 days'`)) > 0) {
          if (Date.now() > deadline) throw new Error('old vendor calls were not pruned')
          await new Promise((r) => setTimeout(r, 20))
        }
      }
      await gone()
      await oldVendorCalls(30, 100) // the next run, an interval later
      await gone()
    } finally {
      await timed.close()
    }
  })
})
