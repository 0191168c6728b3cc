// The operator's side of webhooks (`npm run cli -- webhooks …`): one endpoint per ERP client, its signing secret
// shown once when set or rotated.
import type { PrismaClient } from '../generated/prisma/client.ts'
import { ClientError } from '../clients/service.ts'
import { newSecret } from './signing.ts'
import { isLoopbackHost, literalHostProblem } from './targets.ts'
import { type Text, t } from '../i18n/index.ts'

/**
 * Why `url` cannot be an endpoint, or undefined when it can. A name is checked only when sent to (it may resolve
 * elsewhere by then, src/webhooks/targets.ts); an address literal that is not public is refused now.
 */
export function endpointUrlProblem(url: string, allowPrivateTargets: boolean): Text | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return t("'{url}' is not an absolute URL (e.g. https://erp.example.com/hooks/ruzhang)", { url })
  }
  if (url.length > 2000) return t('the URL is longer than 2,000 characters')
  if (parsed.username || parsed.password) return t('the URL must not hold a user or password: the signature is how the ERP knows the sender')
  if (parsed.protocol === 'https:') return literalHostProblem(parsed, allowPrivateTargets)
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed) && allowPrivateTargets) return undefined
  return t('the URL must be https:// (plain http:// only to a loopback address such as 127.0.0.1, with WEBHOOK_ALLOW_PRIVATE_TARGETS=true), not {target}', { target: `${parsed.protocol}//${parsed.hostname}` })
}

export class WebhookEndpoints {
  /** @param allowPrivateTargets WEBHOOK_ALLOW_PRIVATE_TARGETS: loopback and private address literals may be set. */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly allowPrivateTargets = false,
  ) {}

  private async clientId(name: string): Promise<string> {
    const client = await this.prisma.client.findUnique({ where: { name } })
    if (!client || client.revokedAt) throw new ClientError(t("no active client named '{name}'", { name }))
    return client.id
  }

  /** Sets (or replaces) the client's endpoint with a new secret, which it returns: it is shown only now. */
  async set(clientName: string, url: string): Promise<string> {
    const problem = endpointUrlProblem(url, this.allowPrivateTargets)
    if (problem) throw new ClientError(t('webhook URL refused: {problem}', { problem }))
    const clientId = await this.clientId(clientName)
    const secret = newSecret()
    const fields = { url, secret, previousSecret: null, previousSecretUntil: null, updatedAt: new Date() }
    await this.prisma.webhookEndpoint.upsert({ where: { clientId }, create: { clientId, ...fields }, update: fields })
    return secret
  }

  /** A new secret; the old one keeps signing too (a second signature) for `graceMs`, so the ERP can switch without a gap. */
  async rotate(clientName: string, graceMs: number): Promise<{ secret: string; oldValidUntil: Date }> {
    const clientId = await this.clientId(clientName)
    const endpoint = await this.prisma.webhookEndpoint.findUnique({ where: { clientId } })
    if (!endpoint) throw new ClientError(t("client '{name}' has no webhook endpoint; set one with: webhooks set {name} <url>", { name: clientName }))
    const secret = newSecret()
    const oldValidUntil = new Date(Date.now() + graceMs)
    await this.prisma.webhookEndpoint.update({ where: { clientId }, data: { secret, previousSecret: endpoint.secret, previousSecretUntil: oldValidUntil, updatedAt: new Date() } })
    return { secret, oldValidUntil }
  }

  /** Removes the endpoint: no more events are recorded for the client, and those not yet delivered are given up. */
  async remove(clientName: string): Promise<number> {
    const clientId = await this.clientId(clientName)
    const [removed, abandoned] = await this.prisma.$transaction([
      this.prisma.webhookEndpoint.deleteMany({ where: { clientId } }),
      this.prisma.webhookDelivery.updateMany({
        where: { clientId, state: 'pending' },
        data: { state: 'failed', lastError: t('the webhook endpoint was removed').en, leaseOwner: null, leaseUntil: null },
      }),
    ])
    if (!removed.count) throw new ClientError(t("client '{name}' has no webhook endpoint", { name: clientName }))
    return abandoned.count
  }

  /** Every endpoint with its client's name; never the secrets. */
  async list() {
    const [endpoints, clients] = await Promise.all([
      this.prisma.webhookEndpoint.findMany({ select: { clientId: true, url: true, previousSecretUntil: true, updatedAt: true } }),
      this.prisma.client.findMany({ select: { id: true, name: true } }),
    ])
    const names = new Map(clients.map((c) => [c.id, c.name]))
    return endpoints
      .map((e) => ({ client: names.get(e.clientId) ?? e.clientId, url: e.url, rotating: e.previousSecretUntil && e.previousSecretUntil > new Date() ? e.previousSecretUntil : null }))
      .sort((a, b) => a.client.localeCompare(b.client))
  }
}
