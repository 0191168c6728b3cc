// Starts the gateway: configuration, database (migrated), the vendor (real piaozone or the built-in sandbox),
// the HTTP API and the worker; stops them in order on SIGINT/SIGTERM.
import pino from 'pino'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { openDatabase } from './db/open.ts'
import { clientConfigFor, startSandbox } from './sandbox/start.ts'

let config: ReturnType<typeof loadConfig>
try {
  config = loadConfig()
} catch (e) {
  if (!(e instanceof ConfigError)) throw e
  console.error(e.message)
  process.exit(1)
}
const log = pino({ level: config.logLevel })

const db = await openDatabase(config.databaseUrl, (m) => log.info(m))
log.info({ database: db.kind }, db.kind === 'pglite' ? `embedded PGlite database at ${config.databaseUrl}` : 'Postgres database')

const sandbox = config.piaozone ? undefined : await startSandbox({ taskDelayMs: 2000 })
if (sandbox) {
  log.warn(
    { sandbox: sandbox.baseUrl },
    '*** PIAOZONE_BASE_URL is not set: using the BUILT-IN PIAOZONE SANDBOX. Nothing reaches the tax bureau. Set PIAOZONE_BASE_URL and its credentials for real use. ***',
  )
}
const timeouts = { ...config.piaozoneTimeouts, tokenErrorCodes: config.tokenErrorCodes, taxLoginErrorCodes: config.taxLoginErrorCodes }
const piaozone = config.piaozone ? { ...config.piaozone, ...timeouts } : clientConfigFor(sandbox!, timeouts)

const app = await buildApp(
  { prisma: db.prisma, piaozone, batchSize: config.batchSize, worker: config.worker, startWorker: config.workerEnabled, security: config.security },
  { loggerInstance: log },
)
app.addHook('onClose', async () => {
  await sandbox?.close()
  await db.close()
})
await app.listen({ host: config.host, port: config.port })
const docsUrl = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}/docs`
log.info(`Swagger UI: ${docsUrl}`)
// Sandbox only: a first start gets a demo client so a newcomer can try the API at once. Its key goes to the
// terminal, never to the log stream; with real piaozone, clients are made only with `npm run cli`.
if (sandbox && (await app.clients.count()) === 0) {
  const { key: { key } } = await app.clients.addClient('demo')
  console.log(`\n  Demo client created (sandbox mode). Open ${docsUrl}, click "Authorize" and paste this API key:\n\n    ${key}\n\n  It is shown only now; \`npm run cli -- keys add demo\` makes another.\n`)
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    log.info({ signal }, 'shutting down')
    await app.close()
    process.exit(0)
  })
}
