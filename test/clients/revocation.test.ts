// Revoking a key takes effect at once in every gateway process sharing the database, though each keeps an
// authentication cache (AUTH_CACHE_MS) for speed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseApiKey } from '../../src/clients/keys.ts'
import { ClientService } from '../../src/clients/service.ts'
import { type Gateway, startGateway } from '../helpers/gateway.ts'

let a: Gateway
let b: Gateway
beforeAll(async () => {
  a = await startGateway({ security: { authCacheMs: 60_000 } })
  b = await startGateway({ db: a.db, sandboxRunning: a.sandbox, apiKey: a.apiKey, security: { authCacheMs: 60_000 } })
})
afterAll(async () => {
  await b.close()
  await a.close()
})

async function statusWithin(g: Gateway, key: string, expected: number, ms: number): Promise<number> {
  const deadline = Date.now() + ms
  let status = 0
  do {
    status = (await g.app.inject({ url: '/v1/recording-tasks', headers: { authorization: `Bearer ${key}` } })).statusCode
    if (status === expected) return status
    await new Promise((r) => setTimeout(r, 50))
  } while (Date.now() < deadline)
  return status
}

describe('revocation', () => {
  it('stops a key within a second in another process that had it cached', async () => {
    const { key } = (await a.app.clients.addClient('revoke-me', 'any')).key
    expect(await statusWithin(b, key, 200, 0)).toBe(200) // b now trusts it for AUTH_CACHE_MS
    // The CLI's own ClientService, as `npm run cli -- keys revoke` makes one.
    await new ClientService(a.db).revokeKey((parseApiKey(key) as { id: string }).id)
    expect(await statusWithin(b, key, 401, 1000)).toBe(401)
    expect(await statusWithin(a, key, 401, 1000)).toBe(401)
  })

  it('stops every key of a revoked client the same way', async () => {
    const { key } = (await a.app.clients.addClient('revoke-client', 'any')).key
    expect(await statusWithin(b, key, 200, 0)).toBe(200)
    await new ClientService(a.db).revokeClient('revoke-client')
    expect(await statusWithin(b, key, 401, 1000)).toBe(401)
  })
})
