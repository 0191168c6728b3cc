// A gateway for tests: a fresh database, the sandbox on loopback, the app built (not listening; tests use
// app.inject or supertest on app.server), and a fast worker.
import { randomUUID } from 'node:crypto'
import type { FastifyServerOptions, InjectOptions } from 'fastify'
import { type AppDeps, buildApp } from '../../src/app.ts'
import type { AutoEntryConfig } from '../../src/auto-entry/runner.ts'
import type { RetentionConfig } from '../../src/retention.ts'
import type { AccountConfig } from '../../src/piaozone/accounts.ts'
import type { WorkerConfig } from '../../src/recording/worker.ts'
import type { WebhookConfig } from '../../src/webhooks/deliverer.ts'
import type { SandboxOptions } from '../../src/sandbox/state.ts'
import { openDatabase } from '../../src/db/open.ts'
import { clientConfigFor, type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'
import { openTestDatabase } from './db.ts'
import { poll } from './poll.ts'

export const FAST_WORKER: WorkerConfig = {
  pollIntervalMs: 20,
  pollMaxIntervalMs: 100,
  retryBaseMs: 20,
  retryMaxMs: 200,
  taxLoginRetryMs: 50,
  leaseMs: 10_000,
  idleMs: 20,
  concurrency: 8,
  answers: { finalCodes: ['2002'], retryCodes: [], retryPattern: /繁忙|频繁|稍后|限流|处理中/ },
  submitMaxRefusals: 4,
  taskNotFoundGraceMs: 5000,
  taxSessionMaxAgeMs: 3_600_000,
  stallAfterMs: 86_400_000,
}

/**
 * Webhooks tried again within tens of milliseconds, so retry tests take little time. The outbox is looked at every
 * 200 ms when idle (an event of the same process wakes it at once): with PGlite one connection serves everything,
 * and a faster poll queues ahead of the worker's lease renewals. The test receivers listen on loopback, so private
 * targets are allowed (test/webhooks/targets.test.ts turns that off).
 */
export const FAST_WEBHOOKS: WebhookConfig = { timeoutMs: 1000, retryBaseMs: 20, retryMaxMs: 200, retryForMs: 60_000, concurrency: 8, idleMs: 200, allowPrivateTargets: true }

/** Automatic 入账 looks for due slots every 200 ms: a rule with a seconds-field schedule runs within a test, and on PGlite's one connection the look does not crowd out lease renewals. */
export const FAST_AUTO_ENTRY: AutoEntryConfig = { tickMs: 200, runLeaseMs: 10_000, periodFormat: 'yyyyMM' }

export const TEST_SECURITY = { rateLimitMax: 100_000, rateLimitIpMax: 100_000, rateLimitWindowMs: 60_000, corsOrigins: [] as string[], authCacheMs: 5000 }

export type Gateway = Awaited<ReturnType<typeof startGateway>>

export async function startGateway(
  options: {
    sandbox?: SandboxOptions
    batchSize?: number
    startWorker?: boolean
    worker?: Partial<WorkerConfig>
    webhooks?: Partial<WebhookConfig>
    security?: Partial<typeof TEST_SECURITY>
    db?: Awaited<ReturnType<typeof openTestDatabase>>
    sandboxRunning?: RunningSandbox
    logger?: FastifyServerOptions['logger'] | false
    /** Act as this API key's client instead of a new one (another instance of the same gateway). */
    apiKey?: string
    serialWhenMissing?: AppDeps['serialWhenMissing']
    vendorClock?: AppDeps['vendorClock']
    /** Several piaozone accounts instead of one on the sandbox. */
    accounts?: AccountConfig[]
    autoEntry?: Partial<AutoEntryConfig>
    /** Retention (src/retention.ts); absent: none runs. */
    retention?: RetentionConfig
  } = {},
) {
  const db = options.db ?? (await openTestDatabase())
  const sandbox = options.sandboxRunning ?? (await startSandbox(options.sandbox))
  const app = await buildApp(
    {
      prisma: db.prisma,
      sql: db.sql,
      listen: db.listen,
      // Long enough that a loaded machine does not turn a slow loopback answer into one of unknown fate (resent with
      // the same requestId, which the plain sandbox acts on again); timeouts are tested with faults, not with load.
      piaozone: options.accounts ?? clientConfigFor(sandbox, { responseTimeoutMs: 5000 }),
      batchSize: options.batchSize ?? 100,
      serialWhenMissing: options.serialWhenMissing,
      vendorClock: options.vendorClock,
      worker: { ...FAST_WORKER, ...options.worker },
      webhooks: { ...FAST_WEBHOOKS, ...options.webhooks },
      startWorker: options.startWorker ?? true,
      security: { ...TEST_SECURITY, ...options.security },
      autoEntry: { ...FAST_AUTO_ENTRY, ...options.autoEntry },
      retention: options.retention,
    },
    { logger: options.logger ?? false },
  )
  await app.ready()
  // Every gateway gets a client with access to every tax number; tests of limits make their own.
  const key = options.apiKey ?? (await app.clients.addClient(`test-${randomUUID().slice(0, 8)}`, 'any')).key.key
  const authorization = `Bearer ${key}`
  return {
    app,
    db,
    sandbox,
    authorization,
    apiKey: key,
    /** app.inject with this gateway's API key. */
    inject: (opts: InjectOptions & { headers?: Record<string, string> }) => app.inject({ ...opts, headers: { authorization, ...opts.headers } }),
    async close() {
      await app.close()
      if (!options.sandboxRunning) await sandbox.close()
      if (!options.db) await db.close()
    },
  }
}

/**
 * Another instance of the same gateway: the first one's database, sandbox and API key. On Postgres it has a
 * connection pool of its own, as a second process would (closed with it); PGlite is in-process, so they share it.
 */
export async function startOtherInstance(first: Gateway, options: Parameters<typeof startGateway>[0] = {}): Promise<Gateway> {
  const pool = first.db.kind === 'postgres' ? await openDatabase(first.db.url) : undefined
  const other = await startGateway({ ...options, apiKey: first.apiKey, sandboxRunning: first.sandbox, db: pool ? { ...pool, url: first.db.url } : first.db })
  return {
    ...other,
    async close() {
      await other.close()
      await pool?.close()
    },
  }
}

/** Polls GET /v1/recording-tasks/:id until the task reaches one of `statuses`. */
export function waitForStatus(gw: Pick<Gateway, 'inject'>, id: string, statuses: readonly string[], timeoutMs = 10_000) {
  return waitForTask(gw, id, (task) => statuses.includes(task.status), statuses.join('|'), timeoutMs)
}

/** Polls GET /v1/recording-tasks/:id until `done(task)` holds. */
export function waitForTask(gw: Pick<Gateway, 'inject'>, id: string, done: (task: any) => boolean, what: string, timeoutMs = 10_000): Promise<any> {
  return poll(async () => (await gw.inject({ method: 'GET', url: `/v1/recording-tasks/${id}` })).json(), done, { timeoutMs, what: `task ${id} reaching ${what}` })
}

/**
 * Each invoice's outcome as the vendor really reached it: `succeeded` when the sandbox's pool shows the invoice
 * at the task's target status, `failed` otherwise. A task the gateway reports honestly has exactly these.
 */
export function vendorOutcomes(task: { taxNo: string; nextEntryMarkStatus: string; invoices: { invoiceNo: string; invoiceCode: string }[] }, sandbox: RunningSandbox) {
  return task.invoices.map((i) => (sandbox.state.getInvoice(task.taxNo, i.invoiceNo, i.invoiceCode)?.entryMarkStatus === task.nextEntryMarkStatus ? 'succeeded' : 'failed'))
}

export const GUIDE_SUBMIT = {
  taxNo: '914403007451947782',
  nextEntryMarkStatus: '02',
  reference: 'AP-2025-0042',
  invoices: [{ serialNo: '3388296ca4d147f1b4ffe114412493a00', invoiceNo: '23442000000164214335', invoiceCode: '', recordedTime: '20251126', recordedPeriod: '20251126' }],
}

/** Adds `count` fresh 数电 invoices (status 01) for `taxNo` to the sandbox pool and returns them as submit lines. */
let invoiceCounter = 0
export function freshInvoices(sandbox: RunningSandbox, taxNo: string, count: number) {
  return Array.from({ length: count }, () => {
    const invoiceNo = `2599${String(++invoiceCounter).padStart(16, '0')}`
    sandbox.state.addInvoice({ taxNo, invoiceNo, invoiceCode: '', invoiceType: '27', invoiceDate: '20251101', entryMarkStatus: '01' })
    return { invoiceNo, invoiceCode: '', recordedTime: '20251126', recordedPeriod: '202511' }
  })
}
