// The whole HTTP application as one function of its dependencies. Only src/server.ts listens; tests and
// scripts call buildApp().
import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyRequest, type FastifyServerOptions } from 'fastify'
import { Type } from 'typebox'
import type { PrismaClient } from './generated/prisma/client.ts'
import { type AccountConfig, DEFAULT_ACCOUNT, PiaozoneAccounts } from './piaozone/accounts.ts'
import type { ClientOptions, PiaozoneConfig } from './piaozone/client.ts'
import { ClientService, REVOKED_CHANNEL } from './clients/service.ts'
import type { Database } from './db/open.ts'
import { sql, type Sql } from './db/sql.ts'
import { registerComponents } from './components.ts'
import { migrationNames } from './db/migrate.ts'
import { Metrics } from './metrics.ts'
import { authenticatedClient, registerAuth } from './plugins/auth.ts'
import { registerErrorHandler } from './plugins/errors.ts'
import { registerJsonBody } from './plugins/json-body.ts'
import { limitByClient, registerSecurity, type SecurityOptions } from './plugins/security.ts'
import { registerSwagger } from './plugins/swagger.ts'
import { registerValidation } from './plugins/validation.ts'
import { errorResponses } from './http/schemas.ts'
import { RecordingRepository } from './recording/repository.ts'
import { recordingRoutes } from './recording/routes.ts'
import { invoiceRoutes } from './invoices/routes.ts'
import { InvoiceService } from './invoices/service.ts'
import { InvoiceStore } from './invoices/store.ts'
import { demoInvoiceNo } from './sandbox/seed.ts'
import { RecordingService, type SerialWhenMissing } from './recording/service.ts'
import { TaxSessions } from './tax-numbers/sessions.ts'
import { FinishedTaskViews, TASK_CHANGED_CHANNEL } from './recording/view-cache.ts'
import { Worker, type WorkerConfig } from './recording/worker.ts'
import { taxNumberRoutes } from './tax-numbers/routes.ts'
import { TaxNumbers } from './tax-numbers/service.ts'
import { WebhookDeliveries } from './webhooks/deliveries.ts'
import { type WebhookConfig, WebhookDeliverer } from './webhooks/deliverer.ts'
import { WebhookEndpoints } from './webhooks/endpoints.ts'
import { webhookRoutes } from './webhooks/routes.ts'
import { autoEntryRoutes } from './auto-entry/routes.ts'
import { type AutoEntryConfig, AutoEntryRunner } from './auto-entry/runner.ts'
import { AutoEntryService } from './auto-entry/service.ts'
import { CandidateStore } from './auto-entry/store.ts'
import { Retention, type RetentionConfig } from './retention.ts'

export const VERSION = '0.1.0'

declare module 'fastify' {
  interface FastifyInstance {
    /** The worker (its loop runs only with startWorker; refresh uses it either way). */
    worker: Worker
    /** The auto-entry runner (its loop runs only with startWorker). */
    autoEntry: AutoEntryRunner
    /** The piaozone accounts, each serving its tax numbers. */
    vendor: PiaozoneAccounts
    clients: ClientService
    /** Webhook endpoints, for CLI commands carried out by this process. */
    webhooks: WebhookEndpoints
    /** Tax number checks, for `clients add --tax-no` carried out by this process. */
    taxNumbers: TaxNumbers
    metrics: Metrics
    /** Retention (src/retention.ts): runOnce() prunes now, as the timer does. */
    retention: Retention
  }
}

const APPLIED_MIGRATIONS = sql<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')

async function readiness(db: Sql, worker: Worker, workerExpected: boolean, piaozone?: () => ReadinessCheck) {
  let applied: string[] | undefined
  const database = await db.query(APPLIED_MIGRATIONS).then(
    (rows) => {
      applied = rows.map((r) => r.migration_name)
      return { ok: true, detail: 'reachable' }
    },
    (err: Error) => ({ ok: false, detail: `unreachable: ${err.name}` }),
  )
  let migrations = { ok: false, detail: 'not checked: database unreachable' }
  if (applied) {
    const missing = migrationNames().filter((n) => !applied?.includes(n))
    migrations = missing.length ? { ok: false, detail: `not applied: ${missing.join(', ')}` } : { ok: true, detail: `${applied.length} applied` }
  }
  const workerCheck = !workerExpected ? { ok: true, detail: 'disabled in this process (WORKER_ENABLED=false)' } : worker.isRunning ? { ok: true, detail: 'running' } : { ok: false, detail: 'not running' }
  return { database, migrations, worker: workerCheck, ...(piaozone ? { piaozone: piaozone() } : {}) }
}

type ReadinessCheck = { ok: boolean; detail: string }

export interface AppDeps {
  prisma: PrismaClient
  /** The hot path's prepared statements on the same database (Database.sql). */
  sql: Sql
  /** One account serving every tax number, or several each serving its own (PIAOZONE_ACCOUNTS_FILE). */
  piaozone: PiaozoneConfig | AccountConfig[]
  batchSize: number
  /** PIAOZONE_SERIAL_WHEN_MISSING; default omit. */
  serialWhenMissing?: SerialWhenMissing
  worker: WorkerConfig
  webhooks: WebhookConfig
  /** Run the worker loop and the webhook deliverer in this process (the refresh route works either way). */
  startWorker: boolean
  security: SecurityOptions
  /** Created here when absent; server.ts serves it on METRICS_PORT. */
  metrics?: Metrics
  /** TASK_VIEW_CACHE_MB in bytes: finished tasks' serialized views kept in memory; 0: none. */
  taskViewCacheBytes?: number
  /** Shown by /live and /ready. */
  commit?: string
  /** Postgres LISTEN (Database.listen): revoked keys stop at once in every process sharing the database. */
  listen?: Database['listen']
  /** Running on the built-in sandbox: /docs offers a fresh made-up invoice in its submit example. */
  sandboxExamples?: boolean
  /** The vendor client's clock and requestId randomness (tests pin them to force requestId collisions). */
  vendorClock?: Pick<ClientOptions, 'now' | 'random'>
  /** Automatic 入账: runs where the worker runs. */
  autoEntry?: AutoEntryConfig
  /** The piaozone credentials as last checked (src/server.ts), shown by /ready without deciding it. */
  piaozoneCheck?: () => ReadinessCheck
  /** Pruning of the vendor call log and the webhook outbox (RETENTION_*): runs where the worker runs. Absent: none. */
  retention?: RetentionConfig
}

export const AUTO_ENTRY_DEFAULTS: AutoEntryConfig = { tickMs: 1000, runLeaseMs: 60_000, periodFormat: 'yyyyMM' }

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/

export async function buildApp(deps: AppDeps, opts: FastifyServerOptions = {}) {
  const app = Fastify({
    bodyLimit: 1024 * 1024,
    // Take the caller's x-request-id when it is well-formed, so one id follows the request through the ERP,
    // our logs, the stored task and the vendor call log.
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    },
    ...opts,
  })
  // Once closing has begun, answer in-flight requests with Connection: close: server.close() only closes the
  // keep-alive connections idle at that moment, and would otherwise wait for the rest until their timeout.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  // Hooks on every request take a callback, not an async function: a promise per hook per request shows on /live.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id)
    // Words in answers follow Accept-Language (src/i18n): a cache in between must keep the languages apart.
    const vary = reply.getHeader('vary')
    reply.header('vary', vary ? `${vary}, Accept-Language` : 'Accept-Language')
    if (closing) reply.header('connection', 'close')
    done(null, payload)
  })

  const metrics = deps.metrics ?? new Metrics(deps.sql)
  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern, not the URL, so ids do not explode the label set.
    const route = request.routeOptions.url ?? 'unmatched'
    metrics.httpDuration.observe({ method: request.method, route, status_code: reply.statusCode }, reply.elapsedTime / 1000)
    done()
  })
  const repo = new RecordingRepository(deps)
  const accounts = Array.isArray(deps.piaozone) ? deps.piaozone : [{ ...deps.piaozone, name: DEFAULT_ACCOUNT }]
  const vendor = new PiaozoneAccounts(accounts, {
    ...deps.vendorClock,
    logger: app.log,
    onCall: (call) => {
      metrics.recordVendorCall(call)
      repo.recordCall({ ...call, taskId: call.context }).catch((err) => app.log.error({ err }, 'could not store the vendor call record'))
    },
  })
  const taxSessions = new TaxSessions(repo, vendor, deps.worker.taxSessionMaxAgeMs, app.log)
  const views = new FinishedTaskViews(deps.taskViewCacheBytes ?? 32 * 2 ** 20)
  const service = new RecordingService(repo, vendor, { batchSize: deps.batchSize, serialWhenMissing: deps.serialWhenMissing ?? 'omit' }, views)
  const invoices = new InvoiceService(new InvoiceStore(deps))
  const worker = new Worker(repo, vendor, taxSessions, deps.worker, app.log, (code) => metrics.retries.inc({ code }))
  worker.on('idle', () => metrics.workerIdlePasses.inc())
  const clients = new ClientService(deps, deps.security.authCacheMs ?? 0)
  const taxNumbers = new TaxNumbers(deps.sql, vendor, taxSessions)
  const deliverer = new WebhookDeliverer(deps.sql, deps.webhooks, app.log, (result) => metrics.webhookDeliveries.inc({ result }), `ruzhang-gateway/${VERSION}`)
  repo.onWebhookEvent = () => deliverer.wake()
  const candidates = new CandidateStore(deps.sql)
  const autoEntry = new AutoEntryService(deps.prisma, candidates, vendor)
  // A run submits as POST /v1/recording-tasks does: the same service, and the task handed to this process's worker.
  const submitForRun = async (body: Parameters<RecordingService['submit']>[0], who: Parameters<RecordingService['submit']>[1], idempotencyKey: string) => {
    const { task, handedOff } = await service.submit(body, who, { idempotencyKey, handoff: worker.handoffLease() })
    if (handedOff) worker.take(handedOff)
    else worker.wake()
    return task.id
  }
  const retention = new Retention(
    deps.sql,
    deps.retention ?? { vendorCallsDays: 0, webhookDeliveriesDays: 0, intervalMs: 3_600_000 },
    worker.owner,
    app.log,
    (table, rows) => metrics.retentionPruned.inc({ table }, rows),
  )
  const runner = new AutoEntryRunner(deps, autoEntry, candidates, submitForRun, deps.autoEntry ?? AUTO_ENTRY_DEFAULTS, app.log, () => deliverer.wake())

  app.decorateRequest('client', null)
  await registerSecurity(app, deps.security)
  await registerSwagger(app, VERSION, deps.sandboxExamples ? demoInvoiceNo : undefined)
  registerErrorHandler(app)
  registerComponents(app)
  registerValidation(app)
  registerJsonBody(app)

  const commit = deps.commit ?? 'unknown'
  app.get(
    '/live',
    {
      schema: {
        tags: ['health'],
        operationId: 'live',
        summary: 'The process is up (checks nothing else)',
        description: 'For a liveness probe: answers while the process serves HTTP, whatever the database or piaozone do. No API key.',
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), version: Type.String(), commit: Type.String() }, { description: 'The process is up', examples: [{ status: 'ok', version: VERSION, commit: 'a1b2c3d' }] }),
        },
      },
    },
    async () => ({ status: 'ok' as const, version: VERSION, commit }),
  )
  const Check = Type.Object({ ok: Type.Boolean(), detail: Type.String() })
  const Readiness = Type.Object({
    status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
    version: Type.String(),
    commit: Type.String(),
    // piaozone: each account's credentials, tried at start; shown, never failing readiness (the API still takes work).
    checks: Type.Object({ database: Check, migrations: Check, worker: Check, piaozone: Type.Optional(Check) }),
  })
  const readinessExample = {
    examples: [{ status: 'ready', version: VERSION, commit: 'a1b2c3d', checks: { database: { ok: true, detail: 'reachable' }, migrations: { ok: true, detail: '4 applied' }, worker: { ok: true, detail: 'running' }, piaozone: { ok: true, detail: 'default: app token and login accepted' } } }],
  }
  app.get(
    '/ready',
    {
      schema: {
        tags: ['health'],
        operationId: 'ready',
        summary: 'Ready to serve: database reachable, migrations applied, worker running',
        description: 'For a readiness probe or load balancer: 503 while a check fails (checks says which). The piaozone credentials, as tried at start, are shown and never fail it. No API key.',
        security: [],
        response: {
          200: Type.Object(Readiness.properties, { ...readinessExample, description: 'Every check passed' }),
          503: Type.Object(Readiness.properties, { ...readinessExample, description: 'A check failed; checks says which' }),
          // Every request but /live counts against its address's rate limit (src/plugins/security.ts).
          ...errorResponses(429),
        },
      },
    },
    async (_request, reply) => {
      const checks = await readiness(deps.sql, worker, deps.startWorker, deps.piaozoneCheck)
      const ok = checks.database.ok && checks.migrations.ok && checks.worker.ok
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not_ready', version: VERSION, commit, checks })
    },
  )
  const caller = (request: FastifyRequest) => {
    const c = authenticatedClient(request)
    return { clientId: c.clientId, apiKeyId: c.apiKeyId, requestId: request.id, taxNos: c.taxNos, anyTaxNo: c.anyTaxNo, businessSystemCode: c.businessSystemCode }
  }
  await app.register(async (v1) => {
    registerAuth(v1, clients)
    limitByClient(v1)
    await v1.register(recordingRoutes, { service, worker, views, caller })
    await v1.register(invoiceRoutes, { service: invoices, caller })
    await v1.register(taxNumberRoutes, { taxNumbers, worker, caller })
    await v1.register(webhookRoutes, { deliveries: new WebhookDeliveries(deps.sql), deliverer, clientId: (request) => caller(request).clientId })
    await v1.register(autoEntryRoutes, { service: autoEntry, runner, caller })
  })

  if (deps.listen) {
    const stopListening = await deps.listen(REVOKED_CHANNEL, (payload) => clients.forget(payload))
    const stopListeningTasks = await deps.listen(TASK_CHANGED_CHANNEL, (id) => views.forget(id))
    app.addHook('onClose', async () => {
      await stopListening()
      await stopListeningTasks()
    })
  }
  if (deps.startWorker) {
    app.addHook('onReady', async () => {
      worker.start()
      deliverer.start()
      runner.start()
      if (deps.retention) retention.start()
    })
  }
  app.addHook('onClose', async () => {
    // Runs first: a run still submitting hands its last tasks to the worker before the worker stops.
    await runner.stop()
    await Promise.all([worker.stop(), deliverer.stop(), retention.stop()])
  })
  app.decorate('worker', worker)
  app.decorate('autoEntry', runner)
  app.decorate('vendor', vendor)
  app.decorate('clients', clients)
  app.decorate('webhooks', new WebhookEndpoints(deps.prisma, deps.webhooks.allowPrivateTargets))
  app.decorate('taxNumbers', taxNumbers)
  app.decorate('metrics', metrics)
  app.decorate('retention', retention)
  return app
}
