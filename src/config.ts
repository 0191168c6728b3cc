// The configuration as the gateway uses it, read from the environment by the schema in src/config-schema.ts.
// loadConfig() reports every bad variable at once, by name; its values' type is derived from ConfigSchema.
import { existsSync, readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { Type } from 'typebox'
import { Value } from 'typebox/value'
import { type AccountSettings, DEFAULT_ACCOUNT, readAccountsFile } from './piaozone/accounts.ts'
import type { PiaozoneConfig } from './piaozone/client.ts'
import { checkBaseUrl } from './piaozone/http.ts'
import { ConfigSchema, type Settings, VARIABLES } from './config-schema.ts'
import type { SecurityOptions } from './plugins/security.ts'
import type { SerialWhenMissing } from './recording/service.ts'
import type { AutoEntryConfig } from './auto-entry/runner.ts'
import type { RetentionConfig } from './retention.ts'
import type { WorkerConfig } from './recording/worker.ts'
import type { WebhookConfig } from './webhooks/deliverer.ts'

const SomeSettings = Type.Partial(ConfigSchema)

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
        problems.push(`${name}_FILE=${file}: cannot be read (${e instanceof Error && 'code' in e ? e.code : undefined})`)
        return undefined
      }
    }
    const v = env[name]?.trim()
    return v === '' ? undefined : v
  }
  // Each variable's text, converted by its kind; a bad one is reported and left out.
  const values: Record<string, string | number | string[] | RegExp> = {}
  for (const v of VARIABLES) {
    const text = raw(v.name) ?? v.default
    if (text === undefined) continue
    if (v.kind === 'int') {
      const n = Number(text)
      if (!Number.isInteger(n)) problems.push(`${v.name}=${v.secret ? '***' : text}: must be a whole number`)
      else if ((v.min !== undefined && n < v.min) || (v.max !== undefined && n > v.max)) problems.push(`${v.name}=${text}: must be between ${v.min} and ${v.max}`)
      else values[v.name] = n
    } else if (v.kind === 'enum') {
      if (!v.values?.includes(text)) problems.push(`${v.name}=${text}: must be one of ${v.values?.join(', ')}`)
      else values[v.name] = text
    } else if (v.kind === 'pattern') {
      try {
        values[v.name] = new RegExp(text)
      } catch (e) {
        problems.push(`${v.name}=${text}: not a regular expression (${e instanceof Error ? e.message : e})`)
      }
    } else if (v.kind === 'list') {
      values[v.name] = text.split(',').map((s) => s.trim()).filter(Boolean)
    } else values[v.name] = text
  }
  const missingForVendor = VARIABLES.filter((v) => v.requiredForVendor && !values[v.name]).map((v) => v.name)
  // What was read matches the schema but for the bad variables, which are missing.
  if (!Value.Check(SomeSettings, values)) throw new Error('configuration: a value read does not match ConfigSchema')
  const some = values
  const baseUrl = some.PIAOZONE_BASE_URL
  const accountsFile = some.PIAOZONE_ACCOUNTS_FILE
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
    for (const name of missingForVendor) problems.push(`${name}: required when PIAOZONE_BASE_URL is set`)
    if (some.PIAOZONE_DATA_CODEC === 'aes' && !some.PIAOZONE_AES_KEY) problems.push('PIAOZONE_AES_KEY: required when PIAOZONE_DATA_CODEC=aes')
  }
  for (const proxy of some.TRUST_PROXY ?? []) {
    const [address, bits, ...rest] = proxy.split('/')
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(proxy)
    if (!named && (!isIP(address) || rest.length || (bits !== undefined && !/^\d{1,3}$/.test(bits)))) problems.push(`TRUST_PROXY: ${proxy} is not an address, a CIDR range or loopback/linklocal/uniquelocal`)
  }
  if (!/^(postgres(ql)?:\/\/|pglite:)/.test(some.DATABASE_URL ?? '')) problems.push('DATABASE_URL: must start with postgresql://, postgres:// or pglite:')
  if (problems.length) throw new ConfigError(problems)
  // No problem: every variable with a default is there, and those PIAOZONE_BASE_URL needs are when it is set.
  if (!Value.Check(ConfigSchema, values)) throw new Error('configuration: the values read do not match ConfigSchema')
  const c: Settings = values
  return {
    host: c.HOST,
    port: c.PORT,
    logLevel: c.LOG_LEVEL,
    logFormat: c.LOG_FORMAT,
    metrics: { host: c.METRICS_HOST, port: c.METRICS_PORT },
    shutdownGraceMs: c.SHUTDOWN_GRACE_MS,
    http: {
      requestTimeoutMs: c.HTTP_REQUEST_TIMEOUT_MS,
      connectionTimeoutMs: c.HTTP_CONNECTION_TIMEOUT_MS,
      keepAliveTimeoutMs: c.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      trustProxy: c.TRUST_PROXY,
    },
    databaseUrl: c.DATABASE_URL,
    databasePoolSize: c.DATABASE_POOL_SIZE,
    taskViewCacheBytes: c.TASK_VIEW_CACHE_MB * 2 ** 20,
    databaseConnectTimeoutMs: c.DATABASE_CONNECT_TIMEOUT_MS,
    piaozoneAccounts: fileAccounts ?? (c.PIAOZONE_BASE_URL ? [vendorAccount(c, c.PIAOZONE_BASE_URL)] : undefined),
    piaozoneClient: {
      connectTimeoutMs: c.PIAOZONE_CONNECT_TIMEOUT_MS,
      responseTimeoutMs: c.PIAOZONE_RESPONSE_TIMEOUT_MS,
      tokenRefreshMarginMs: c.PIAOZONE_TOKEN_REFRESH_MARGIN_MS,
      tokenErrorCodes: c.PIAOZONE_TOKEN_ERROR_CODES,
      taxLoginErrorCodes: c.PIAOZONE_TAX_LOGIN_ERROR_CODES,
      taxLoginPattern: c.PIAOZONE_TAX_LOGIN_PATTERN,
    },
    batchSize: c.PIAOZONE_BATCH_SIZE,
    serialWhenMissing: c.PIAOZONE_SERIAL_WHEN_MISSING,
    security: { rateLimitMax: c.RATE_LIMIT_MAX, rateLimitIpMax: c.RATE_LIMIT_IP_MAX, rateLimitWindowMs: c.RATE_LIMIT_WINDOW_MS, corsOrigins: c.CORS_ORIGINS, authCacheMs: c.AUTH_CACHE_MS },
    workerEnabled: c.WORKER_ENABLED === 'true',
    worker: {
      pollIntervalMs: c.WORKER_POLL_INTERVAL_MS,
      pollMaxIntervalMs: c.WORKER_POLL_MAX_INTERVAL_MS,
      retryBaseMs: c.WORKER_RETRY_BASE_MS,
      retryMaxMs: c.WORKER_RETRY_MAX_MS,
      taxLoginRetryMs: c.WORKER_TAX_LOGIN_RETRY_MS,
      leaseMs: c.WORKER_LEASE_MS,
      idleMs: c.WORKER_IDLE_MS,
      concurrency: c.WORKER_CONCURRENCY,
      answers: { finalCodes: c.PIAOZONE_FINAL_CODES, retryCodes: c.PIAOZONE_RETRY_CODES, retryPattern: c.PIAOZONE_RETRY_PATTERN },
      submitMaxRefusals: c.PIAOZONE_SUBMIT_MAX_REFUSALS,
      taskNotFoundGraceMs: c.PIAOZONE_TASK_NOT_FOUND_GRACE_MS,
      taxSessionMaxAgeMs: c.PIAOZONE_TAX_SESSION_MAX_AGE_MS,
      stallAfterMs: c.WORKER_STALL_AFTER_MS,
    },
    webhooks: {
      timeoutMs: c.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: c.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: c.WEBHOOK_RETRY_MAX_MS,
      retryForMs: c.WEBHOOK_RETRY_FOR_MS,
      concurrency: c.WEBHOOK_CONCURRENCY,
      idleMs: c.WEBHOOK_IDLE_MS,
      // Sandbox mode is for trying the gateway out on one machine, where the ERP's receiver listens on loopback.
      allowPrivateTargets: raw('WEBHOOK_ALLOW_PRIVATE_TARGETS') === undefined ? !(fileAccounts || c.PIAOZONE_BASE_URL) : c.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true',
    },
    autoEntry: { tickMs: c.AUTO_ENTRY_TICK_MS, runLeaseMs: c.AUTO_ENTRY_RUN_LEASE_MS, periodFormat: c.AUTO_ENTRY_PERIOD_FORMAT },
    retention: { vendorCallsDays: c.RETENTION_VENDOR_CALLS_DAYS, webhookDeliveriesDays: c.RETENTION_WEBHOOK_DELIVERIES_DAYS, intervalMs: c.RETENTION_INTERVAL_MS },
  }
}

/** The single account the PIAOZONE_* variables describe (loadConfig has checked that those it needs are set). */
function vendorAccount(c: Settings, baseUrl: string): AccountSettings {
  const { PIAOZONE_APP_ID: appId, PIAOZONE_APP_SECRET: appSecret, PIAOZONE_ACCOUNT_ID: accountId, PIAOZONE_USER: user, PIAOZONE_BUSINESS_SYSTEM_CODE: businessSystemCode } = c
  if (!appId || !appSecret || !accountId || !user || !businessSystemCode) throw new Error('configuration: a variable PIAOZONE_BASE_URL needs is missing')
  return {
    name: DEFAULT_ACCOUNT,
    baseUrl,
    appId,
    appSecret,
    accountId,
    tenantId: c.PIAOZONE_TENANT_ID,
    user,
    userType: c.PIAOZONE_USER_TYPE,
    businessSystemCode,
    dataCodec: c.PIAOZONE_DATA_CODEC,
    aesKey: c.PIAOZONE_AES_KEY,
  }
}
