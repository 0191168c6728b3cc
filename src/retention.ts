// Retention: the vendor call log and the webhook outbox grow with polling and retries, not with the business, so
// their old rows are deleted (RETENTION_*). Tasks, their invoices and batches, the latest states and the audit trail
// are the ledger and are never touched here. One process at a time prunes for every process sharing the database:
// it holds the `retention` row of "JobLease" (renewed before each batch, as a worker renews its task leases), and
// every delete checks in its own statement that it still holds it, so a process that lost the lease deletes
// nothing. Rows go in batches of `batchSize`, each its own short statement, so no lock is held for long. The same job
// folds the month-end summary's appended counts ("InvoiceCount") together, so they stay a few rows per period.
import type { Sql } from './db/sql.ts'
import { sql } from './db/sql.ts'

export interface RetentionConfig {
  /** Vendor calls older than this many days are deleted; 0 keeps them all. */
  vendorCallsDays: number
  /** Delivered or failed webhook deliveries untouched for this many days are deleted (pending ones never); 0 keeps them all. */
  webhookDeliveriesDays: number
  /** A run every this long; the first one shortly after start (`firstRunMs`). */
  intervalMs: number
  /** Rows per delete statement. */
  batchSize?: number
  /** Delay of the first run after start. */
  firstRunMs?: number
}

export const RETENTION_LEASE = 'retention'
const DEFAULT_BATCH = 1000
const DEFAULT_FIRST_RUN_MS = 10_000

const S = {
  // Takes the lease when nobody holds it (or it ran out), or renews it for its holder; no row back: another holds it.
  claim: sql<Record<string, never>>(`
    INSERT INTO "JobLease" (name, owner, until) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
    ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
    WHERE "JobLease".until < now() OR "JobLease".owner = excluded.owner
    RETURNING owner`),
  release: sql<Record<string, never>>(`DELETE FROM "JobLease" WHERE name = $1 AND owner = $2`),
  vendorCalls: sql<{ n: number }>(`
    WITH doomed AS (
      SELECT id FROM "VendorCall" WHERE at < now() - $1 * interval '1 day'
        AND EXISTS (SELECT 1 FROM "JobLease" WHERE name = $3 AND owner = $4 AND until > now())
      ORDER BY at LIMIT $2 FOR UPDATE SKIP LOCKED),
    gone AS (DELETE FROM "VendorCall" v USING doomed d WHERE v.id = d.id RETURNING 1)
    SELECT count(*)::int AS n FROM gone`),
  // Pending deliveries are never deleted, however old: they are still owed to the ERP. A delivery is old when it
  // was created and last tried before the cutoff (a redelivery brings it back to pending and tries it anew).
  webhookDeliveries: sql<{ n: number }>(`
    WITH doomed AS (
      SELECT id FROM "WebhookDelivery"
      WHERE "createdAt" < now() - $1 * interval '1 day' AND state IN ('delivered', 'failed')
        AND coalesce("lastAttemptAt", "createdAt") < now() - $1 * interval '1 day'
        AND EXISTS (SELECT 1 FROM "JobLease" WHERE name = $3 AND owner = $4 AND until > now())
      ORDER BY "createdAt" LIMIT $2 FOR UPDATE SKIP LOCKED),
    gone AS (DELETE FROM "WebhookDelivery" w USING doomed d WHERE w.id = d.id AND w.state IN ('delivered', 'failed') RETURNING 1)
    SELECT count(*)::int AS n FROM gone`),
  // The month-end summary's counts ("InvoiceCount", one row appended per statement that writes latest states) folded
  // together, a batch of the rows there were when it began at a time: the same sums in fewer rows. One statement
  // per batch, so a reader sees the rows before or after it, never half of it.
  maxCountId: sql<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM "InvoiceCount"'),
  foldCounts: sql<{ gone: number; folded: number }>(`
    WITH batch AS (
      SELECT id FROM "InvoiceCount" WHERE id <= $1::bigint AND EXISTS (SELECT 1 FROM "JobLease" WHERE name = $3 AND owner = $4 AND until > now())
      ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED),
    gone AS (DELETE FROM "InvoiceCount" c USING batch b WHERE c.id = b.id RETURNING c.*),
    folded AS (
      INSERT INTO "InvoiceCount" ("clientId", "taxNo", "recordedMonth", "recordedPeriod", "nextEntryMarkStatus", outcome, "failReason", n)
      SELECT "clientId", "taxNo", "recordedMonth", "recordedPeriod", "nextEntryMarkStatus", outcome, "failReason", sum(n)
      FROM gone GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0
      RETURNING 1)
    SELECT (SELECT count(*) FROM gone)::int AS gone, (SELECT count(*) FROM folded)::int AS folded`),
}

export type RetentionTable = 'VendorCall' | 'WebhookDelivery'

/** What one run did (rows deleted per table; the summary's count rows folded away): null when another process held the lease. */
export type RetentionRun = (Record<RetentionTable, number> & { countsFolded: number }) | null

export class Retention {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<RetentionRun> | undefined
  private stopped = true
  /** Set by stop(): a run in progress ends before its next batch. */
  private closing = false
  private readonly leaseMs: number

  constructor(
    private readonly db: Sql,
    private readonly config: RetentionConfig,
    /** This process's name in the lease (the worker's owner id). */
    private readonly owner: string,
    private readonly log: { error(obj: object, msg: string): void; info(obj: object, msg: string): void },
    private readonly onPruned: (table: RetentionTable, rows: number) => void = () => {},
  ) {
    // Long enough for any one batch; renewed before each.
    this.leaseMs = 60_000
  }

  get enabled(): boolean {
    return this.config.vendorCallsDays > 0 || this.config.webhookDeliveriesDays > 0
  }

  /** Runs shortly after start and then every interval (with 0 days everywhere, only the summary's counts are folded). */
  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.closing = false
    this.schedule(this.config.firstRunMs ?? DEFAULT_FIRST_RUN_MS)
  }

  /** Stops scheduling; a run in progress stops before its next batch. */
  async stop(): Promise<void> {
    this.stopped = true
    this.closing = true
    clearTimeout(this.timer)
    await this.running
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(async () => {
      await this.runOnce().catch((err) => this.log.error({ err }, 'retention could not prune'))
      if (!this.stopped) this.schedule(this.config.intervalMs)
    }, ms)
    this.timer.unref()
  }

  /** One run now, unless one is going in this process (then its result) or another process holds the lease (null). */
  runOnce(): Promise<RetentionRun> {
    this.running ??= this.run().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  private async claim(): Promise<boolean> {
    return (await this.db.query(S.claim, [RETENTION_LEASE, this.owner, this.leaseMs])).length === 1
  }

  private async run(): Promise<RetentionRun> {
    if (!(await this.claim())) return null
    const pruned = { VendorCall: 0, WebhookDelivery: 0, countsFolded: 0 }
    try {
      const jobs: [RetentionTable, typeof S.vendorCalls, number][] = [
        ['VendorCall', S.vendorCalls, this.config.vendorCallsDays],
        ['WebhookDelivery', S.webhookDeliveries, this.config.webhookDeliveriesDays],
      ]
      for (const [table, statement, days] of jobs) {
        if (days <= 0) continue
        const batch = this.config.batchSize ?? DEFAULT_BATCH
        for (;;) {
          // Renew before each batch: the lease lasts while batches go on, and one lost to another process stops here.
          if (this.closing) break
          if (!(await this.claim())) return pruned
          const [{ n }] = await this.db.query(statement, [days, batch, RETENTION_LEASE, this.owner])
          if (n > 0) {
            pruned[table] += n
            this.onPruned(table, n)
          }
          if (n < batch) break
          // Let the requests and the worker's statements in between batches (PGlite has one connection).
          await new Promise((r) => setImmediate(r))
        }
      }
      const [{ id: upTo }] = await this.db.query(S.maxCountId)
      const batch = (this.config.batchSize ?? DEFAULT_BATCH) * 10
      for (;;) {
        if (this.closing || !(await this.claim())) break
        const [{ gone, folded }] = await this.db.query(S.foldCounts, [upTo, batch, RETENTION_LEASE, this.owner])
        pruned.countsFolded += gone - folded
        if (gone < batch) break
        await new Promise((r) => setImmediate(r))
      }
    } finally {
      await this.db.query(S.release, [RETENTION_LEASE, this.owner]).catch(() => {})
    }
    if (pruned.VendorCall || pruned.WebhookDelivery) this.log.info({ pruned }, 'retention pruned old rows')
    return pruned
  }
}
