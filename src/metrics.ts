// Prometheus metrics: HTTP request durations by route, and the domain (unfinished tasks by status, the oldest unfinished
// task's age, vendor calls by interface and result, retries, token refreshes). Served on METRICS_PORT by
// src/server.ts, apart from the API, so they are never exposed to the ERPs' network by accident.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import { type Sql, type Statement, sql } from './db/sql.ts'
import type { CallRecord } from './piaozone/types.ts'
import { UNFINISHED, UNFINISHED_SQL } from './recording/statuses.ts'

/** A row of a count gauge's statement: a value of its label and how many have it. */
type CountRow = { key: string; n: number }
/** A row of an age gauge's statement: the oldest row it finds, if any. */
type OldestRow = { createdAt: Date }

// Unfinished tasks only: a scrape costs the same on day 365 as on day 1 (the (status, nextAttemptAt) index finds
// them; finished tasks, which only grow, are never counted).
const UNFINISHED_BY_STATUS = sql<CountRow>(
  `SELECT status::text AS key, count(*)::int AS n FROM "RecordingTask" WHERE status IN (${UNFINISHED_SQL}) GROUP BY status`,
)
const TAX_NUMBERS_BY_STATE = sql<CountRow>('SELECT state::text AS key, count(*)::int AS n FROM "TaxSession" GROUP BY state')
const OLDEST_UNDELIVERED = sql<OldestRow>(`SELECT "createdAt" FROM "WebhookDelivery" WHERE state = 'pending' ORDER BY "createdAt" LIMIT 1`)
const OLDEST_UNFINISHED = sql<OldestRow>(
  `SELECT "createdAt" FROM "RecordingTask" WHERE status IN (${UNFINISHED_SQL}) ORDER BY "createdAt" LIMIT 1`,
)

export class Metrics {
  readonly registry = new Registry()
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request durations by method, route and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  })
  readonly vendorCalls = new Counter({
    name: 'piaozone_calls_total',
    help: 'Calls to piaozone by account, interface and result code (0000/0 success, the vendor code, or our UPSTREAM_* code)',
    labelNames: ['account', 'interface', 'result'],
    registers: [this.registry],
  })
  readonly vendorDuration = new Histogram({
    name: 'piaozone_call_duration_seconds',
    help: 'Durations of calls to piaozone by account and interface',
    labelNames: ['account', 'interface'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  })
  readonly retries = new Counter({
    name: 'gateway_worker_retries_total',
    help: 'Task steps rescheduled because of transient vendor trouble, by error code',
    labelNames: ['code'],
    registers: [this.registry],
  })
  readonly workerIdlePasses = new Counter({
    name: 'gateway_worker_idle_passes_total',
    help: 'Worker looks for due tasks that found none while no task step ran; one every WORKER_IDLE_MS while there is nothing to do',
    registers: [this.registry],
  })
  readonly webhookDeliveries = new Counter({
    name: 'gateway_webhook_deliveries_total',
    help: 'Webhook tries by result: delivered (2xx), retry (failed, tried again later), failed (given up)',
    labelNames: ['result'],
    registers: [this.registry],
  })
  readonly retentionPruned = new Counter({
    name: 'gateway_retention_pruned_total',
    help: 'Rows deleted by retention (RETENTION_*), by table: VendorCall, WebhookDelivery',
    labelNames: ['table'],
    registers: [this.registry],
  })
  readonly tokenRefreshes = new Counter({ name: 'piaozone_token_refreshes_total', help: 'Access tokens obtained from login.do, by account', labelNames: ['account'], registers: [this.registry] })
  readonly credentialChecks = new Counter({
    name: 'piaozone_credential_checks_total',
    help: 'Each account\'s app token and login tried at start, by result: accepted, refused (the log says what to fix), error (piaozone not reached)',
    labelNames: ['account', 'result'],
    registers: [this.registry],
  })

  constructor(db: Sql) {
    collectDefaultMetrics({ register: this.registry })
    const registers = [this.registry]
    /** A gauge read from the database at each scrape: a count per value of `label`. */
    const countsBy = (name: string, help: string, label: string, statement: Statement<CountRow>, always: readonly string[] = []) =>
      new Gauge({
        name,
        help,
        labelNames: [label],
        registers,
        async collect() {
          const rows = await db.query(statement)
          this.reset()
          for (const key of always) this.set({ [label]: key }, 0)
          for (const r of rows) this.set({ [label]: r.key }, r.n)
        },
      })
    /** A gauge read from the database at each scrape: the age in seconds of the oldest row `statement` finds, 0 when none. */
    const oldestAge = (name: string, help: string, statement: Statement<OldestRow>) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const [oldest] = await db.query(statement)
          this.set(oldest ? (Date.now() - oldest.createdAt.getTime()) / 1000 : 0)
        },
      })
    countsBy('gateway_tasks', 'Unfinished recording tasks by status (accepted, submitted, waiting_tax_login, stalled); finished ones are not counted', 'status', UNFINISHED_BY_STATUS, UNFINISHED)
    oldestAge('gateway_oldest_unfinished_task_age_seconds', 'Age of the oldest task not yet finished (0 when there is none)', OLDEST_UNFINISHED)
    countsBy(
      'gateway_tax_numbers',
      'Tax numbers the gateway has checked or used, by the state of their tax-bureau session (ok, needs_login, interactive)',
      'state',
      TAX_NUMBERS_BY_STATE,
    )
    oldestAge(
      'gateway_webhook_oldest_undelivered_age_seconds',
      'Age of the oldest webhook event not yet delivered nor given up (0 when there is none)',
      OLDEST_UNDELIVERED,
    )
  }

  recordVendorCall(call: CallRecord): void {
    const account = call.account ?? ''
    this.vendorCalls.inc({ account, interface: call.interfaceCode, result: call.resultCode })
    this.vendorDuration.observe({ account, interface: call.interfaceCode }, call.durationMs / 1000)
    if (call.interfaceCode === 'login.do' && call.resultCode === '0') this.tokenRefreshes.inc({ account })
  }
}
