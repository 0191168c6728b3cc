// OpenAPI from the route schemas, and Swagger UI at /docs (its assets are in the package: works offline).
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { components } from '../components.ts'
import { isRecord } from '../guards.ts'
import { errorExample } from '../http/schemas.ts'
import { WEBHOOK_EVENTS } from '../webhooks/schemas.ts'

/** The first example a named component carries, for the media types that refer to it (Swagger UI and the Postman converter read the media type's `example`). */
function componentExample(ref: unknown): unknown {
  if (typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')) return undefined
  const examples = components()[ref.slice('#/components/schemas/'.length)]?.examples
  return Array.isArray(examples) ? structuredClone(examples[0]) : undefined
}

/** The objects among `value`'s own values, with their keys (e.g. an operation's responses by status): the document is walked as plain JSON. */
function objectsIn(value: unknown): [string, Record<string, unknown>][] {
  return isRecord(value) ? Object.entries(value).flatMap(([key, v]) => (isRecord(v) ? [[key, v]] : [])) : []
}

/** A media type's schema, or an empty one. */
const schemaOf = (media: Record<string, unknown>): Record<string, unknown> => (isRecord(media.schema) ? media.schema : {})

const SIGNATURE_HEADERS = [
  { name: 'webhook-id', description: 'The delivery\'s id: the same on every try and redelivery; deduplicate on it', example: 'msg_0f6c2b1e9a4d4c7e8b5a3d2c1e0f9a8b' },
  { name: 'webhook-timestamp', description: 'When this try was sent, in Unix seconds; refuse one far from your clock (replays)', example: '1764144003' },
  {
    name: 'webhook-signature',
    description: 'v1,<base64 of HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}` with your signing secret (whsec_…, its key base64)>; several, space-separated, while a secret rotates: accept any that verifies',
    example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  },
]

/**
 * The `webhooks` of the document (OpenAPI 3.1): each event type the gateway POSTs to a client's endpoint, its body's
 * component and the Standard Webhooks headers it is signed with (src/webhooks/signing.ts).
 */
function webhooks() {
  return Object.fromEntries(
    WEBHOOK_EVENTS.map(({ type, component, summary, example }) => {
      return [
        type,
        {
          post: {
            tags: ['webhooks'],
            operationId: `webhook_${type.replace(/\./g, '_')}`,
            summary,
            description:
              'POSTed to your client\'s endpoint (`npm run cli -- webhooks set`), signed as Standard Webhooks (standardwebhooks.com) says: verify webhook-signature with your secret before trusting the body. ' +
              'Delivered at least once: deduplicate on webhook-id. Any 2xx within WEBHOOK_TIMEOUT_MS is delivered; anything else is tried again with backoff until WEBHOOK_RETRY_FOR_MS. GET /v1/webhook-deliveries shows each delivery.',
            security: [],
            parameters: SIGNATURE_HEADERS.map(({ name, description, example }) => ({ in: 'header', name, required: true, description, schema: { type: 'string' }, example })),
            requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${component}` }, example } } },
            responses: {
              '200': { description: 'Any 2xx: delivered' },
              default: { description: 'Any other answer, or none within WEBHOOK_TIMEOUT_MS: tried again with backoff until WEBHOOK_RETRY_FOR_MS, then given up (GET /v1/webhook-deliveries, POST …/redeliver)' },
            },
          },
        },
      ]
    }),
  )
}

/**
 * @param freshInvoiceNo on the built-in sandbox: a made-up invoice number the sandbox takes, put into the submit
 * example each time the document is served, so "Try it out" works on any database, as often as you like. The
 * example Idempotency-Key goes with it: a key used before with another body is a 422.
 */
export async function registerSwagger(app: FastifyInstance, version: string, freshInvoiceNo?: () => string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      // The gateway that serves this document (Swagger UI's "Try it out" goes to the page's own origin); Postman: the baseUrl variable.
      servers: [{ url: '/', description: 'This gateway' }],
      info: {
        title: '税局入账 gateway',
        version,
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        description:
          'Marks received VAT invoices (进项发票) as 入账 at the tax bureau through Kingdee 发票云 (piaozone). Submit a batch, get 202 at once, ask later what became of every invoice.',
      },
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key (rzk_…). On the built-in sandbox: the demo key printed by the first `npm start`; otherwise from `npm run cli -- clients add <name>`.',
          },
        },
      },
      tags: [
        { name: 'recording', description: '入账 tasks' },
        { name: 'invoices', description: 'Your invoices: search and export, one invoice\'s 入账状态 and audit trail, the month-end summary' },
        { name: 'tax-bureau', description: '税局登录' },
        { name: 'auto-entry', description: '自动入账: invoices handed over, rules by source, document type and invoice kind, and their scheduled runs' },
        { name: 'webhooks', description: 'Events POSTed to your endpoint (the webhooks of this document), and their deliveries' },
        { name: 'health', description: 'Liveness and readiness, for load balancers and orchestrators (no API key)' },
      ],
    },
    // A response declared per content type keeps its examples in its schema; Swagger UI and the Postman converter
    // read a media type's `example`, as @fastify/swagger writes it for the other responses.
    transformObject: (documents) => {
      const doc = 'openapiObject' in documents ? documents.openapiObject : documents.swaggerObject
      for (const [, methods] of objectsIn(doc.paths)) {
        for (const [, op] of objectsIn(methods)) {
          for (const [status, response] of objectsIn(op.responses)) {
            for (const [, media] of objectsIn(response.content)) {
              const schema = schemaOf(media)
              if (media.example === undefined && Array.isArray(schema.examples)) media.example = schema.examples[0]
              if (media.example === undefined && schema.$ref === '#/components/schemas/ErrorBody') media.example = errorExample(Number(status))
              if (media.example === undefined) media.example = componentExample(schema.$ref)
            }
          }
          for (const [, media] of objectsIn(isRecord(op.requestBody) ? op.requestBody.content : undefined)) {
            if (media.example === undefined) media.example = componentExample(schemaOf(media).$ref)
          }
        }
      }
      return Object.assign(doc, { webhooks: webhooks() })
    },
    // Name components after the schema $id ("Error") instead of def-0, def-1 …
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    transformSpecificationClone: true,
    transformSpecification: (spec) => {
      const submit = spec.paths?.['/v1/recording-tasks']?.post
      const example = submit?.requestBody?.content?.['application/json']?.example
      if (freshInvoiceNo && example?.invoices?.[0]) {
        const invoiceNo = freshInvoiceNo()
        Object.assign(example, { reference: `AP-${invoiceNo.slice(-6)}` })
        Object.assign(example.invoices[0], { invoiceNo, invoiceCode: '', serialNo: undefined })
        const key = submit.parameters?.find((p: { name?: string }) => p.name === 'idempotency-key')
        if (key) key.example = `try-${invoiceNo}`
      }
      return spec
    },
  })
}
