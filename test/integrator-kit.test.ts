// What an integrator gets: an OpenAPI document a parser accepts, a Postman collection and TypeScript types in
// step with it, and an example ERP that works against a running gateway.
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { validate } from '@readme/openapi-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { submitAndWait } from '../examples/erp-submit-and-poll.ts'
import { KIT_FILES, readOpenapi, renderPostman, renderTypes } from '../scripts/integrator-kit.ts'
import { freshInvoices, type Gateway, GUIDE_SUBMIT, startGateway } from './helpers/gateway.ts'

describe('the integrator kit', () => {
  it('the OpenAPI document passes a validating parser', async () => {
    const result = await validate(structuredClone(readOpenapi()) as any)
    expect(result.valid, JSON.stringify(result)).toBe(true)
  })

  it('the Postman collection and the TypeScript types match the document (run npm run kit:generate)', async () => {
    const document = readOpenapi()
    expect(readFileSync(KIT_FILES.postman, 'utf8')).toBe(await renderPostman(document))
    expect(readFileSync(KIT_FILES.types, 'utf8')).toBe(await renderTypes(document))
  })

  it('the Postman collection has every route, with the bearer key and base URL as variables', () => {
    const collection = JSON.parse(readFileSync(KIT_FILES.postman, 'utf8'))
    const names = JSON.stringify(collection.item)
    for (const summary of ['Submit invoices to be marked 入账', 'A task with every invoice and its outcome', 'Run the tax-bureau login check for a tax number']) expect(names).toContain(summary)
    expect(collection.auth.bearer[0].value).toBe('{{apiKey}}')
    expect(collection.variable.map((v: any) => v.key)).toEqual(['baseUrl', 'apiKey'])
  })
})

describe('examples/erp-submit-and-poll.ts', () => {
  let gw: Gateway
  beforeAll(async () => {
    gw = await startGateway()
    await gw.app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(() => gw.close())

  it('submits an invoice and polls it to completion over HTTP', async () => {
    const url = `http://127.0.0.1:${(gw.app.server.address() as AddressInfo).port}`
    const [line] = freshInvoices(gw.sandbox, GUIDE_SUBMIT.taxNo, 1)
    const task = await submitAndWait(url, gw.apiKey, line.invoiceNo, 'ERP-EXAMPLE-1', 50, 15_000)
    expect(task).toMatchObject({ status: 'completed', reference: 'ERP-EXAMPLE-1' })
    expect(task.invoices[0]).toMatchObject({ outcome: 'succeeded', entryMarkStatus: '02' })
  })
})
