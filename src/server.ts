// Starts the gateway: configuration, the vendor (real piaozone or the built-in sandbox), the HTTP API.
import pino from 'pino'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { startSandbox } from './sandbox/start.ts'

let config: ReturnType<typeof loadConfig>
try {
  config = loadConfig()
} catch (e) {
  if (!(e instanceof ConfigError)) throw e
  console.error(e.message)
  process.exit(1)
}
const log = pino({ level: config.logLevel })

const sandbox = config.piaozone ? undefined : await startSandbox({ taskDelayMs: 2000 })
if (sandbox) {
  log.warn(
    { sandbox: sandbox.baseUrl },
    '*** PIAOZONE_BASE_URL is not set: using the BUILT-IN PIAOZONE SANDBOX. Nothing reaches the tax bureau. Set PIAOZONE_BASE_URL and its credentials for real use. ***',
  )
}

const app = await buildApp({}, { loggerInstance: log })
await app.listen({ host: config.host, port: config.port })

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close()
    await sandbox?.close()
    process.exit(0)
  })
}
