// Bearer API keys on the /v1 subtree: a hook on the whole scope, so no route can forget it.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AuthenticatedClient, ClientService } from '../clients/service.ts'
import { AppError } from '../errors.ts'
import { t } from '../i18n/index.ts'

declare module 'fastify' {
  interface FastifyRequest {
    client: AuthenticatedClient | null
  }
}

/**
 * The client registerAuth found for this request. Only routes inside registerAuth's scope ask, and there a request
 * without one never reaches its handler; one asking elsewhere is a bug, a 500.
 */
export function authenticatedClient(request: FastifyRequest): AuthenticatedClient {
  if (!request.client) throw new Error('no authenticated client: this route is outside registerAuth')
  return request.client
}

export function registerAuth(scope: FastifyInstance, clients: ClientService): void {
  scope.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization
    if (!header) throw new AppError(401, 'UNAUTHORIZED', t('missing Authorization header; send "Authorization: Bearer <API key>"'))
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match) throw new AppError(401, 'UNAUTHORIZED', t('the Authorization header must be "Bearer <API key>"'))
    const client = await clients.authenticate(match[1])
    if (!client) throw new AppError(401, 'UNAUTHORIZED', t('the API key is unknown or revoked'))
    request.client = client
  })
}
