// OpenAPI from the route schemas, and Swagger UI at /docs (its assets are in the package: works offline).
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

/**
 * @param freshInvoiceNo on the built-in sandbox: a made-up invoice number the sandbox takes, put into the submit
 * example each time the document is served, so "Try it out" works on any database, as often as you like. The
 * example Idempotency-Key goes with it: a key used before with another body is a 422.
 */
export async function registerSwagger(app: FastifyInstance, version: string, freshInvoiceNo?: () => string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '税局入账 gateway',
        version,
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
        { name: 'health', description: 'liveness' },
      ],
    },
    // A response declared per content type keeps its examples in its schema; Swagger UI and the Postman converter
    // read a media type's `example`, as @fastify/swagger writes it for the other responses.
    transformObject: (documents) => {
      const doc = 'openapiObject' in documents ? documents.openapiObject : documents.swaggerObject
      for (const methods of Object.values(doc.paths ?? {}) as Record<string, any>[]) {
        for (const op of Object.values(methods)) {
          for (const response of Object.values(op?.responses ?? {}) as any[]) {
            for (const media of Object.values(response?.content ?? {}) as any[]) {
              if (media.example === undefined && Array.isArray(media.schema?.examples)) media.example = media.schema.examples[0]
            }
          }
        }
      }
      return doc
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
