import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DOCS_CSP, SECURITY_HEADERS } from '../../src/plugins/security.ts'
import { type Gateway, startGateway } from '../helpers/gateway.ts'

let gw: Gateway
let open: Gateway
beforeAll(async () => {
  gw = await startGateway({ startWorker: false })
  open = await startGateway({ startWorker: false, security: { corsOrigins: ['https://erp.example.com'] }, sandboxRunning: gw.sandbox })
})
afterAll(async () => {
  await open.close()
  await gw.close()
})

describe('security headers', () => {
  it('the API forbids loading or framing anything; /docs gets only what Swagger UI needs', async () => {
    const api = await gw.inject({ url: '/v1/recording-tasks' })
    expect(api.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'")
    expect(api.headers['x-content-type-options']).toBe('nosniff')
    expect(api.headers['strict-transport-security']).toMatch(/max-age=/)
    // Helmet's defaults, which the gateway set through helmet before it set them itself, on every kind of answer.
    const helmetDefaults = {
      'cross-origin-opener-policy': 'same-origin', 'cross-origin-resource-policy': 'same-origin', 'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer', 'strict-transport-security': 'max-age=31536000; includeSubDomains', 'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off', 'x-download-options': 'noopen', 'x-frame-options': 'SAMEORIGIN', 'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    }
    expect(SECURITY_HEADERS).toMatchObject(helmetDefaults)
    for (const answer of [api, await gw.app.inject({ url: '/live' }), await gw.app.inject({ url: '/nowhere' }), await gw.inject({ url: '/v1/recording-tasks/not-a-uuid' })]) {
      expect(answer.headers).toMatchObject({ ...helmetDefaults, 'content-security-policy': "default-src 'none';frame-ancestors 'none'" })
    }
    const docs = await gw.app.inject({ url: '/docs/' })
    expect(docs.headers['content-security-policy']).toBe(DOCS_CSP)
    expect(docs.headers['x-frame-options']).toBe('SAMEORIGIN')
  })

  it('CORS is closed unless origins are configured', async () => {
    const preflight = { method: 'OPTIONS' as const, url: '/v1/recording-tasks', headers: { origin: 'https://erp.example.com', 'access-control-request-method': 'POST' } }
    const closed = await gw.app.inject(preflight)
    expect(closed.headers['access-control-allow-origin']).toBeUndefined()
    const allowed = await open.app.inject(preflight)
    expect(allowed.headers['access-control-allow-origin']).toBe('https://erp.example.com')
    const stranger = await open.app.inject({ ...preflight, headers: { ...preflight.headers, origin: 'https://evil.example' } })
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined()
  })
})
