// `npm run sandbox`: the piaozone sandbox on its own port, with the settings a gateway needs to use it.
import { startSandbox } from './start.ts'

const port = Number(process.env.SANDBOX_PORT ?? 3100)
const sandbox = await startSandbox(
  {
    dataCodec: process.env.SANDBOX_DATA_CODEC === 'aes' ? 'aes' : 'base64',
    taskDelayMs: Number(process.env.SANDBOX_TASK_DELAY_MS ?? 2000),
    taskPolls: Number(process.env.SANDBOX_TASK_POLLS ?? 1),
    latencyMs: Number(process.env.SANDBOX_LATENCY_MS ?? 0),
    maxBatchSize: Number(process.env.SANDBOX_MAX_BATCH_SIZE ?? 100),
    acceptUnknownInvoices: process.env.SANDBOX_ACCEPT_UNKNOWN_INVOICES === 'true',
  },
  port,
)
const c = sandbox.state.credentials
console.log(`piaozone sandbox listening on ${sandbox.baseUrl} (task delay ${sandbox.state.taskDelayMs} ms, latency ${sandbox.state.latencyMs} ms)
Point a gateway at it with:
  PIAOZONE_BASE_URL=${sandbox.baseUrl}
  PIAOZONE_APP_ID=${c.appId}
  PIAOZONE_APP_SECRET=${c.appSecret}
  PIAOZONE_ACCOUNT_ID=${c.accountId}
  PIAOZONE_TENANT_ID=${c.tenantId}
  PIAOZONE_USER=${c.user}
  PIAOZONE_USER_TYPE=UserName
  PIAOZONE_BUSINESS_SYSTEM_CODE=${c.businessSystemCode}
  PIAOZONE_DATA_CODEC=${sandbox.state.dataCodec}${sandbox.state.dataCodec === 'aes' ? `\n  PIAOZONE_AES_KEY=${sandbox.state.aesKey}` : ''}
Controls: GET /__sandbox/requests, POST|DELETE /__sandbox/faults, PUT /__sandbox/modes, POST /__sandbox/invoices, PUT /__sandbox/tax-numbers/:taxNo`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void sandbox.close().then(() => process.exit(0)))
