// The checked-in OpenAPI document is what the route schemas say; every route documents its request, its
// responses and an example an ERP developer can copy.
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildDocument, OPENAPI_FILE, renderOpenapi } from '../scripts/openapi-generate.ts'

// Built as `npm run openapi:generate` builds it: from the routes alone, with no database and no piaozone reached.
// test/openapi-contract.test.ts checks that a running gateway serves the same document.
let doc: any
beforeAll(async () => {
  doc = await buildDocument()
})

describe('openapi/openapi.json', () => {
  it('matches the route schemas (run npm run openapi:generate after changing a route)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(renderOpenapi(doc))
  })

  it('documents every /v1 route with responses, and an example for every request body and success response', () => {
    const ops = Object.entries(doc.paths).flatMap(([path, methods]: [string, any]) => Object.entries(methods).map(([method, op]: [string, any]) => ({ path, method, op })))
    expect(ops.map((o) => `${o.method.toUpperCase()} ${o.path}`).filter((o) => o.includes('/v1/')).sort()).toEqual([
      'DELETE /v1/auto-entry/candidates/{invoiceNo}',
      'DELETE /v1/auto-entry/rules/{name}',
      'GET /v1/auto-entry/candidates',
      'GET /v1/auto-entry/rules',
      'GET /v1/auto-entry/rules/{name}',
      'GET /v1/auto-entry/rules/{name}/history',
      'GET /v1/auto-entry/runs',
      'GET /v1/auto-entry/runs/{id}',
      'GET /v1/invoices',
      'GET /v1/invoices/{invoiceNo}/entry-status',
      'GET /v1/recording-tasks',
      'GET /v1/recording-tasks/{id}',
      'GET /v1/reports/entry-summary',
      'GET /v1/tax-numbers',
      'GET /v1/webhook-deliveries',
      'POST /v1/auto-entry/rules/{name}/preview',
      'POST /v1/auto-entry/rules/{name}/run',
      'POST /v1/recording-tasks',
      'POST /v1/recording-tasks/{id}/cancel',
      'POST /v1/recording-tasks/{id}/refresh',
      'POST /v1/recording-tasks/{id}/resume',
      'POST /v1/recording-tasks/{id}/retry-failed',
      'POST /v1/tax-login',
      'POST /v1/tax-numbers/{taxNo}/check',
      'POST /v1/webhook-deliveries/{id}/redeliver',
      'PUT /v1/auto-entry/candidates',
      'PUT /v1/auto-entry/rules/{name}',
    ])
    for (const { path, op } of ops.filter((o) => o.path.startsWith('/v1/'))) {
      expect(op.summary, path).toBeTruthy()
      // @fastify/swagger lifts a schema's examples to the media type's `example`, where Swagger UI shows it.
      const success = Object.entries(op.responses).find(([code]) => code.startsWith('2'))?.[1] as any
      const media = success?.content?.['application/json']
      expect(media?.schema, `${path} success response`).toBeDefined()
      expect(media.example ?? media.examples ?? media.schema.examples, `${path} response example`).toBeDefined()
      expect(op.responses['400'] ?? op.responses['404'], `${path} error response`).toBeDefined()
      // Every response says what it means (Swagger UI shows "Default Response" otherwise).
      for (const [code, response] of Object.entries(op.responses) as [string, any][]) expect(response.description, `${path} ${code}`).not.toBe('Default Response')
      const body = op.requestBody?.content?.['application/json']
      if (op.requestBody) expect(body.example ?? body.examples, `${path} request example`).toBeDefined()
    }
  })
})
