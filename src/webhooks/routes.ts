// GET /v1/webhook-deliveries and POST /v1/webhook-deliveries/{id}/redeliver: the caller's own deliveries.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { bearerAuth, v1Errors } from '../http/schemas.ts'
import { deliveryIn, type WebhookDeliveries } from './deliveries.ts'
import { requestLang } from '../plugins/errors.ts'
import type { WebhookDeliverer } from './deliverer.ts'
import { Delivery, DeliveryList, DeliveryParams, DeliveryQuery } from './schemas.ts'


export interface WebhookRoutesDeps {
  deliveries: WebhookDeliveries
  deliverer: WebhookDeliverer
  clientId: (request: FastifyRequest) => string
}

export async function webhookRoutes(root: FastifyInstance, deps: WebhookRoutesDeps) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>()
  app.get(
    '/v1/webhook-deliveries',
    {
      schema: {
        tags: ['webhooks'],
        security: bearerAuth,
        operationId: 'listWebhookDeliveries',
        summary: 'Your webhook events and how their delivery went, newest first',
        description: 'An event is recorded for your endpoint (set by an operator) when one of your tasks finishes, waits for a tax-bureau login, or stalls.',
        querystring: DeliveryQuery,
        response: { 200: DeliveryList, ...v1Errors(400) },
      },
    },
    async (request) => {
      const page = await deps.deliveries.list(deps.clientId(request), request.query)
      const lang = requestLang(request)
      return { ...page, items: page.items.map((d) => deliveryIn(d, lang)) }
    },
  )
  app.post(
    '/v1/webhook-deliveries/:id/redeliver',
    {
      schema: {
        tags: ['webhooks'],
        security: bearerAuth,
        operationId: 'redeliverWebhook',
        summary: 'Send an event to your endpoint again',
        description: 'Delivered or given up alike: it is sent again at once, with the same webhook-id, and retried as a new event would be. 409 when no endpoint is set.',
        params: DeliveryParams,
        response: { 202: Delivery, ...v1Errors(400, 404, 409) },
      },
    },
    async (request, reply) => {
      const delivery = await deps.deliveries.redeliver(deps.clientId(request), request.params.id)
      deps.deliverer.wake()
      return reply.code(202).send(deliveryIn(delivery, requestLang(request)))
    },
  )
}
