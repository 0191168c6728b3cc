// Delivers the webhook outbox (WebhookDelivery rows, inserted by the statements that change what they report):
// claims due rows with FOR UPDATE SKIP LOCKED and a lease, so any number of gateway processes share the work and
// never send one attempt twice; POSTs each, signed; on anything but a 2xx in time, tries again with backoff
// doubling from WEBHOOK_RETRY_BASE_MS to WEBHOOK_RETRY_MAX_MS, for WEBHOOK_RETRY_FOR_MS, with the same
// webhook-id. It runs beside the worker and shares nothing with it, so a slow or dead endpoint never slows recording.
// Each try goes only to addresses checked at that moment (src/webhooks/targets.ts).
import { randomUUID } from 'node:crypto'
import type { LookupAddress } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { sql, type Sql } from '../db/sql.ts'
import { WorkLoop } from '../work-loop.ts'
import type { WorkerLogger } from '../recording/worker.ts'
import { signatureHeader } from './signing.ts'
import { checkedAddresses, pinnedLookup, type Resolver, systemResolver, TargetRefused } from './targets.ts'
import { isErrnoException } from '../guards.ts'
import { t } from '../i18n/index.ts'

export interface WebhookConfig {
  /** A try without a complete answer in this long has failed. */
  timeoutMs: number
  retryBaseMs: number
  retryMaxMs: number
  /** Tries stop this long after the event (or its last redelivery): the delivery is then `failed`. */
  retryForMs: number
  /** Deliveries in flight at once, in this process. */
  concurrency: number
  /** Pause between looks for due deliveries when there were none (an event of this process wakes it at once). */
  idleMs: number
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: targets may resolve to loopback, private, link-local … addresses. */
  allowPrivateTargets: boolean
  /** How target names are resolved (default: dns.lookup); tests substitute one. */
  resolve?: Resolver
}

export type DeliveryResult = 'delivered' | 'retry' | 'failed'

interface Claimed {
  id: string
  payload: string
  attempts: number
  retryFrom: Date
  url: string | null
  secret: string | null
  previousSecret: string | null
  clientRevoked: boolean
}

const S = {
  claim: sql<Claimed>(`
    WITH claimed AS (
      UPDATE "WebhookDelivery" SET "leaseOwner" = $1, "leaseUntil" = now() + $3 * interval '1 millisecond'
      WHERE id IN (
        SELECT id FROM "WebhookDelivery"
        WHERE state = 'pending' AND "nextAttemptAt" <= now() AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
        ORDER BY "nextAttemptAt" LIMIT $2
        FOR UPDATE SKIP LOCKED)
      RETURNING id, "clientId", payload, attempts, "retryFrom")
    SELECT c.id, c.payload, c.attempts, c."retryFrom", w.url, w.secret, CASE WHEN w."previousSecretUntil" > now() THEN w."previousSecret" END AS "previousSecret",
           cl."revokedAt" IS NOT NULL AS "clientRevoked"
    FROM claimed c LEFT JOIN "WebhookEndpoint" w ON w."clientId" = c."clientId" LEFT JOIN "Client" cl ON cl.id = c."clientId"::uuid`),
  // Each result is written only by the holder of the lease: a process that lost it (too slow) writes nothing.
  delivered: sql<Record<string, never>>(`
    UPDATE "WebhookDelivery" SET state = 'delivered', attempts = attempts + 1, "lastAttemptAt" = $3, "lastStatus" = $4, "lastError" = NULL,
           "deliveredAt" = now(), "leaseOwner" = NULL, "leaseUntil" = NULL
    WHERE id = $1 AND "leaseOwner" = $2`),
  notDelivered: sql<Record<string, never>>(`
    UPDATE "WebhookDelivery" SET state = $5::"WebhookDeliveryState", attempts = attempts + 1, "lastAttemptAt" = $3, "lastStatus" = $4, "lastError" = $6,
           "nextAttemptAt" = $7, "leaseOwner" = NULL, "leaseUntil" = NULL
    WHERE id = $1 AND "leaseOwner" = $2`),
  release: sql<Record<string, never>>('UPDATE "WebhookDelivery" SET "leaseOwner" = NULL, "leaseUntil" = NULL WHERE id = ANY($1::text[]) AND "leaseOwner" = $2'),
}

/** The wait before try `attempt + 1` after `attempt` failed tries: doubling from the base, capped. */
export const retryDelay = (config: Pick<WebhookConfig, 'retryBaseMs' | 'retryMaxMs'>, attempt: number): number =>
  Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** Math.min(attempt - 1, 30))

export class WebhookDeliverer {
  readonly owner = `webhooks-${randomUUID()}`
  private readonly loop: WorkLoop
  private readonly active = new Map<string, Promise<void>>()
  /** Aborts the tries in flight when the process stops: they are handed back, uncounted, for any process to send again. */
  private stopping = new AbortController()

  constructor(
    private readonly sql: Sql,
    private readonly config: WebhookConfig,
    private readonly log: WorkerLogger,
    private readonly onResult: (result: DeliveryResult) => void = () => {},
    private readonly userAgent = 'ruzhang-gateway',
  ) {
    this.loop = new WorkLoop(() => this.fillSlots(), config.idleMs, (err) => this.log.error({ err }, 'webhook deliverer could not claim deliveries'))
  }

  /** A lease outlives the try's timeout, so a live process never loses a delivery it is sending. */
  private get leaseMs(): number {
    return 2 * this.config.timeoutMs + 1000
  }

  start(): void {
    if (this.loop.isRunning) return
    this.stopping = new AbortController()
    this.loop.start()
  }

  /** Stops claiming, aborts the tries in flight and gives their deliveries back (another process may send them at once). */
  async stop(): Promise<void> {
    await this.loop.stop()
    this.stopping.abort()
    await Promise.all(this.active.values())
  }

  wake(): void {
    this.loop.wake()
  }

  private async fillSlots(): Promise<number> {
    const free = this.config.concurrency - this.active.size
    if (free <= 0) return 0
    const claimed = await this.sql.query(S.claim, [this.owner, free, this.leaseMs])
    for (const delivery of claimed) {
      const sending = this.deliver(delivery)
        .catch((err) => this.log.error({ err, deliveryId: delivery.id }, 'webhook delivery could not be recorded'))
        .finally(() => {
          this.active.delete(delivery.id)
          this.wake()
        })
      this.active.set(delivery.id, sending)
    }
    return claimed.length
  }

  private async deliver(d: Claimed): Promise<void> {
    const attempt = d.attempts + 1
    const at = new Date()
    // A revoked client's events are never sent: it is no longer trusted with what happens to its tasks.
    if (d.clientRevoked) return this.notDelivered(d, attempt, at, null, t('client revoked').en, true)
    if (!d.url || !d.secret) return this.notDelivered(d, attempt, at, null, t('the client has no webhook endpoint any more').en, true)
    const timestamp = Math.floor(at.getTime() / 1000)
    const secrets = d.previousSecret ? [d.secret, d.previousSecret] : [d.secret]
    const timeout = AbortSignal.timeout(this.config.timeoutMs)
    const signal = AbortSignal.any([timeout, this.stopping.signal])
    let status: number | null = null
    let problem: string | undefined
    try {
      const url = new URL(d.url)
      // A refused target is a failed try like a refused connection: retried with backoff until WEBHOOK_RETRY_FOR_MS,
      // since what cures it (the name's DNS records, the endpoint, the setting) is an operator's change that may come.
      const addresses = await untilAborted(checkedAddresses(url, this.config.allowPrivateTargets, this.config.resolve ?? systemResolver), signal)
      status = await post(url, addresses, signal, d.payload, {
        'content-type': 'application/json',
        'user-agent': this.userAgent,
        'webhook-id': d.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(secrets, d.id, timestamp, d.payload),
      })
      if (status >= 200 && status < 300) {
        await this.sql.query(S.delivered, [d.id, this.owner, at, status])
        this.onResult('delivered')
        return
      }
      problem = t('HTTP {status}', { status }).en
    } catch (err) {
      // Stopped mid-try: the receiver may have it or not; at least once means it is sent again, as the same try.
      if (this.stopping.signal.aborted) return void (await this.sql.query(S.release, [[d.id], this.owner]))
      if (err instanceof TargetRefused) problem = err.message
      else problem = timeout.aborted ? t('no complete answer within {ms} ms', { ms: this.config.timeoutMs }).en : describeFailure(err)
    }
    await this.notDelivered(d, attempt, at, status, problem, false)
  }

  private async notDelivered(d: Claimed, attempt: number, at: Date, status: number | null, problem: string, final: boolean): Promise<void> {
    const next = new Date(Date.now() + retryDelay(this.config, attempt))
    const giveUp = final || next.getTime() > d.retryFrom.getTime() + this.config.retryForMs
    await this.sql.query(S.notDelivered, [d.id, this.owner, at, status, giveUp ? 'failed' : 'pending', problem, next])
    this.onResult(giveUp ? 'failed' : 'retry')
    this.log.warn({ deliveryId: d.id, attempt, status, problem }, giveUp ? 'webhook delivery given up' : 'webhook delivery failed; will retry')
  }
}

/** What went wrong with a try, for lastError: never the URL's query or anything the endpoint sent. */
function describeFailure(err: unknown): string {
  if (isErrnoException(err) && err.code) return t('could not connect ({code})', { code: err.code }).en
  return t('request failed ({name})', { name: err instanceof Error ? err.name : typeof err }).en
}

/** `work`, or the signal's reason once it aborts (a name lookup cannot be cancelled, only stopped waiting for). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))])
}

/**
 * One POST to the checked addresses only (the pinned lookup), its status. Redirects are not followed; the
 * answer's body is not read, only its status counts. No connection is kept: each try connects to what it checked.
 */
function post(url: URL, addresses: LookupAddress[], signal: AbortSignal, body: string, headers: Record<string, string>): Promise<number> {
  const transport = url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const options = { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, lookup: pinnedLookup(addresses), agent: false, signal }
    const request = transport.request(url, options, (response) => {
      resolve(response.statusCode ?? 0)
      response.destroy()
    })
    request.on('error', reject)
    request.end(body)
  })
}
