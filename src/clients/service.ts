// ERP clients and their API keys: what the CLI manages and what authentication reads.
import { sql, type Sql } from '../db/sql.ts'
import type { PrismaClient } from '../generated/prisma/client.ts'
import { taxNoProblem } from '../tax-numbers/tax-no.ts'
import { newApiKey, parseApiKey, secretMatches } from './keys.ts'
import { type Text, t } from '../i18n/index.ts'

export interface AuthenticatedClient {
  clientId: string
  apiKeyId: string
  name: string
  /** The tax numbers it may act for … */
  taxNos: string[]
  /** … or every one (granted explicitly). */
  anyTaxNo: boolean
  businessSystemCode: string | null
}

/** A command the CLI refuses, in both languages (the CLI shows it in its own). */
export class ClientError extends Error {
  /** withUsage: the command line itself was wrong, so the usage follows the message. */
  constructor(
    readonly text: Text,
    readonly withUsage = false,
  ) {
    super(text.en)
  }
}

/** The key and its client, by key id: the only statement authentication runs (on a cache miss). */
const KEY_WITH_CLIENT = sql<{
  id: string
  clientId: string
  secretHash: string
  revokedAt: Date | null
  name: string
  taxNos: string[]
  anyTaxNo: boolean
  businessSystemCode: string | null
  clientRevokedAt: Date | null
}>(`
  SELECT k.id, k."clientId"::text AS "clientId", k."secretHash", k."revokedAt", c.name, c."taxNos", c."anyTaxNo", c."businessSystemCode",
         c."revokedAt" AS "clientRevokedAt"
  FROM "ApiKey" k JOIN "Client" c ON c.id = k."clientId" WHERE k.id = $1`)
const TOUCH_KEY = sql<Record<string, never>>('UPDATE "ApiKey" SET "lastUsedAt" = now() WHERE id = $1')
/** lastUsedAt is written at most this often per key and process: the day an unused key can be revoked, not each call. */
const TOUCH_EVERY_MS = 60_000
// At every start: these run on the driver, so an idle gateway never loads Prisma's query engine (about 60 MB).
const CLIENT_COUNT = sql<{ n: number }>('SELECT count(*)::int AS n FROM "Client"')
const ACTIVE_SANDBOX_CLIENTS = sql<{ name: string }>('SELECT name FROM "Client" WHERE "sandboxOnly" AND "revokedAt" IS NULL ORDER BY "createdAt"')

/** The client the first start on the built-in sandbox makes, so a newcomer can try the API at once. */
export const DEMO_CLIENT = 'demo'

/** NOTIFY channel telling every gateway process that keys were revoked (payload: the key ids, comma-separated). */
export const REVOKED_CHANNEL = 'ruzhang_keys_revoked'

export class ClientService {
  /** Keys that authenticated recently, by key id, with their secret's hash (see authenticate). */
  private readonly recent = new Map<string, { client: AuthenticatedClient; secretHash: string; until: number }>()
  /** When this process last wrote each key's lastUsedAt. */
  private readonly touched = new Map<string, number>()

  /**
   * @param authCacheMs how long a key that authenticated is trusted without asking the database again. A revoked
   * key stops at once in this process, and in every other one that listens on REVOKED_CHANNEL (buildApp does).
   */
  private readonly prisma: PrismaClient
  private readonly sql: Sql

  constructor(
    db: { prisma: PrismaClient; sql: Sql },
    private readonly authCacheMs = 0,
  ) {
    this.prisma = db.prisma
    this.sql = db.sql
  }

  /**
   * A client and its first key. `access`: the tax numbers it may act for, or 'any' (every tax number the gateway's
   * accounts serve): tax numbers are denied by default, so one of the two must be given.
   */
  async addClient(name: string, access: string[] | 'any', businessSystemCode?: string, sandboxOnly = false) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new ClientError(t("client name '{name}' must be 1–64 letters, digits, '.', '_' or '-'", { name }))
    const taxNos = access === 'any' ? [] : access
    if (access !== 'any' && !taxNos.length) {
      throw new ClientError(t('client {name}: say which tax numbers it may act for (--tax-no <taxNo>, once per tax number), or --any-tax-no for every one', { name }))
    }
    for (const taxNo of taxNos) {
      const problem = taxNoProblem(taxNo)
      if (problem) throw new ClientError(t('--tax-no {taxNo}: {problem}', { taxNo, problem }))
    }
    if (await this.prisma.client.findUnique({ where: { name } })) throw new ClientError(t("a client named '{name}' exists already", { name }))
    const client = await this.prisma.client.create({ data: { name, taxNos, anyTaxNo: access === 'any', businessSystemCode, sandboxOnly } })
    const key = await this.addKey(name)
    return { client, key }
  }

  async addKey(clientName: string) {
    const client = await this.prisma.client.findUnique({ where: { name: clientName } })
    if (!client || client.revokedAt) throw new ClientError(t("no active client named '{name}'", { name: clientName }))
    const { id, key, secretHash } = newApiKey()
    await this.prisma.apiKey.create({ data: { id, clientId: client.id, secretHash } })
    return { id, key }
  }

  async hasActiveClient(name: string): Promise<boolean> {
    const client = await this.prisma.client.findUnique({ where: { name } })
    return Boolean(client && !client.revokedAt)
  }

  /**
   * Sandbox mode only (the caller knows): a key for the demo client, made again when it is missing (the database had
   * clients at the first start) or was revoked (a start against real piaozone does that). It stays sandbox-only.
   */
  async addDemoKey() {
    const demo = await this.prisma.client.findUnique({ where: { name: DEMO_CLIENT } })
    if (!demo) return { ...(await this.addClient(DEMO_CLIENT, 'any', undefined, true)).key, madeAgain: true }
    // Its old keys stay revoked; a client named demo that an operator made is left as it is.
    const revive = demo.revokedAt !== null && demo.sandboxOnly
    if (revive) await this.prisma.client.update({ where: { id: demo.id }, data: { revokedAt: null } })
    return { ...(await this.addKey(DEMO_CLIENT)), madeAgain: revive }
  }

  async revokeKey(keyId: string) {
    const { count } = await this.prisma.apiKey.updateMany({ where: { id: keyId, revokedAt: null }, data: { revokedAt: new Date() } })
    if (!count) throw new ClientError(t("no active key '{keyId}'", { keyId }))
    await this.announceRevoked([keyId])
  }

  /**
   * Tells every process sharing the database (and this one) to forget these keys now, instead of trusting them
   * for the rest of AUTH_CACHE_MS.
   */
  private async announceRevoked(keyIds: string[]): Promise<void> {
    this.forget(keyIds.join(','))
    await this.prisma.$executeRaw`SELECT pg_notify(${REVOKED_CHANNEL}, ${keyIds.join(',')})`
  }

  /** Drops the cached authentication of these keys (a REVOKED_CHANNEL payload). */
  forget(payload: string): void {
    for (const id of payload.split(',')) this.recent.delete(id)
  }

  /** Revokes the client and every key it has. Its tasks stay, and still finish. */
  async revokeClient(name: string) {
    const client = await this.prisma.client.findUnique({ where: { name } })
    if (!client || client.revokedAt) throw new ClientError(t("no active client named '{name}'", { name }))
    const now = new Date()
    const keys = await this.prisma.apiKey.findMany({ where: { clientId: client.id }, select: { id: true } })
    await this.prisma.$transaction([
      this.prisma.client.update({ where: { id: client.id }, data: { revokedAt: now } }),
      this.prisma.apiKey.updateMany({ where: { clientId: client.id, revokedAt: null }, data: { revokedAt: now } }),
    ])
    await this.announceRevoked(keys.map((k) => k.id))
  }

  /** Revokes every client made for the sandbox, with its keys; returns their names. For a start against real piaozone. */
  async revokeSandboxClients(): Promise<string[]> {
    const names: string[] = []
    for (const c of await this.sql.query(ACTIVE_SANDBOX_CLIENTS)) {
      await this.revokeClient(c.name)
      names.push(c.name)
    }
    return names
  }

  list() {
    return this.prisma.client.findMany({
      orderBy: { createdAt: 'asc' },
      include: { apiKeys: { select: { id: true, createdAt: true, revokedAt: true, lastUsedAt: true }, orderBy: { createdAt: 'asc' } } },
    })
  }

  async count(): Promise<number> {
    const [row] = await this.sql.query(CLIENT_COUNT)
    return row.n
  }

  /** The client behind an API key, or undefined for a malformed, unknown or revoked key. */
  async authenticate(key: string): Promise<AuthenticatedClient | undefined> {
    const parsed = parseApiKey(key)
    if (!parsed) return undefined
    const cached = this.recent.get(parsed.id)
    if (cached && cached.until > Date.now() && secretMatches(parsed.secret, cached.secretHash)) return this.used(cached.client)
    const [row] = await this.sql.query(KEY_WITH_CLIENT, [parsed.id])
    if (!row || row.revokedAt || row.clientRevokedAt || !secretMatches(parsed.secret, row.secretHash)) return undefined
    const client = { clientId: row.clientId, apiKeyId: row.id, name: row.name, taxNos: row.taxNos, anyTaxNo: row.anyTaxNo, businessSystemCode: row.businessSystemCode }
    // Only successes are remembered, so a key made a moment ago works at once.
    if (this.authCacheMs > 0) this.recent.set(row.id, { client, secretHash: row.secretHash, until: Date.now() + this.authCacheMs })
    return this.used(client)
  }

  /** Records that a key was used, at most once a minute per key here, off the request's path (a failed write is tried again at the next use). */
  private used(client: AuthenticatedClient): AuthenticatedClient {
    const now = Date.now()
    if (now - (this.touched.get(client.apiKeyId) ?? 0) >= TOUCH_EVERY_MS) {
      this.touched.set(client.apiKeyId, now)
      this.sql.query(TOUCH_KEY, [client.apiKeyId]).catch(() => this.touched.delete(client.apiKeyId))
    }
    return client
  }
}
