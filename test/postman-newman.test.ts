// The shipped Postman collection used as the README says: import openapi/postman_collection.json, set the collection
// variables baseUrl and apiKey, run it. newman (Postman's runner) runs every request against a real gateway on the
// built-in sandbox, over HTTP: none may be refused for its key (401) or break the gateway (5xx).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KIT_FILES } from '../scripts/integrator-kit.ts'
import { type Gateway, startGateway } from './helpers/gateway.ts'

interface Execution {
  item: { name: string }
  request: { method: string; url: { toString(): string } }
  response?: { code: number; text(): string }
  requestError?: Error
}
// newman ships no types; its Node API is run(options, callback(err, summary)).
const newman: { run: (options: object, done: (err: Error | null, summary: { run: { executions: Execution[] } }) => void) => void } = createRequire(import.meta.url)('newman')

function runCollection(collection: object): Promise<Execution[]> {
  return new Promise((resolve, reject) => newman.run({ collection, reporters: [], timeoutRequest: 15_000 }, (err, summary) => (err ? reject(err) : resolve(summary.run.executions))))
}

describe('openapi/postman_collection.json run by newman, as the README says', () => {
  let gw: Gateway
  let executions: Execution[]
  beforeAll(async () => {
    gw = await startGateway()
    await gw.app.listen({ host: '127.0.0.1', port: 0 })
    const collection = JSON.parse(readFileSync(KIT_FILES.postman, 'utf8'))
    // What the README tells an integrator to do, and nothing more: set baseUrl and apiKey.
    const settings: Record<string, string> = { baseUrl: `http://127.0.0.1:${(gw.app.server.address() as AddressInfo).port}`, apiKey: gw.apiKey }
    for (const variable of collection.variable) variable.value = settings[variable.key] ?? variable.value
    executions = await runCollection(collection)
  }, 120_000)
  afterAll(() => gw?.close())

  const seen = (e: Execution) => `${e.request.method} ${e.request.url.toString()} → ${e.response?.code ?? e.requestError?.message}: ${e.response?.text().slice(0, 300)}`

  it('runs every request of every route', () => {
    // The 27 /v1 routes, /live and /ready (test/openapi.test.ts lists them).
    expect(executions.length).toBe(29)
    for (const e of executions) expect(e.response, seen(e)).toBeDefined()
  })

  it('authenticates every request with the apiKey variable: no 401, and no 5xx', () => {
    const bad = executions.filter((e) => e.response && (e.response.code === 401 || e.response.code >= 500))
    expect(bad.map(seen)).toEqual([])
  })

  it('the examples it sends are accepted: the submit is stored (202), the tax-bureau login check answers (200), no example is refused as invalid (400)', () => {
    const byName = new Map(executions.map((e) => [e.item.name, e]))
    expect(byName.get('Submit invoices to be marked 入账')?.response?.code).toBe(202)
    expect(byName.get('Run the tax-bureau login check for a tax number')?.response?.code).toBe(200)
    expect(executions.filter((e) => e.response?.code === 400).map(seen)).toEqual([])
  })
})
