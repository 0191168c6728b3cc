// ERP clients and their API keys: what the CLI manages and what authentication reads.
import type { PrismaClient } from '../generated/prisma/client.ts'
import { taxNoProblem } from '../recording/tax-no.ts'
import { newApiKey, parseApiKey, secretMatches } from './keys.ts'

export interface AuthenticatedClient {
  clientId: string
  apiKeyId: string
  name: string
  /** Empty: any tax number. */
  taxNos: string[]
  businessSystemCode: string | null
}

export class ClientError extends Error {}

export class ClientService {
  constructor(private readonly prisma: PrismaClient) {}

  async addClient(name: string, taxNos: string[] = [], businessSystemCode?: string) {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new ClientError(`client name '${name}' must be 1–64 letters, digits, '.', '_' or '-'`)
    for (const t of taxNos) {
      const problem = taxNoProblem(t)
      if (problem) throw new ClientError(`--tax-no ${t}: ${problem}`)
    }
    if (await this.prisma.client.findUnique({ where: { name } })) throw new ClientError(`a client named '${name}' exists already`)
    const client = await this.prisma.client.create({ data: { name, taxNos, businessSystemCode } })
    const key = await this.addKey(name)
    return { client, key }
  }

  async addKey(clientName: string) {
    const client = await this.prisma.client.findUnique({ where: { name: clientName } })
    if (!client || client.revokedAt) throw new ClientError(`no active client named '${clientName}'`)
    const { id, key, secretHash } = newApiKey()
    await this.prisma.apiKey.create({ data: { id, clientId: client.id, secretHash } })
    return { id, key }
  }

  async revokeKey(keyId: string) {
    const { count } = await this.prisma.apiKey.updateMany({ where: { id: keyId, revokedAt: null }, data: { revokedAt: new Date() } })
    if (!count) throw new ClientError(`no active key '${keyId}'`)
  }

  /** Revokes the client and every key it has. Its tasks stay, and still finish. */
  async revokeClient(name: string) {
    const client = await this.prisma.client.findUnique({ where: { name } })
    if (!client || client.revokedAt) throw new ClientError(`no active client named '${name}'`)
    const now = new Date()
    await this.prisma.$transaction([
      this.prisma.client.update({ where: { id: client.id }, data: { revokedAt: now } }),
      this.prisma.apiKey.updateMany({ where: { clientId: client.id, revokedAt: null }, data: { revokedAt: now } }),
    ])
  }

  list() {
    return this.prisma.client.findMany({
      orderBy: { createdAt: 'asc' },
      include: { apiKeys: { select: { id: true, createdAt: true, revokedAt: true, lastUsedAt: true }, orderBy: { createdAt: 'asc' } } },
    })
  }

  count() {
    return this.prisma.client.count()
  }

  /** The client behind an API key, or undefined for a malformed, unknown or revoked key. */
  async authenticate(key: string): Promise<AuthenticatedClient | undefined> {
    const parsed = parseApiKey(key)
    if (!parsed) return undefined
    const row = await this.prisma.apiKey.findUnique({ where: { id: parsed.id }, include: { client: true } })
    if (!row || row.revokedAt || row.client.revokedAt || !secretMatches(parsed.secret, row.secretHash)) return undefined
    return { clientId: row.clientId, apiKeyId: row.id, name: row.client.name, taxNos: row.client.taxNos, businessSystemCode: row.client.businessSystemCode }
  }
}
