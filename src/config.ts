// The one configuration schema: every environment variable with its description, default and bounds.
// loadConfig() reports every bad variable at once, by name; docs/CONFIGURATION.md is generated from VARIABLES.
import { existsSync, readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { type AccountSettings, DEFAULT_ACCOUNT, readAccountsFile } from './piaozone/accounts.ts'
import { DEFAULT_TAX_LOGIN_PATTERN, type PiaozoneConfig } from './piaozone/client.ts'
import { checkBaseUrl } from './piaozone/http.ts'
import type { SecurityOptions } from './plugins/security.ts'
import type { SerialWhenMissing } from './recording/service.ts'
import type { AutoEntryConfig } from './auto-entry/runner.ts'
import type { RetentionConfig } from './retention.ts'
import type { WorkerConfig } from './recording/worker.ts'
import type { WebhookConfig } from './webhooks/deliverer.ts'

interface Variable {
  name: string
  description: string
  /** `pattern`: a regular expression (JavaScript syntax), checked at start. */
  kind: 'string' | 'int' | 'enum' | 'list' | 'pattern'
  default?: string
  min?: number
  max?: number
  values?: readonly string[]
  /** Never printed, logged or stored. */
  secret?: boolean
  /** Needed when PIAOZONE_BASE_URL is set (real piaozone). */
  requiredForVendor?: boolean
}

export const VARIABLES: readonly Variable[] = [
  { name: 'HOST', kind: 'string', default: '127.0.0.1', description: 'Address the HTTP API listens on (0.0.0.0 in a container).' },
  { name: 'PORT', kind: 'int', default: '3000', min: 0, max: 65535, description: 'Port of the HTTP API.' },
  { name: 'METRICS_HOST', kind: 'string', default: '127.0.0.1', description: 'Address of the Prometheus metrics listener (kept off the API port).' },
  { name: 'METRICS_PORT', kind: 'int', default: '9464', min: 0, max: 65535, description: 'Port of GET /metrics; 0 turns the metrics listener off.' },
  { name: 'HTTP_REQUEST_TIMEOUT_MS', kind: 'int', default: '30000', min: 1000, max: 600_000, description: 'A request\'s headers and body must have arrived this long after it began, or the gateway answers 408 and closes the connection (checked every second), so a client trickling a body cannot hold a connection. The largest body (1 MiB, 1000 invoices) needs only 35 KB/s to arrive in 30 s.' },
  { name: 'HTTP_CONNECTION_TIMEOUT_MS', kind: 'int', default: '120000', min: 1000, max: 3_600_000, description: 'A connection on which no byte moves for this long while a request is in progress is closed (a client that stopped reading its answer). Keep it above the slowest answer: a refresh or a tax number check waits on piaozone calls of up to PIAOZONE_RESPONSE_TIMEOUT_MS each.' },
  { name: 'HTTP_KEEP_ALIVE_TIMEOUT_MS', kind: 'int', default: '72000', min: 1000, max: 3_600_000, description: 'An idle keep-alive connection is closed after this long. Keep it above the idle timeout of the load balancer in front (AWS ALB and nginx upstreams: 60 s; Google Cloud: 600 s, so set 620000 there), so the balancer, not the gateway, closes idle connections: otherwise a request it sends as the gateway closes one fails with 502.' },
  { name: 'TRUST_PROXY', kind: 'list', default: '', description: 'Addresses or CIDR ranges (comma-separated; or loopback, linklocal, uniquelocal) of the load balancers or proxies in front, whose X-Forwarded-For is believed: the per-address rate limit (RATE_LIMIT_IP_MAX) and the logs then see the ERP\'s address. Empty: none is trusted, and behind a balancer every request counts against its one address.' },
  { name: 'SHUTDOWN_GRACE_MS', kind: 'int', default: '10000', min: 100, max: 600_000, description: 'On SIGTERM/SIGINT: how long in-flight requests and the worker get to finish before the process exits anyway.' },
  { name: 'LOG_LEVEL', kind: 'enum', default: 'info', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], description: 'pino log level.' },
  { name: 'LOG_FORMAT', kind: 'enum', default: 'auto', values: ['auto', 'json', 'pretty'], description: 'json: one JSON line per entry (for log collectors); pretty: one readable line per entry; auto: pretty when stdout is a terminal, else json. Either way a request is one entry, written when it is answered.' },
  { name: 'DATABASE_URL', kind: 'string', default: 'pglite:./data/pglite', description: 'postgresql://… for a Postgres server; pglite:<dir> or pglite:memory for the embedded database.' },
  { name: 'DATABASE_CONNECT_TIMEOUT_MS', kind: 'int', default: '30000', min: 0, max: 600_000, description: 'At start, a database that cannot be reached is tried again every second for this long (each try logged with host and database, never the password); then the gateway exits with 1.' },
  { name: 'DATABASE_POOL_SIZE', kind: 'int', default: '10', min: 1, max: 500, description: 'Connections to a Postgres server this process may hold (each API or worker process its own; keep the sum under the server\'s max_connections).' },
  { name: 'PIAOZONE_ACCOUNTS_FILE', kind: 'string', description: 'A JSON file of several piaozone accounts, each serving its own tax numbers (README, "Tax numbers and accounts"); instead of the single-account PIAOZONE_* variables below. A bad file stops the start, naming the account and the field.' },
  { name: 'PIAOZONE_BASE_URL', kind: 'string', description: 'piaozone base URL including the tenant path, e.g. https://api.piaozone.com/<tenant>. Unset: the built-in sandbox is used.' },
  { name: 'PIAOZONE_APP_ID', kind: 'string', requiredForVendor: true, description: 'appId of the third-party application (getAppToken.do).' },
  { name: 'PIAOZONE_APP_SECRET', kind: 'string', requiredForVendor: true, secret: true, description: 'appSecret of the third-party application. Or PIAOZONE_APP_SECRET_FILE: a file holding it.' },
  { name: 'PIAOZONE_ACCOUNT_ID', kind: 'string', requiredForVendor: true, description: 'accountId: the data-centre id.' },
  { name: 'PIAOZONE_TENANT_ID', kind: 'string', description: 'tenantid sent with the auth calls, where the deployment wants it.' },
  { name: 'PIAOZONE_USER', kind: 'string', requiredForVendor: true, description: 'user for login.do (a user name or a mobile number).' },
  { name: 'PIAOZONE_USER_TYPE', kind: 'enum', default: 'UserName', values: ['UserName', 'Mobile'], description: 'usertype for login.do.' },
  { name: 'PIAOZONE_BUSINESS_SYSTEM_CODE', kind: 'string', requiredForVendor: true, description: 'businessSystemCode configured in 发票云 for this gateway.' },
  { name: 'PIAOZONE_DATA_CODEC', kind: 'enum', default: 'base64', values: ['base64', 'aes'], description: 'How the envelope `data` is encoded: base64, or aes when the business system is configured for encryption.' },
  { name: 'PIAOZONE_AES_KEY', kind: 'string', secret: true, description: 'AES key of the business system; required when PIAOZONE_DATA_CODEC=aes. Or PIAOZONE_AES_KEY_FILE: a file holding it.' },
  { name: 'PIAOZONE_CONNECT_TIMEOUT_MS', kind: 'int', default: '5000', min: 100, max: 60_000, description: 'Give up connecting to piaozone after this long (nothing was sent: safe to retry).' },
  { name: 'PIAOZONE_RESPONSE_TIMEOUT_MS', kind: 'int', default: '30000', min: 100, max: 600_000, description: 'Give up waiting for a complete answer after this long (the vendor may have acted).' },
  { name: 'PIAOZONE_TOKEN_REFRESH_MARGIN_MS', kind: 'int', default: '300000', min: 0, max: 3_600_000, description: 'Refresh the access token this long before its expire_time.' },
  { name: 'PIAOZONE_TOKEN_ERROR_CODES', kind: 'list', default: '', description: 'Extra kapi errorCodes meaning "access token refused" (the vendor does not document them; messages about an invalid/expired access_token are recognised anyway).' },
  { name: 'PIAOZONE_TAX_LOGIN_ERROR_CODES', kind: 'list', default: '', description: 'Extra kapi errorCodes meaning "tax-bureau session gone, log in again" (messages matching PIAOZONE_TAX_LOGIN_PATTERN are recognised anyway).' },
  { name: 'PIAOZONE_TAX_LOGIN_PATTERN', kind: 'pattern', default: DEFAULT_TAX_LOGIN_PATTERN, description: 'Vendor messages meaning "tax-bureau session gone", whatever their code: the task waits in waiting_tax_login instead of failing. The default includes Kingdee FAQ\'s 请核对用户信息或重新调用登录接口 and 未登录.' },
  { name: 'PIAOZONE_FINAL_CODES', kind: 'list', default: '2002', description: '4.16 refusal codes that certainly mean the vendor will never act on the batch: its invoices fail at once with the vendor\'s words. Default: 2002 (the 收票 channel cannot do 入账), the only one the vendor documents; add parameter-error codes once Kingdee confirms them.' },
  { name: 'PIAOZONE_RETRY_CODES', kind: 'list', default: '', description: 'Refusal codes meaning "busy, try later": retried with backoff without counting towards PIAOZONE_SUBMIT_MAX_REFUSALS. None is documented.' },
  { name: 'PIAOZONE_RETRY_PATTERN', kind: 'pattern', default: '繁忙|频繁|稍后|限流|处理中', description: 'Refusal messages meaning the same as PIAOZONE_RETRY_CODES, whatever their code.' },
  { name: 'PIAOZONE_SUBMIT_MAX_REFUSALS', kind: 'int', default: '10', min: 1, max: 1000, description: 'A 4.16 batch refused this many times with a code that is neither final nor retryable is given up with the vendor\'s words; never while an earlier send of it may have reached the vendor.' },
  { name: 'PIAOZONE_TASK_NOT_FOUND_GRACE_MS', kind: 'int', default: '600000', min: 0, max: 86_400_000, description: 'For this long after a 4.16, 4.17\'s "task not found" (0201) means "not visible yet"; later it is shown on the task as VENDOR_TASK_NOT_FOUND for an operator. It never fails an invoice.' },
  { name: 'PIAOZONE_TAX_SESSION_MAX_AGE_MS', kind: 'int', default: '3600000', min: 0, max: 86_400_000, description: 'taxLogin is checked before a tax number\'s 4.16 when its session is unknown, gone, or last checked longer ago than this (0: before every submit).' },
  { name: 'PIAOZONE_SERIAL_WHEN_MISSING', kind: 'enum', default: 'omit', values: ['omit', 'empty', 'generate'], description: 'When an invoice comes without serialNo: send no serial keys (omit), empty ones (empty), or one the gateway makes up (generate). serilNo is probably the 发票云 pool\'s own id, so a made-up one may be refused or name another invoice; results are matched by invoice code + number either way.' },
  { name: 'RATE_LIMIT_MAX', kind: 'int', default: '600', min: 1, max: 1_000_000, description: 'Requests one client may make per RATE_LIMIT_WINDOW_MS, counted once its API key is known; then 429 with Retry-After.' },
  { name: 'RATE_LIMIT_IP_MAX', kind: 'int', default: '3000', min: 1, max: 1_000_000, description: 'Requests one address may make per RATE_LIMIT_WINDOW_MS on every route but /live, counted before authentication, so a flood of made-up keys is refused (429 with Retry-After) without a database lookup each. Five times RATE_LIMIT_MAX, because several ERPs may reach the gateway from one NAT address; IPv6 addresses count per /56. Behind a load balancer, set TRUST_PROXY.' },
  { name: 'RATE_LIMIT_WINDOW_MS', kind: 'int', default: '60000', min: 1000, max: 3_600_000, description: 'The rate-limit window.' },
  { name: 'AUTH_CACHE_MS', kind: 'int', default: '5000', min: 0, max: 300_000, description: 'How long a gateway trusts an API key that authenticated without asking the database again. A revocation reaches every running gateway at once (Postgres NOTIFY), so this bounds nothing an operator does. 0: ask every time.' },
  { name: 'TASK_VIEW_CACHE_MB', kind: 'int', default: '32', min: 0, max: 4096, description: 'Memory for the serialized views of finished tasks (GET /v1/recording-tasks/{id}), least recently read out first. A finished task never changes but for its retries, and a retry forgets its view in every process (Postgres NOTIFY). 0: none.' },
  { name: 'CORS_ORIGINS', kind: 'list', default: '', description: 'Browser origins allowed to call the API (comma-separated). Empty: CORS closed.' },
  { name: 'WORKER_ENABLED', kind: 'enum', default: 'true', values: ['true', 'false'], description: 'Run the worker in this process. Several processes may run it on one database.' },
  { name: 'WORKER_POLL_INTERVAL_MS', kind: 'int', default: '3000', min: 10, max: 3_600_000, description: 'First result poll this long after a vendor batch is submitted.' },
  { name: 'WORKER_POLL_MAX_INTERVAL_MS', kind: 'int', default: '60000', min: 10, max: 3_600_000, description: 'Polls back off (doubling) up to this interval.' },
  { name: 'WORKER_RETRY_BASE_MS', kind: 'int', default: '1000', min: 10, max: 3_600_000, description: 'First retry after transient vendor trouble (connection refused, 5xx, timeout); doubles, jittered.' },
  { name: 'WORKER_RETRY_MAX_MS', kind: 'int', default: '300000', min: 10, max: 86_400_000, description: 'Cap of the retry backoff.' },
  { name: 'WORKER_TAX_LOGIN_RETRY_MS', kind: 'int', default: '60000', min: 10, max: 86_400_000, description: 'A task waiting for the tax-bureau login checks it again this often (POST /v1/tax-login resumes it at once).' },
  { name: 'WORKER_LEASE_MS', kind: 'int', default: '20000', min: 1000, max: 3_600_000, description: 'How long a worker\'s claim on a task lasts without renewal; a live worker renews it every third of that, so a task held by a dead process is taken over within about this long (plus WORKER_IDLE_MS).' },
  { name: 'WORKER_STALL_AFTER_MS', kind: 'int', default: '86400000', min: 1000, max: 2_592_000_000, description: 'A task that made no progress for this long becomes `stalled`: no more automatic work, the vendor\'s last answer on its error; POST /v1/recording-tasks/{id}/resume puts it back to work.' },
  { name: 'WORKER_IDLE_MS', kind: 'int', default: '500', min: 10, max: 60_000, description: 'Pause between looks for due work when there was none.' },
  { name: 'WORKER_CONCURRENCY', kind: 'int', default: '8', min: 1, max: 100, description: 'Tasks one worker advances at once.' },
  { name: 'WEBHOOK_TIMEOUT_MS', kind: 'int', default: '10000', min: 100, max: 120_000, description: 'A webhook try without a complete answer in this long has failed (and is tried again).' },
  { name: 'WEBHOOK_RETRY_BASE_MS', kind: 'int', default: '5000', min: 10, max: 3_600_000, description: 'First webhook retry after a non-2xx answer, a timeout or no connection; doubles at every try.' },
  { name: 'WEBHOOK_RETRY_MAX_MS', kind: 'int', default: '3600000', min: 10, max: 86_400_000, description: 'Cap of the webhook retry backoff.' },
  { name: 'WEBHOOK_RETRY_FOR_MS', kind: 'int', default: '86400000', min: 1000, max: 2_592_000_000, description: 'A webhook event is tried for this long after it happened (or after a redelivery); then it is `failed` (POST /v1/webhook-deliveries/{id}/redeliver sends it again).' },
  { name: 'WEBHOOK_CONCURRENCY', kind: 'int', default: '8', min: 1, max: 100, description: 'Webhook deliveries one process sends at once. Deliveries run where the worker runs (WORKER_ENABLED).' },
  { name: 'WEBHOOK_IDLE_MS', kind: 'int', default: '1000', min: 10, max: 60_000, description: 'Pause between looks for due webhook deliveries when there were none (an event raised in the same process is sent at once).' },
  { name: 'WEBHOOK_ALLOW_PRIVATE_TARGETS', kind: 'enum', default: 'false', values: ['true', 'false'], description: 'Send webhooks to targets resolving to loopback, private (10/8, 172.16/12, 192.168/16), link-local (169.254/16, fe80::/10), unique-local (fc00::/7), CGNAT (100.64/10) and other non-public addresses, and plain http:// to loopback. false: such a target is refused at each try (the delivery\'s lastError says so). Unset in sandbox mode (no PIAOZONE_BASE_URL or PIAOZONE_ACCOUNTS_FILE): true.' },
  { name: 'AUTO_ENTRY_TICK_MS', kind: 'int', default: '1000', min: 10, max: 60_000, description: 'How often a process looks for rule slots that are due and for runs whose tasks have all finished (automatic 入账 runs where the worker runs).' },
  { name: 'AUTO_ENTRY_RUN_LEASE_MS', kind: 'int', default: '60000', min: 1000, max: 3_600_000, description: 'A run renews its claim on its rule before each chunk it submits; a run not renewed for this long is taken as dead (its process stopped): it is marked failed and the rule may run again.' },
  { name: 'AUTO_ENTRY_PERIOD_FORMAT', kind: 'enum', default: 'yyyyMM', values: ['yyyyMM', 'yyyyMMdd'], description: 'How automatic runs send 入账属期 (recordedPeriod): yyyyMM, the bureau\'s own form, or yyyyMMdd as the guide\'s 4.16 example does (the 入账时间 when it falls in the period, else its first day). docs/PIAOZONE.md asks Kingdee which it wants.' },
  { name: 'RETENTION_VENDOR_CALLS_DAYS', kind: 'int', default: '90', min: 0, max: 36_500, description: 'The log of calls to piaozone (one row per call, every 4.17 poll included) keeps this many days; older rows are deleted in small batches. 0: keep everything. Tasks, their invoices, the latest states and the audit trail are never deleted.' },
  { name: 'RETENTION_WEBHOOK_DELIVERIES_DAYS', kind: 'int', default: '30', min: 0, max: 36_500, description: 'Webhook deliveries that were delivered or given up (failed) are kept this many days after their event and their last try, then deleted in small batches; pending ones are never deleted. 0: keep everything.' },
  { name: 'RETENTION_INTERVAL_MS', kind: 'int', default: '3600000', min: 1000, max: 604_800_000, description: 'Pruning (RETENTION_*) runs about 10 s after start and then this often, in one process at a time among those sharing the database (where the worker runs); rows pruned are counted in gateway_retention_pruned_total.' },
  { name: 'PIAOZONE_BATCH_SIZE', kind: 'int', default: '100', min: 1, max: 1000, description: 'Invoices per vendor invoiceRecorded call; larger submissions are split.' },
]

export interface Config {
  host: string
  port: number
  logLevel: string
  logFormat: 'auto' | 'json' | 'pretty'
  metrics: { host: string; port: number }
  shutdownGraceMs: number
  /** The HTTP listener's timeouts and the proxies it believes (src/server.ts). */
  http: { requestTimeoutMs: number; connectionTimeoutMs: number; keepAliveTimeoutMs: number; trustProxy: string[] }
  databaseUrl: string
  databasePoolSize: number
  taskViewCacheBytes: number
  databaseConnectTimeoutMs: number
  /** The piaozone accounts (one, `default`, serving every tax number, from the PIAOZONE_* variables); undefined: run the built-in sandbox. */
  piaozoneAccounts?: AccountSettings[]
  /** How the client talks to any vendor, the sandbox included. */
  piaozoneClient: Pick<PiaozoneConfig, 'connectTimeoutMs' | 'responseTimeoutMs' | 'tokenRefreshMarginMs' | 'tokenErrorCodes' | 'taxLoginErrorCodes' | 'taxLoginPattern'>
  batchSize: number
  serialWhenMissing: SerialWhenMissing
  security: Required<SecurityOptions>
  workerEnabled: boolean
  worker: WorkerConfig
  webhooks: WebhookConfig
  autoEntry: AutoEntryConfig
  retention: RetentionConfig
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/**
 * Reads `.env` in the working directory, when there is one, into process.env: the server and the CLI both call it
 * before loadConfig, so `npm start` and `npm run cli` use the same settings (and the same database). Variables
 * already in the environment win, as with `node --env-file`. Returns the file's path when it was read.
 */
export function readDotEnv(file = '.env'): string | undefined {
  // Tests start servers and CLIs in the repository, where a developer's own .env may lie: they get only what they set.
  if (process.env.VITEST || !existsSync(file)) return undefined
  process.loadEnvFile(file)
  return file
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = []
  const raw = (name: string): string | undefined => {
    const file = env[`${name}_FILE`]?.trim()
    // Secrets may come from a file the environment names (Docker/Kubernetes secrets).
    if (file && VARIABLES.find((v) => v.name === name)?.secret) {
      try {
        return readFileSync(file, 'utf8').trim() || undefined
      } catch (e) {
        problems.push(`${name}_FILE=${file}: cannot be read (${(e as NodeJS.ErrnoException).code})`)
        return undefined
      }
    }
    const v = env[name]?.trim()
    return v === '' ? undefined : v
  }
  const values = new Map<string, string | number | string[] | RegExp | undefined>()
  for (const v of VARIABLES) {
    const text = raw(v.name) ?? v.default
    if (text === undefined) continue
    if (v.kind === 'int') {
      const n = Number(text)
      if (!Number.isInteger(n)) problems.push(`${v.name}=${v.secret ? '***' : text}: must be a whole number`)
      else if ((v.min !== undefined && n < v.min) || (v.max !== undefined && n > v.max)) problems.push(`${v.name}=${text}: must be between ${v.min} and ${v.max}`)
      else values.set(v.name, n)
    } else if (v.kind === 'enum') {
      if (!v.values?.includes(text)) problems.push(`${v.name}=${text}: must be one of ${v.values?.join(', ')}`)
      else values.set(v.name, text)
    } else if (v.kind === 'pattern') {
      try {
        values.set(v.name, new RegExp(text))
      } catch (e) {
        problems.push(`${v.name}=${text}: not a regular expression (${(e as Error).message})`)
      }
    } else if (v.kind === 'list') {
      values.set(v.name, text.split(',').map((s) => s.trim()).filter(Boolean))
    } else values.set(v.name, text)
  }
  const s = (name: string) => values.get(name) as string | undefined
  const n = (name: string) => values.get(name) as number
  const list = (name: string) => values.get(name) as string[]
  const baseUrl = s('PIAOZONE_BASE_URL')
  const accountsFile = s('PIAOZONE_ACCOUNTS_FILE')
  let fileAccounts: AccountSettings[] | undefined
  if (accountsFile && baseUrl) problems.push('PIAOZONE_ACCOUNTS_FILE and PIAOZONE_BASE_URL are both set: use the file for several accounts, or the PIAOZONE_* variables for one')
  else if (accountsFile) {
    const read = readAccountsFile(accountsFile)
    problems.push(...read.problems)
    fileAccounts = read.accounts
  }
  if (baseUrl) {
    const urlProblem = checkBaseUrl(baseUrl)
    if (urlProblem) problems.push(`PIAOZONE_BASE_URL ${urlProblem}`)
    for (const v of VARIABLES) if (v.requiredForVendor && !s(v.name)) problems.push(`${v.name}: required when PIAOZONE_BASE_URL is set`)
    if (s('PIAOZONE_DATA_CODEC') === 'aes' && !s('PIAOZONE_AES_KEY')) problems.push('PIAOZONE_AES_KEY: required when PIAOZONE_DATA_CODEC=aes')
  }
  for (const proxy of list('TRUST_PROXY')) {
    const [address, bits, ...rest] = proxy.split('/')
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(proxy)
    if (!named && (!isIP(address) || rest.length || (bits !== undefined && !/^\d{1,3}$/.test(bits)))) problems.push(`TRUST_PROXY: ${proxy} is not an address, a CIDR range or loopback/linklocal/uniquelocal`)
  }
  const dbUrl = s('DATABASE_URL') ?? ''
  if (!/^(postgres(ql)?:\/\/|pglite:)/.test(dbUrl)) problems.push('DATABASE_URL: must start with postgresql://, postgres:// or pglite:')
  if (problems.length) throw new ConfigError(problems)
  return {
    host: s('HOST') as string,
    port: n('PORT'),
    logLevel: s('LOG_LEVEL') as string,
    logFormat: s('LOG_FORMAT') as Config['logFormat'],
    metrics: { host: s('METRICS_HOST') as string, port: n('METRICS_PORT') },
    shutdownGraceMs: n('SHUTDOWN_GRACE_MS'),
    http: {
      requestTimeoutMs: n('HTTP_REQUEST_TIMEOUT_MS'),
      connectionTimeoutMs: n('HTTP_CONNECTION_TIMEOUT_MS'),
      keepAliveTimeoutMs: n('HTTP_KEEP_ALIVE_TIMEOUT_MS'),
      trustProxy: list('TRUST_PROXY'),
    },
    databaseUrl: dbUrl,
    databasePoolSize: n('DATABASE_POOL_SIZE'),
    taskViewCacheBytes: n('TASK_VIEW_CACHE_MB') * 2 ** 20,
    databaseConnectTimeoutMs: n('DATABASE_CONNECT_TIMEOUT_MS'),
    piaozoneAccounts:
      fileAccounts ??
      (baseUrl
        ? [
            {
              name: DEFAULT_ACCOUNT,
              baseUrl,
              appId: s('PIAOZONE_APP_ID') as string,
              appSecret: s('PIAOZONE_APP_SECRET') as string,
              accountId: s('PIAOZONE_ACCOUNT_ID') as string,
              tenantId: s('PIAOZONE_TENANT_ID'),
              user: s('PIAOZONE_USER') as string,
              userType: s('PIAOZONE_USER_TYPE') as 'UserName' | 'Mobile',
              businessSystemCode: s('PIAOZONE_BUSINESS_SYSTEM_CODE') as string,
              dataCodec: s('PIAOZONE_DATA_CODEC') as 'base64' | 'aes',
              aesKey: s('PIAOZONE_AES_KEY'),
            },
          ]
        : undefined),
    piaozoneClient: {
      connectTimeoutMs: n('PIAOZONE_CONNECT_TIMEOUT_MS'),
      responseTimeoutMs: n('PIAOZONE_RESPONSE_TIMEOUT_MS'),
      tokenRefreshMarginMs: n('PIAOZONE_TOKEN_REFRESH_MARGIN_MS'),
      tokenErrorCodes: list('PIAOZONE_TOKEN_ERROR_CODES'),
      taxLoginErrorCodes: list('PIAOZONE_TAX_LOGIN_ERROR_CODES'),
      taxLoginPattern: values.get('PIAOZONE_TAX_LOGIN_PATTERN') as RegExp,
    },
    batchSize: n('PIAOZONE_BATCH_SIZE'),
    serialWhenMissing: s('PIAOZONE_SERIAL_WHEN_MISSING') as SerialWhenMissing,
    security: { rateLimitMax: n('RATE_LIMIT_MAX'), rateLimitIpMax: n('RATE_LIMIT_IP_MAX'), rateLimitWindowMs: n('RATE_LIMIT_WINDOW_MS'), corsOrigins: list('CORS_ORIGINS'), authCacheMs: n('AUTH_CACHE_MS') },
    workerEnabled: s('WORKER_ENABLED') === 'true',
    worker: {
      pollIntervalMs: n('WORKER_POLL_INTERVAL_MS'),
      pollMaxIntervalMs: n('WORKER_POLL_MAX_INTERVAL_MS'),
      retryBaseMs: n('WORKER_RETRY_BASE_MS'),
      retryMaxMs: n('WORKER_RETRY_MAX_MS'),
      taxLoginRetryMs: n('WORKER_TAX_LOGIN_RETRY_MS'),
      leaseMs: n('WORKER_LEASE_MS'),
      idleMs: n('WORKER_IDLE_MS'),
      concurrency: n('WORKER_CONCURRENCY'),
      answers: { finalCodes: list('PIAOZONE_FINAL_CODES'), retryCodes: list('PIAOZONE_RETRY_CODES'), retryPattern: values.get('PIAOZONE_RETRY_PATTERN') as RegExp },
      submitMaxRefusals: n('PIAOZONE_SUBMIT_MAX_REFUSALS'),
      taskNotFoundGraceMs: n('PIAOZONE_TASK_NOT_FOUND_GRACE_MS'),
      taxSessionMaxAgeMs: n('PIAOZONE_TAX_SESSION_MAX_AGE_MS'),
      stallAfterMs: n('WORKER_STALL_AFTER_MS'),
    },
    webhooks: {
      timeoutMs: n('WEBHOOK_TIMEOUT_MS'),
      retryBaseMs: n('WEBHOOK_RETRY_BASE_MS'),
      retryMaxMs: n('WEBHOOK_RETRY_MAX_MS'),
      retryForMs: n('WEBHOOK_RETRY_FOR_MS'),
      concurrency: n('WEBHOOK_CONCURRENCY'),
      idleMs: n('WEBHOOK_IDLE_MS'),
      // Sandbox mode is for trying the gateway out on one machine, where the ERP's receiver listens on loopback.
      allowPrivateTargets: raw('WEBHOOK_ALLOW_PRIVATE_TARGETS') === undefined ? !(fileAccounts || baseUrl) : s('WEBHOOK_ALLOW_PRIVATE_TARGETS') === 'true',
    },
    autoEntry: { tickMs: n('AUTO_ENTRY_TICK_MS'), runLeaseMs: n('AUTO_ENTRY_RUN_LEASE_MS'), periodFormat: s('AUTO_ENTRY_PERIOD_FORMAT') as AutoEntryConfig['periodFormat'] },
    retention: { vendorCallsDays: n('RETENTION_VENDOR_CALLS_DAYS'), webhookDeliveriesDays: n('RETENTION_WEBHOOK_DELIVERIES_DAYS'), intervalMs: n('RETENTION_INTERVAL_MS') },
  }
}
