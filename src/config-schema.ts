// Every environment variable the gateway reads, once: its description, default, bounds and kind, as a TypeBox schema.
// src/config.ts reads the environment by it; docs/CONFIGURATION.md and .env.example are generated from VARIABLES.
import { type Static, Type } from 'typebox'
import { DEFAULT_TAX_LOGIN_PATTERN } from './piaozone/client.ts'

/** A variable as docs/CONFIGURATION.md and .env.example show it; derived from ConfigSchema. */
export interface Variable {
  name: string
  description: string
  /** `pattern`: a regular expression (JavaScript syntax), checked at start. */
  kind: 'string' | 'int' | 'enum' | 'list' | 'pattern'
  /** The default as written in the environment. */
  default?: string
  min?: number
  max?: number
  values?: readonly string[]
  /** Never printed, logged or stored. */
  secret?: boolean
  /** Needed when PIAOZONE_BASE_URL is set (real piaozone). */
  requiredForVendor?: boolean
}

interface Notes {
  /** Never printed, logged or stored; may come from `<NAME>_FILE`, a file holding it. */
  secret?: boolean
  /** Needed when PIAOZONE_BASE_URL is set (real piaozone). */
  requiredForVendor?: boolean
}
const text = (description: string, notes: Notes = {}) => Type.Optional(Type.String({ description, ...notes }))
const textOr = (def: string, description: string) => Type.String({ default: def, description })
const int = (def: number, minimum: number, maximum: number, description: string) => Type.Integer({ default: def, minimum, maximum, description })
const oneOf = <const V extends string[]>(values: readonly [...V], def: V[number], description: string) => Type.Enum(values, { default: def, description })
/** Comma-separated in the environment. */
const list = (def: string[], description: string) => Type.Array(Type.String(), { default: def, description })
/** A regular expression (JavaScript syntax), compiled at start. */
const pattern = (def: string, description: string) =>
  Type.Refine(Type.Unsafe<RegExp>({ 'x-kind': 'pattern', default: def, description }), (v) => v instanceof RegExp)

/** The settings, one property per environment variable, in the order the docs list them. */
export const ConfigSchema = Type.Object({
  HOST: textOr('127.0.0.1', 'Address the HTTP API listens on (0.0.0.0 in a container).'),
  PORT: int(3000, 0, 65535, 'Port of the HTTP API.'),
  METRICS_HOST: textOr('127.0.0.1', 'Address of the Prometheus metrics listener (kept off the API port).'),
  METRICS_PORT: int(9464, 0, 65535, 'Port of GET /metrics; 0 turns the metrics listener off.'),
  HTTP_REQUEST_TIMEOUT_MS: int(30000, 1000, 600_000, 'A request\'s headers and body must have arrived this long after it began, or the gateway answers 408 and closes the connection (checked every second), so a client trickling a body cannot hold a connection. The largest body (1 MiB, 1000 invoices) needs only 35 KB/s to arrive in 30 s.'),
  HTTP_CONNECTION_TIMEOUT_MS: int(120000, 1000, 3_600_000, 'A connection on which no byte moves for this long while a request is in progress is closed (a client that stopped reading its answer). Keep it above the slowest answer: a refresh or a tax number check waits on piaozone calls of up to PIAOZONE_RESPONSE_TIMEOUT_MS each.'),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(72000, 1000, 3_600_000, 'An idle keep-alive connection is closed after this long. Keep it above the idle timeout of the load balancer in front (AWS ALB and nginx upstreams: 60 s; Google Cloud: 600 s, so set 620000 there), so the balancer, not the gateway, closes idle connections: otherwise a request it sends as the gateway closes one fails with 502.'),
  TRUST_PROXY: list([], 'Addresses or CIDR ranges (comma-separated; or loopback, linklocal, uniquelocal) of the load balancers or proxies in front, whose X-Forwarded-For is believed: the per-address rate limit (RATE_LIMIT_IP_MAX) and the logs then see the ERP\'s address. Empty: none is trusted, and behind a balancer every request counts against its one address.'),
  SHUTDOWN_GRACE_MS: int(10000, 100, 600_000, 'On SIGTERM/SIGINT: how long in-flight requests and the worker get to finish before the process exits anyway.'),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info', 'pino log level.'),
  LOG_FORMAT: oneOf(['auto', 'json', 'pretty'], 'auto', 'json: one JSON line per entry (for log collectors); pretty: one readable line per entry; auto: pretty when stdout is a terminal, else json. Either way a request is one entry, written when it is answered.'),
  DATABASE_URL: textOr('pglite:./data/pglite', 'postgresql://… for a Postgres server; pglite:<dir> or pglite:memory for the embedded database.'),
  DATABASE_CONNECT_TIMEOUT_MS: int(30000, 0, 600_000, 'At start, a database that cannot be reached is tried again every second for this long (each try logged with host and database, never the password); then the gateway exits with 1.'),
  DATABASE_POOL_SIZE: int(10, 1, 500, 'Connections to a Postgres server this process may hold (each API or worker process its own; keep the sum under the server\'s max_connections).'),
  PIAOZONE_ACCOUNTS_FILE: text('A JSON file of several piaozone accounts, each serving its own tax numbers (README, "Tax numbers and accounts"); instead of the single-account PIAOZONE_* variables below. A bad file stops the start, naming the account and the field.'),
  PIAOZONE_BASE_URL: text('piaozone base URL including the tenant path, e.g. https://api.piaozone.com/<tenant>. Unset: the built-in sandbox is used.'),
  PIAOZONE_APP_ID: text('appId of the third-party application (getAppToken.do).', { requiredForVendor: true }),
  PIAOZONE_APP_SECRET: text('appSecret of the third-party application. Or PIAOZONE_APP_SECRET_FILE: a file holding it.', { secret: true, requiredForVendor: true }),
  PIAOZONE_ACCOUNT_ID: text('accountId: the data-centre id.', { requiredForVendor: true }),
  PIAOZONE_TENANT_ID: text('tenantid sent with the auth calls, where the deployment wants it.'),
  PIAOZONE_USER: text('user for login.do (a user name or a mobile number).', { requiredForVendor: true }),
  PIAOZONE_USER_TYPE: oneOf(['UserName', 'Mobile'], 'UserName', 'usertype for login.do.'),
  PIAOZONE_BUSINESS_SYSTEM_CODE: text('businessSystemCode configured in 发票云 for this gateway.', { requiredForVendor: true }),
  PIAOZONE_DATA_CODEC: oneOf(['base64', 'aes'], 'base64', 'How the envelope `data` is encoded: base64, or aes when the business system is configured for encryption.'),
  PIAOZONE_AES_KEY: text('AES key of the business system; required when PIAOZONE_DATA_CODEC=aes. Or PIAOZONE_AES_KEY_FILE: a file holding it.', { secret: true }),
  PIAOZONE_CONNECT_TIMEOUT_MS: int(5000, 100, 60_000, 'Give up connecting to piaozone after this long (nothing was sent: safe to retry).'),
  PIAOZONE_RESPONSE_TIMEOUT_MS: int(30000, 100, 600_000, 'Give up waiting for a complete answer after this long (the vendor may have acted).'),
  PIAOZONE_TOKEN_REFRESH_MARGIN_MS: int(300000, 0, 3_600_000, 'Refresh the access token this long before its expire_time.'),
  PIAOZONE_TOKEN_ERROR_CODES: list([], 'Extra kapi errorCodes meaning "access token refused" (the vendor does not document them; messages about an invalid/expired access_token are recognised anyway).'),
  PIAOZONE_TAX_LOGIN_ERROR_CODES: list([], 'Extra kapi errorCodes meaning "tax-bureau session gone, log in again" (messages matching PIAOZONE_TAX_LOGIN_PATTERN are recognised anyway).'),
  PIAOZONE_TAX_LOGIN_PATTERN: pattern(DEFAULT_TAX_LOGIN_PATTERN, 'Vendor messages meaning "tax-bureau session gone", whatever their code: the task waits in waiting_tax_login instead of failing. The default includes Kingdee FAQ\'s 请核对用户信息或重新调用登录接口 and 未登录.'),
  PIAOZONE_FINAL_CODES: list(['2002'], '4.16 refusal codes that certainly mean the vendor will never act on the batch: its invoices fail at once with the vendor\'s words. Default: 2002 (the 收票 channel cannot do 入账), the only one the vendor documents; add parameter-error codes once Kingdee confirms them.'),
  PIAOZONE_RETRY_CODES: list([], 'Refusal codes meaning "busy, try later": retried with backoff without counting towards PIAOZONE_SUBMIT_MAX_REFUSALS. None is documented.'),
  PIAOZONE_RETRY_PATTERN: pattern('繁忙|频繁|稍后|限流|处理中', 'Refusal messages meaning the same as PIAOZONE_RETRY_CODES, whatever their code.'),
  PIAOZONE_SUBMIT_MAX_REFUSALS: int(10, 1, 1000, 'A 4.16 batch refused this many times with a code that is neither final nor retryable is given up with the vendor\'s words; never while an earlier send of it may have reached the vendor.'),
  PIAOZONE_TASK_NOT_FOUND_GRACE_MS: int(600000, 0, 86_400_000, 'For this long after a 4.16, 4.17\'s "task not found" (0201) means "not visible yet"; later it is shown on the task as VENDOR_TASK_NOT_FOUND for an operator. It never fails an invoice.'),
  PIAOZONE_TAX_SESSION_MAX_AGE_MS: int(3600000, 0, 86_400_000, 'taxLogin is checked before a tax number\'s 4.16 when its session is unknown, gone, or last checked longer ago than this (0: before every submit).'),
  PIAOZONE_SERIAL_WHEN_MISSING: oneOf(['omit', 'empty', 'generate'], 'omit', 'When an invoice comes without serialNo: send no serial keys (omit), empty ones (empty), or one the gateway makes up (generate). serilNo is probably the 发票云 pool\'s own id, so a made-up one may be refused or name another invoice; results are matched by invoice code + number either way.'),
  RATE_LIMIT_MAX: int(600, 1, 1_000_000, 'Requests one client may make per RATE_LIMIT_WINDOW_MS, counted once its API key is known; then 429 with Retry-After.'),
  RATE_LIMIT_IP_MAX: int(3000, 1, 1_000_000, 'Requests one address may make per RATE_LIMIT_WINDOW_MS on every route but /live, counted before authentication, so a flood of made-up keys is refused (429 with Retry-After) without a database lookup each. Five times RATE_LIMIT_MAX, because several ERPs may reach the gateway from one NAT address; IPv6 addresses count per /56. Behind a load balancer, set TRUST_PROXY.'),
  RATE_LIMIT_WINDOW_MS: int(60000, 1000, 3_600_000, 'The rate-limit window.'),
  AUTH_CACHE_MS: int(5000, 0, 300_000, 'How long a gateway trusts an API key that authenticated without asking the database again. A revocation reaches every running gateway at once (Postgres NOTIFY), so this bounds nothing an operator does. 0: ask every time.'),
  TASK_VIEW_CACHE_MB: int(32, 0, 4096, 'Memory for the serialized views of finished tasks (GET /v1/recording-tasks/{id}), least recently read out first. A finished task never changes but for its retries, and a retry forgets its view in every process (Postgres NOTIFY). 0: none.'),
  CORS_ORIGINS: list([], 'Browser origins allowed to call the API (comma-separated). Empty: CORS closed.'),
  WORKER_ENABLED: oneOf(['true', 'false'], 'true', 'Run the worker in this process. Several processes may run it on one database.'),
  WORKER_POLL_INTERVAL_MS: int(3000, 10, 3_600_000, 'First result poll this long after a vendor batch is submitted.'),
  WORKER_POLL_MAX_INTERVAL_MS: int(60000, 10, 3_600_000, 'Polls back off (doubling) up to this interval.'),
  WORKER_RETRY_BASE_MS: int(1000, 10, 3_600_000, 'First retry after transient vendor trouble (connection refused, 5xx, timeout); doubles, jittered.'),
  WORKER_RETRY_MAX_MS: int(300000, 10, 86_400_000, 'Cap of the retry backoff.'),
  WORKER_TAX_LOGIN_RETRY_MS: int(60000, 10, 86_400_000, 'A task waiting for the tax-bureau login checks it again this often (POST /v1/tax-login resumes it at once).'),
  WORKER_LEASE_MS: int(20000, 1000, 3_600_000, 'How long a worker\'s claim on a task lasts without renewal; a live worker renews it every third of that, so a task held by a dead process is taken over within about this long (plus WORKER_IDLE_MS).'),
  WORKER_STALL_AFTER_MS: int(86400000, 1000, 2_592_000_000, 'A task that made no progress for this long becomes `stalled`: no more automatic work, the vendor\'s last answer on its error; POST /v1/recording-tasks/{id}/resume puts it back to work.'),
  WORKER_IDLE_MS: int(500, 10, 60_000, 'Pause between looks for due work when there was none.'),
  WORKER_CONCURRENCY: int(8, 1, 100, 'Tasks one worker advances at once.'),
  WEBHOOK_TIMEOUT_MS: int(10000, 100, 120_000, 'A webhook try without a complete answer in this long has failed (and is tried again).'),
  WEBHOOK_RETRY_BASE_MS: int(5000, 10, 3_600_000, 'First webhook retry after a non-2xx answer, a timeout or no connection; doubles at every try.'),
  WEBHOOK_RETRY_MAX_MS: int(3600000, 10, 86_400_000, 'Cap of the webhook retry backoff.'),
  WEBHOOK_RETRY_FOR_MS: int(86400000, 1000, 2_592_000_000, 'A webhook event is tried for this long after it happened (or after a redelivery); then it is `failed` (POST /v1/webhook-deliveries/{id}/redeliver sends it again).'),
  WEBHOOK_CONCURRENCY: int(8, 1, 100, 'Webhook deliveries one process sends at once. Deliveries run where the worker runs (WORKER_ENABLED).'),
  WEBHOOK_IDLE_MS: int(1000, 10, 60_000, 'Pause between looks for due webhook deliveries when there were none (an event raised in the same process is sent at once).'),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: oneOf(['true', 'false'], 'false', 'Send webhooks to targets resolving to loopback, private (10/8, 172.16/12, 192.168/16), link-local (169.254/16, fe80::/10), unique-local (fc00::/7), CGNAT (100.64/10) and other non-public addresses, and plain http:// to loopback. false: such a target is refused at each try (the delivery\'s lastError says so). Unset in sandbox mode (no PIAOZONE_BASE_URL or PIAOZONE_ACCOUNTS_FILE): true.'),
  AUTO_ENTRY_TICK_MS: int(1000, 10, 60_000, 'How often a process looks for rule slots that are due and for runs whose tasks have all finished (automatic 入账 runs where the worker runs).'),
  AUTO_ENTRY_RUN_LEASE_MS: int(60000, 1000, 3_600_000, 'A run renews its claim on its rule before each chunk it submits; a run not renewed for this long is taken as dead (its process stopped): it is marked failed and the rule may run again.'),
  AUTO_ENTRY_PERIOD_FORMAT: oneOf(['yyyyMM', 'yyyyMMdd'], 'yyyyMM', 'How automatic runs send 入账属期 (recordedPeriod): yyyyMM, the bureau\'s own form, or yyyyMMdd as the guide\'s 4.16 example does (the 入账时间 when it falls in the period, else its first day). docs/PIAOZONE.md asks Kingdee which it wants.'),
  RETENTION_VENDOR_CALLS_DAYS: int(90, 0, 36_500, 'The log of calls to piaozone (one row per call, every 4.17 poll included) keeps this many days; older rows are deleted in small batches. 0: keep everything. Tasks, their invoices, the latest states and the audit trail are never deleted.'),
  RETENTION_WEBHOOK_DELIVERIES_DAYS: int(30, 0, 36_500, 'Webhook deliveries that were delivered or given up (failed) are kept this many days after their event and their last try, then deleted in small batches; pending ones are never deleted. 0: keep everything.'),
  RETENTION_INTERVAL_MS: int(3600000, 1000, 604_800_000, 'Pruning (RETENTION_*) runs about 10 s after start and then this often, in one process at a time among those sharing the database (where the worker runs); rows pruned are counted in gateway_retention_pruned_total.'),
  PIAOZONE_BATCH_SIZE: int(100, 1, 1000, 'Invoices per vendor invoiceRecorded call; larger submissions are split.'),
})
/** The parsed variables: numbers, lists and regular expressions in place of their text. */
export type Settings = Static<typeof ConfigSchema>

const keyword = (schema: object, key: string): unknown => Reflect.get(schema, key)

function variable(name: string, schema: object): Variable {
  const type = keyword(schema, 'type')
  const values = keyword(schema, 'enum')
  const def = keyword(schema, 'default')
  const min = keyword(schema, 'minimum')
  const max = keyword(schema, 'maximum')
  const kind = type === 'integer' ? 'int' : type === 'array' ? 'list' : Array.isArray(values) ? 'enum' : keyword(schema, 'x-kind') === 'pattern' ? 'pattern' : 'string'
  return {
    name,
    description: String(keyword(schema, 'description')),
    kind,
    default: def === undefined ? undefined : Array.isArray(def) ? def.join(',') : String(def),
    min: typeof min === 'number' ? min : undefined,
    max: typeof max === 'number' ? max : undefined,
    values: Array.isArray(values) ? values.map(String) : undefined,
    secret: keyword(schema, 'secret') === true || undefined,
    requiredForVendor: keyword(schema, 'requiredForVendor') === true || undefined,
  }
}

export const VARIABLES: readonly Variable[] = Object.entries(ConfigSchema.properties).map(([name, schema]) => variable(name, schema))
