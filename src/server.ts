// Starts the gateway: configuration, database (migrated), the vendor (real piaozone or the built-in sandbox),
// the HTTP API, the worker and the metrics listener; on SIGTERM/SIGINT stops taking requests, lets those in
// flight finish, lets the worker release its claims, and closes the database.
import { execFileSync } from 'node:child_process'
import http from 'node:http'
import path from 'node:path'
import closeWithGrace from 'close-with-grace'
import { type FastifyHttpOptions, type FastifyReply, type FastifyRequest, LogController } from 'fastify'
import pino from 'pino'
import { buildApp } from './app.ts'
import { cliInProcess, describeDatabase } from './cli.ts'
import { serveAdminSocket } from './clients/admin-socket.ts'
import { DEMO_CLIENT } from './clients/service.ts'
import { ConfigError, loadConfig, readDotEnv } from './config.ts'
import { isDatabaseUnavailable } from './db/errors.ts'
import { DatabaseInUseError } from './db/lock.ts'
import { DataDirPermissionError, openDatabase } from './db/open.ts'
import { isErrnoException } from './guards.ts'
import { Metrics } from './metrics.ts'
import { demoInvoiceNo, SANDBOX_TAX_NOS } from './sandbox/seed.ts'
import { clientConfigFor, startSandbox } from './sandbox/start.ts'

// What this process creates is its owner's alone, as under Postgres's postmaster: the embedded database's lock, the
// files Postgres writes and the admin socket are private from the moment they exist. (PGlite sets its initial files
// 0666 explicitly; openDatabase takes those bits off.)
process.umask(0o077)

let config: ReturnType<typeof loadConfig>
let dotEnv: string | undefined
try {
  dotEnv = readDotEnv()
  config = loadConfig()
} catch (e) {
  if (!(e instanceof ConfigError)) throw e
  console.error(e.message)
  process.exit(1)
}
// JSON lines for machines; for a person at a terminal, one readable line per entry (a request's fields are in its
// message, see OneEntryPerRequest below, so they are left out of the line's trailing JSON).
const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY)
const prettyOptions = { translateTime: 'SYS:HH:MM:ss.l', singleLine: true, ignore: 'pid,hostname,method,url,statusCode,responseTime' }
const log = pino({ level: config.logLevel, ...(pretty ? { transport: { target: 'pino-pretty', options: prettyOptions } } : {}) })
if (dotEnv) log.info(`settings: the environment, then ${path.resolve(dotEnv)} for what it does not set`)

function currentCommit(): string {
  if (process.env.GIT_COMMIT) return process.env.GIT_COMMIT
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return 'unknown'
  }
}

/** A start that cannot go on: one line saying what to do, no stack trace. */
function cannotStart(message: string): never {
  log.fatal(message)
  console.error(`cannot start: ${message}`)
  process.exit(1)
}

/** Opens the database; one that cannot be reached yet (it is starting too) is tried again for DATABASE_CONNECT_TIMEOUT_MS. */
async function openWithRetry(): Promise<Awaited<ReturnType<typeof openDatabase>>> {
  const where = describeDatabase(config.databaseUrl).en
  const deadline = Date.now() + config.databaseConnectTimeoutMs
  for (;;) {
    try {
      return await openDatabase(config.databaseUrl, (m) => log.info(m), config.databasePoolSize)
    } catch (err) {
      if (err instanceof DataDirPermissionError) cannotStart(err.message)
      if (err instanceof DatabaseInUseError) cannotStart(`${err.message}; stop that process first (two processes must never open one embedded database), or set DATABASE_URL to another`)
      const reason = err instanceof Error ? `${isErrnoException(err) ? err.code : err.name}: ${err.message.split('\n')[0]}` : String(err)
      if (!isDatabaseUnavailable(err) || Date.now() >= deadline) cannotStart(`the database at ${where} could not be opened (${reason}); check DATABASE_URL`)
      log.warn(`the database at ${where} cannot be reached (${reason}); trying again for another ${Math.ceil((deadline - Date.now()) / 1000)} s`)
      await new Promise((r) => setTimeout(r, 1000))
    }
  }
}
const db = await openWithRetry()
log.info({ database: db.kind }, `database: ${describeDatabase(config.databaseUrl).en}`)

// The embedded sandbox takes any invoice it does not know as received and 未入账, so made-up numbers work.
const sandbox = config.piaozoneAccounts ? undefined : await startSandbox({ taskDelayMs: 2000, acceptUnknownInvoices: true })
if (sandbox) {
  log.warn(
    { sandbox: sandbox.baseUrl },
    '*** PIAOZONE_BASE_URL is not set: using the BUILT-IN PIAOZONE SANDBOX. Nothing reaches the tax bureau. Set PIAOZONE_BASE_URL and its credentials for real use. ***',
  )
}
/**
 * One entry per request, written when it is answered. Fastify writes two ("incoming request", "request completed"),
 * and a third for a 404, each a many-line object on a terminal: 100 requests made about 1,900 lines.
 */
class OneEntryPerRequest extends LogController {
  incomingRequest() {}
  routeNotFound() {}
  requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const ms = Math.round(reply.elapsedTime * 10) / 10
    const fields = { method: request.method, url: request.url, statusCode: reply.statusCode, responseTime: ms }
    const line = `${request.method} ${request.url} ${reply.statusCode} ${ms} ms`
    if (error) reply.log.error({ ...fields, err: error }, line)
    else reply.log.info(fields, line)
  }
}

const piaozone = config.piaozoneAccounts?.map((a) => ({ ...a, ...config.piaozoneClient })) ?? clientConfigFor(sandbox!, config.piaozoneClient)
for (const a of config.piaozoneAccounts ?? []) {
  log.info({ account: a.name }, `piaozone account ${a.name}: ${new URL(a.baseUrl).origin} (data codec ${a.dataCodec}) for ${a.taxNos ? `${a.taxNos.length} tax number(s)` : 'every tax number'}`)
}
const metrics = new Metrics(db.sql)
// Each account's credentials are tried once the listener is open (checkPiaozoneCredentials below); until then, and
// whatever the answer, /ready shows this without failing on it: tasks are still accepted and wait for the fix.
let piaozoneCheck = { ok: true, detail: "checking each piaozone account's app token and login" }

const listener: FastifyHttpOptions<http.Server> = {
  loggerInstance: log,
  logController: new OneEntryPerRequest(),
  forceCloseConnections: 'idle',
  requestTimeout: config.http.requestTimeoutMs,
  connectionTimeout: config.http.connectionTimeoutMs,
  keepAliveTimeout: config.http.keepAliveTimeoutMs,
  // Node looks for requests past their timeout every 30 s by default, which would let a trickled body hold a
  // connection up to 30 s longer than HTTP_REQUEST_TIMEOUT_MS; once a second is cheap. And when headersTimeout
  // (default 60 s) is the larger, Node swaps the two: the body would get 60 s. So the headers get the same bound.
  http: { connectionsCheckingInterval: 1000, headersTimeout: config.http.requestTimeoutMs, requestTimeout: config.http.requestTimeoutMs },
  trustProxy: config.http.trustProxy.length ? config.http.trustProxy : false,
}
const app = await buildApp(
  {
    prisma: db.prisma,
    sql: db.sql,
    listen: db.listen,
    piaozone,
    batchSize: config.batchSize,
    serialWhenMissing: config.serialWhenMissing,
    sandboxExamples: Boolean(sandbox),
    taskViewCacheBytes: config.taskViewCacheBytes,
    worker: config.worker,
    webhooks: config.webhooks,
    autoEntry: config.autoEntry,
    retention: config.retention,
    startWorker: config.workerEnabled,
    security: config.security,
    metrics,
    commit: currentCommit(),
    piaozoneCheck: () => piaozoneCheck,
  },
  listener,
)
// Clients made for the sandbox (the demo client) must never reach the real tax bureau: revoked before the first request.
if (!sandbox) {
  const revoked = await app.clients.revokeSandboxClients()
  if (revoked.length) log.warn({ clients: revoked }, `revoked ${revoked.length} client(s) made for the built-in sandbox (${revoked.join(', ')}): they do not work against real piaozone`)
}
let metricsServer: http.Server | undefined
let closeAdminSocket: (() => Promise<void>) | undefined
let startup: Promise<void> = Promise.resolve()
// Installed before the listener opens, so a SIGTERM at any moment after that (an orchestrator may send one at
// once) is a graceful stop, not a kill by the default handler.
closeWithGrace({ delay: config.shutdownGraceMs }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'fatal error; shutting down')
  else log.info({ signal }, 'shutting down: no new requests; finishing those in flight and the worker\'s current step')
  await startup.catch(() => {}) // the start's last steps (admin socket, metrics listener, demo client) finish first
  await app.close() // stops the listener, waits for in-flight requests, stops the worker (it releases its claims)
  await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined)))
  await closeAdminSocket?.()
  await sandbox?.close()
  await db.close()
  log.info('stopped')
})
await app.listen({ host: config.host, port: config.port }).catch((err: NodeJS.ErrnoException) => {
  if (err.code === 'EADDRINUSE') cannotStart(`port ${config.port} on ${config.host} is in use; stop what runs there, or set PORT`)
  throw err
})
// In the background: a vendor that is slow to answer must not hold the start, nor /ready.
void checkPiaozoneCredentials().catch((err) => log.error({ err }, 'the piaozone credential check failed'))
startup = (async () => {
  // The embedded database allows one process, so the CLI's commands come through this one while it runs.
  if (db.dataDir) closeAdminSocket = await serveAdminSocket(db.dataDir, (args, lang) => cliInProcess({ clients: app.clients, webhooks: app.webhooks, taxNumbers: app.taxNumbers, sandbox: Boolean(sandbox) }, args, lang))
  if (config.metrics.port !== 0) {
    const server = http.createServer(async (req, res) => {
      if (req.url !== '/metrics') return res.writeHead(404).end()
      try {
        const body = await metrics.registry.metrics()
        res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body)
      } catch (err) {
        log.error({ err }, 'metrics collection failed')
        res.writeHead(500).end()
      }
    })
    metricsServer = server
    await new Promise<void>((resolve) => server.listen(config.metrics.port, config.metrics.host, resolve))
    log.info(`metrics: http://${config.metrics.host}:${config.metrics.port}/metrics`)
  }

  const docsUrl = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}/docs`
  log.info(`Swagger UI: ${docsUrl}`)
  // Sandbox only: a first start gets a demo client so a newcomer can try the API at once. Its key goes to the
  // terminal, never to the log stream; with real piaozone, clients are made only with `npm run cli`.
  if (sandbox && (await app.clients.count()) === 0) {
    const { key: { key } } = await app.clients.addClient(DEMO_CLIENT, 'any', undefined, true)
    console.log(`\n  Demo client created (sandbox mode). Open ${docsUrl}, click "Authorize" and paste this API key:\n\n    ${key}\n\n  It is shown only now; \`npm run cli -- keys add demo\` makes another.\n`)
  }
  if (sandbox) {
    const fresh = Array.from({ length: 3 }, demoInvoiceNo).join(', ')
    console.log(`  Sandbox: any 20-digit invoice number you make up is in its pool, e.g. ${fresh} (tax number ${SANDBOX_TAX_NOS.guide}).\n`)
  }
})()
await startup

/** A refusal is logged at error with the vendor's words and what to change, and shown on /ready; all are counted. */
async function checkPiaozoneCredentials(): Promise<void> {
  const results = await app.vendor.checkCredentials()
  for (const r of results) {
    metrics.credentialChecks.inc({ account: r.account, result: r.result })
    const fields = { account: r.account, vendorCode: r.vendorCode, vendorMessage: r.vendorMessage }
    const line = `piaozone account ${r.account}: ${r.detail}`
    if (r.result === 'refused') log.error(fields, `${line}. Tasks are still accepted; they wait, tried again with backoff, until the credentials work`)
    else if (r.result === 'error') log.warn(fields, line)
    else log.info(fields, line)
  }
  piaozoneCheck = { ok: results.every((r) => r.result === 'accepted'), detail: results.map((r) => `${r.account}: ${r.detail}`).join('; ') }
}
