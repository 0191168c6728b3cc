// `npm run sandbox`: the piaozone sandbox on its own port, with the settings a gateway needs to use it. With
// SANDBOX_ACCOUNTS=N (N > 1) it runs as N 发票云 accounts at once, on consecutive ports, each with its own
// credentials and tokens, and writes the PIAOZONE_ACCOUNTS_FILE that splits the seeded tax numbers between them.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { SANDBOX_TAX_NOS } from './seed.ts'
import { clientConfigFor, type RunningSandbox, startSandbox } from './start.ts'
import type { SandboxOptions } from './state.ts'

const port = Number(process.env.SANDBOX_PORT ?? 3100)
// At most one account per seeded tax number, so that each serves at least one.
const accounts = Math.min(Object.keys(SANDBOX_TAX_NOS).length, Math.max(1, Number(process.env.SANDBOX_ACCOUNTS ?? 1)))
const acceptUnknownInvoices = process.env.SANDBOX_ACCEPT_UNKNOWN_INVOICES === 'true'
const start = (credentials: SandboxOptions['credentials'], at: number) =>
  startSandbox(
    {
      credentials,
      dataCodec: process.env.SANDBOX_DATA_CODEC === 'aes' ? 'aes' : 'base64',
      taskDelayMs: Number(process.env.SANDBOX_TASK_DELAY_MS ?? 2000),
      taskPolls: Number(process.env.SANDBOX_TASK_POLLS ?? 1),
      latencyMs: Number(process.env.SANDBOX_LATENCY_MS ?? 0),
      maxBatchSize: Number(process.env.SANDBOX_MAX_BATCH_SIZE ?? 100),
      acceptUnknownInvoices,
    },
    at,
  )
// Unlike the sandbox npm start embeds, this one knows only its pool by default: say how to try made-up numbers.
const INVOICES = acceptUnknownInvoices
  ? 'Invoices: any made-up 20-digit invoice number is taken as received and 未入账 (SANDBOX_ACCEPT_UNKNOWN_INVOICES=true).'
  : 'Invoices: only those in its pool (docs/SANDBOX.md); a made-up number is refused (未在收票池中找到该发票). To accept made-up invoices, start it with SANDBOX_ACCEPT_UNKNOWN_INVOICES=true.'
const CONTROLS = 'Controls: GET /__sandbox/requests, POST|DELETE /__sandbox/faults, PUT /__sandbox/modes, POST /__sandbox/invoices, PUT /__sandbox/tax-numbers/:taxNo'

const sandboxes: RunningSandbox[] = []
if (accounts === 1) {
  const sandbox = await start(undefined, port)
  sandboxes.push(sandbox)
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
${INVOICES}
${CONTROLS}`)
} else {
  const taxNos = Object.values(SANDBOX_TAX_NOS)
  const file = process.env.SANDBOX_ACCOUNTS_FILE ?? path.join('data', 'sandbox-accounts.json')
  const entries = []
  for (let i = 0; i < accounts; i++) {
    const name = `account${i + 1}`
    const sandbox = await start({ appId: `${name}-app`, appSecret: `${name}-secret`, accountId: `${name}-dc`, tenantId: `sandbox-${name}`, user: `${name}-user` }, port + i)
    sandboxes.push(sandbox)
    // The account's fields of the settings that reach it (the file has no client-wide ones, such as timeouts).
    const { baseUrl, appId, appSecret, accountId, tenantId, user, businessSystemCode, dataCodec, aesKey } = clientConfigFor(sandbox)
    const settings = { baseUrl, appId, appSecret, accountId, tenantId, user, businessSystemCode, dataCodec, ...(dataCodec === 'aes' ? { aesKey } : {}) }
    // The seeded tax numbers dealt out in turn.
    entries.push({ name, ...settings, taxNos: taxNos.filter((_, t) => t % accounts === i) })
    console.log(`piaozone sandbox ${name} listening on ${sandbox.baseUrl}`)
  }
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify({ accounts: entries }, null, 2)}\n`)
  console.log(`Point a gateway at all ${accounts} with:\n  PIAOZONE_ACCOUNTS_FILE=${file}\n${INVOICES}\n${CONTROLS} (on each port)`)
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void Promise.all(sandboxes.map((s) => s.close())).then(() => process.exit(0)))
