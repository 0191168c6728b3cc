// The examples of the OpenAPI document work as they stand: on the built-in sandbox "Try it out" submits a fresh
// invoice under a fresh Idempotency-Key each time the document is served, and every invoice number goes with a
// code that fits it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.ts'
import { clientConfigFor, startSandbox } from '../../src/sandbox/start.ts'
import { openTestDatabase } from '../helpers/db.ts'
import { FAST_AUTO_ENTRY, FAST_WEBHOOKS, FAST_WORKER, TEST_SECURITY } from '../helpers/gateway.ts'

let db: Awaited<ReturnType<typeof openTestDatabase>>
let sandbox: Awaited<ReturnType<typeof startSandbox>>
let app: Awaited<ReturnType<typeof buildApp>>
beforeAll(async () => {
  db = await openTestDatabase()
  sandbox = await startSandbox()
  const piaozone = clientConfigFor(sandbox, { responseTimeoutMs: 1000 })
  const deps = { ...db, piaozone, batchSize: 100, worker: FAST_WORKER, webhooks: FAST_WEBHOOKS, security: TEST_SECURITY, autoEntry: FAST_AUTO_ENTRY }
  app = await buildApp({ ...deps, startWorker: false, sandboxExamples: true }, { logger: false })
  await app.ready()
})
afterAll(async () => {
  await app.close()
  await sandbox.close()
  await db.close()
})

/** The submit's example body and Idempotency-Key as /docs serves them now. */
async function servedSubmitExample() {
  const op = (await app.inject({ url: '/docs/json' })).json().paths['/v1/recording-tasks'].post
  const key = op.parameters.find((p: { name: string }) => p.name === 'idempotency-key').example as string
  return { body: op.requestBody.content['application/json'].example, key }
}

describe('the examples of /docs', () => {
  it('on the sandbox, submit a fresh invoice under a fresh Idempotency-Key each time the document is served', async () => {
    const authorization = `Bearer ${(await app.clients.addClient('docs-reader', 'any')).key.key}`
    const first = await servedSubmitExample()
    const second = await servedSubmitExample()
    expect(second.body.invoices[0].invoiceNo).not.toBe(first.body.invoices[0].invoiceNo)
    expect(second.key).not.toBe(first.key)
    for (const { body, key } of [first, second]) {
      const res = await app.inject({ method: 'POST', url: '/v1/recording-tasks', payload: body, headers: { authorization, 'idempotency-key': key } })
      expect(res.statusCode, res.body).toBe(202)
    }
  })

  it('pair every invoice number with a code that fits it: 20 digits without one, 8 digits with 10 or 12', () => {
    const doc = app.swagger() as any
    const pairs: { where: string; invoiceNo: string; invoiceCode: string }[] = []
    const walk = (node: unknown, where: string) => {
      if (!node || typeof node !== 'object') return
      const o = node as Record<string, unknown>
      if (typeof o.invoiceNo === 'string') pairs.push({ where, invoiceNo: o.invoiceNo, invoiceCode: String(o.invoiceCode ?? '') })
      for (const [k, v] of Object.entries(o)) walk(v, `${where}.${k}`)
    }
    // Example bodies and answers, and each operation's path and query examples together (Swagger UI fills in both).
    for (const [path, methods] of Object.entries(doc.paths) as [string, Record<string, any>][]) {
      for (const [method, op] of Object.entries(methods)) {
        walk(op.requestBody, `${method} ${path} body`)
        walk(op.responses, `${method} ${path} responses`)
        const example = (name: string) => op.parameters?.find((p: any) => p.name === name)?.example
        if (example('invoiceNo') !== undefined) pairs.push({ where: `${method} ${path} parameters`, invoiceNo: example('invoiceNo'), invoiceCode: example('invoiceCode') ?? '' })
      }
    }
    expect(pairs.length).toBeGreaterThan(5)
    const misfits = pairs.filter((p) => !(/^\d{20}$/.test(p.invoiceNo) ? p.invoiceCode === '' : /^\d{8}$/.test(p.invoiceNo) && /^(\d{10}|\d{12})$/.test(p.invoiceCode)))
    expect(misfits).toEqual([])
  })
})
