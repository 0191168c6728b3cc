// Where webhooks may go: names resolving to loopback, private, link-local … addresses are refused at send time
// unless WEBHOOK_ALLOW_PRIVATE_TARGETS, the request connects to the address that was checked (not to what the
// name resolves to a moment later), and a revoked client's events are given up. Names are resolved by a resolver
// the test controls (the deliverer's `resolve`); everything else is real: HTTP, the database, the worker.
import type { LookupAddress } from 'node:dns'
import http from 'node:http'
import { type AddressInfo, isIP } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliOn } from '../../src/cli.ts'
import { loadConfig } from '../../src/config.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { newSecret } from '../../src/webhooks/signing.ts'
import { freshInvoices, type Gateway, startGateway } from '../helpers/gateway.ts'

const TAX_NO = SANDBOX_TAX_NOS.guide

/** What each made-up name resolves to; `rebind.erp.test` answers 127.0.0.1 the first time and 127.0.0.2 after. */
function testResolver() {
  const calls: string[] = []
  const names: Record<string, string[]> = {
    'loopback.erp.test': ['127.0.0.1'],
    'private.erp.test': ['10.0.0.5'],
    'metadata.erp.test': ['169.254.169.254'],
    'v6-loopback.erp.test': ['::1'],
    'mapped.erp.test': ['::ffff:127.0.0.1'],
    'cgnat.erp.test': ['100.64.1.1'],
    // One public answer and one private: the connection might take either.
    'mixed.erp.test': ['93.184.216.34', '10.0.0.5'],
  }
  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname)
    const answer = hostname === 'rebind.erp.test' ? [calls.filter((h) => h === hostname).length === 1 ? '127.0.0.1' : '127.0.0.2'] : names[hostname]
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    return answer.map((address) => ({ address, family: isIP(address) }))
  }
  return { resolve, calls }
}

/**
 * A receiver on every loopback address (IPv4 and IPv6, one port), counting connections as well as requests: an
 * https try at a plain-http receiver makes no request, but it does connect.
 */
async function startLoopbackReceiver(answer: (n: number) => number | Promise<number> = () => 204) {
  const requests: { webhookId: string; localAddress: string }[] = []
  let connections = 0
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      requests.push({ webhookId: String(req.headers['webhook-id']), localAddress: String(req.socket.localAddress) })
      void Promise.resolve(answer(requests.length)).then((status) => res.writeHead(status).end())
    })
  })
  server.on('connection', () => connections++)
  await new Promise<void>((r) => server.listen(0, '::', r))
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    connections: () => connections,
    async close() {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
  }
}
type Receiver = Awaited<ReturnType<typeof startLoopbackReceiver>>

/**
 * A client whose endpoint is `url`, written as an earlier setting (or gateway version) may have left it: what is
 * under test is the check at send time. Then a task of its that finishes, so an event is raised.
 */
async function eventTo(gw: Gateway, name: string, url: string) {
  const { client, key } = await gw.app.clients.addClient(name, 'any')
  await gw.db.prisma.webhookEndpoint.create({ data: { clientId: client.id, url, secret: newSecret() } })
  const erp = (opts: Parameters<Gateway['inject']>[0]) => gw.app.inject({ ...opts, headers: { authorization: `Bearer ${key.key}`, ...opts.headers } })
  const res = await erp({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: TAX_NO, nextEntryMarkStatus: '02', invoices: freshInvoices(gw.sandbox, TAX_NO, 1) } })
  expect(res.statusCode, res.body).toBe(202)
  return { clientId: client.id, taskId: res.json().id as string, erp }
}

/** The client's one delivery as the ERP lists it, once `done` holds for it. */
function deliveryOf(event: Awaited<ReturnType<typeof eventTo>>, done: (d: any) => boolean) {
  return expect
    .poll(async () => (await event.erp({ method: 'GET', url: `/v1/webhook-deliveries?taskId=${event.taskId}` })).json().items[0], { timeout: 10_000, interval: 25 })
    .toSatisfy((d: any) => Boolean(d) && done(d))
}

async function latestDelivery(event: Awaited<ReturnType<typeof eventTo>>) {
  return (await event.erp({ method: 'GET', url: `/v1/webhook-deliveries?taskId=${event.taskId}` })).json().items[0]
}

async function cli(gw: Gateway, ...args: string[]) {
  const err: string[] = []
  const code = await runCliOn({ clients: gw.app.clients, webhooks: gw.app.webhooks, taxNumbers: gw.app.taxNumbers }, args, { out: () => {}, err: (l) => err.push(l) })
  return { code, err: err.join('\n') }
}

describe('WEBHOOK_ALLOW_PRIVATE_TARGETS', () => {
  it('is false with real piaozone and true in sandbox mode, unless set', () => {
    const real = { PIAOZONE_BASE_URL: 'https://api.piaozone.example/t', PIAOZONE_APP_ID: 'a', PIAOZONE_APP_SECRET: 's', PIAOZONE_ACCOUNT_ID: 'c', PIAOZONE_USER: 'u', PIAOZONE_BUSINESS_SYSTEM_CODE: 'E' }
    expect(loadConfig(real).webhooks.allowPrivateTargets).toBe(false)
    expect(loadConfig({ ...real, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).webhooks.allowPrivateTargets).toBe(true)
    expect(loadConfig({}).webhooks.allowPrivateTargets).toBe(true)
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' }).webhooks.allowPrivateTargets).toBe(false)
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'yes' })).toThrow('WEBHOOK_ALLOW_PRIVATE_TARGETS=yes: must be one of true, false')
  })
})

describe('webhook targets with WEBHOOK_ALLOW_PRIVATE_TARGETS=false', () => {
  let gw: Gateway
  let receiver: Receiver
  const resolver = testResolver()
  beforeAll(async () => {
    gw = await startGateway({ webhooks: { allowPrivateTargets: false, resolve: resolver.resolve } })
    receiver = await startLoopbackReceiver()
  })
  afterAll(async () => {
    await receiver.close()
    await gw.close()
  })

  it('refuses a target resolving to any non-public address, says so on the delivery, retries, and sends nothing', async () => {
    const cases = [
      ['loopback.erp.test', 'target resolves to a loopback address (127.0.0.1); set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it'],
      ['private.erp.test', 'target resolves to a private address (10.0.0.5); set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it'],
      ['metadata.erp.test', 'target resolves to a link-local address (169.254.169.254); set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it'],
      ['v6-loopback.erp.test', 'target resolves to a loopback address (::1); set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it'],
      ['mapped.erp.test', 'target resolves to a loopback address (::ffff:127.0.0.1); set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it'],
      ['cgnat.erp.test', 'target resolves to a CGNAT address (100.64.1.1); set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it'],
      ['mixed.erp.test', 'target resolves to a private address (10.0.0.5); set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it'],
    ] as const
    const events = await Promise.all(cases.map(([host], i) => eventTo(gw, `erp-refused-${i}`, `https://${host}:${receiver.port}/hooks`)))
    // Plain http to loopback, as the sandbox walk-through sets it: refused too without the setting.
    const plain = await eventTo(gw, 'erp-refused-http', `http://127.0.0.1:${receiver.port}/hooks`)
    for (const [i, event] of events.entries()) await deliveryOf(event, (d) => d.attempts >= 2 && d.lastError === cases[i][1])
    await deliveryOf(plain, (d) => d.attempts >= 2 && d.lastError === 'plain http:// goes only to a loopback address, and only with WEBHOOK_ALLOW_PRIVATE_TARGETS=true; use https://')
    // A refused target fails a try like a refused connection: no status, tried again until WEBHOOK_RETRY_FOR_MS.
    for (const event of [...events, plain]) expect(await latestDelivery(event)).toMatchObject({ state: 'pending', lastStatus: null, nextAttemptAt: expect.any(String) })
    expect(receiver.connections()).toBe(0)
    expect(receiver.requests).toEqual([])
  })

  it('refuses at `webhooks set` plain http and address literals that are not public; a name is checked when sent to', async () => {
    await gw.app.clients.addClient('erp-set', 'any')
    for (const [url, says] of [
      [`http://127.0.0.1:${receiver.port}/hooks`, 'must be https://'],
      ['https://10.0.0.5/hooks', '10.0.0.5 is a private address; set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it'],
      ['https://169.254.169.254/latest/meta-data', '169.254.169.254 is a link-local address'],
      ['https://[fd00::1]/hooks', 'fd00::1 is a unique-local address'],
      ['https://[::ffff:10.0.0.5]/hooks', 'is a private address'],
    ]) {
      const { code, err } = await cli(gw, 'webhooks', 'set', 'erp-set', url)
      expect(code, url).toBe(2)
      expect(err).toContain(says)
      expect(err).toContain('WEBHOOK_ALLOW_PRIVATE_TARGETS')
    }
    expect((await cli(gw, 'webhooks', 'set', 'erp-set', 'https://erp.example.com/hooks')).code).toBe(0)
  })
})

describe('webhook targets with WEBHOOK_ALLOW_PRIVATE_TARGETS=true', () => {
  let gw: Gateway
  let receiver: Receiver
  const resolver = testResolver()
  beforeAll(async () => {
    gw = await startGateway({ webhooks: { allowPrivateTargets: true, resolve: resolver.resolve } })
  })
  afterAll(() => gw.close())

  it('delivers to the loopback targets refused without it, and plain http to loopback only (also at `webhooks set`)', async () => {
    receiver = await startLoopbackReceiver()
    try {
      const urls = ['loopback.erp.test', 'v6-loopback.erp.test', 'mapped.erp.test', '127.0.0.1', '[::1]'].map((host) => `http://${host}:${receiver.port}/hooks`)
      const events = await Promise.all(urls.map((url, i) => eventTo(gw, `erp-allowed-${i}`, url)))
      for (const event of events) await deliveryOf(event, (d) => d.state === 'delivered')
      for (const event of events) expect(await latestDelivery(event)).toMatchObject({ attempts: 1, lastStatus: 204, lastError: null })
      expect(receiver.requests).toHaveLength(urls.length)
      // Plain http stays for loopback only: a name resolving elsewhere is refused even now.
      const outside = await eventTo(gw, 'erp-http-private', `http://private.erp.test:${receiver.port}/hooks`)
      await deliveryOf(outside, (d) => d.attempts >= 1 && d.lastError === 'plain http:// goes only to a loopback address, and only with WEBHOOK_ALLOW_PRIVATE_TARGETS=true (private.erp.test resolves to 10.0.0.5); use https://')
      await gw.app.clients.addClient('erp-set-allowed', 'any')
      for (const url of ['http://127.0.0.1:8080/hooks', 'http://[::1]:8080/hooks', 'http://localhost:8080/hooks', 'https://10.0.0.5/hooks']) {
        expect((await cli(gw, 'webhooks', 'set', 'erp-set-allowed', url)).code, url).toBe(0)
      }
      const plainPrivate = await cli(gw, 'webhooks', 'set', 'erp-set-allowed', 'http://10.0.0.5/hooks')
      expect(plainPrivate.code).toBe(2)
      expect(plainPrivate.err).toContain('must be https://')
    } finally {
      await receiver.close()
    }
  })

  it('connects to the address it checked, though the name resolves elsewhere by the time it connects', async () => {
    receiver = await startLoopbackReceiver()
    try {
      const event = await eventTo(gw, 'erp-rebind', `http://rebind.erp.test:${receiver.port}/hooks`)
      await deliveryOf(event, (d) => d.state === 'delivered')
      // The name was looked up once, for the check; asked again, it says 127.0.0.2.
      expect(resolver.calls.filter((h) => h === 'rebind.erp.test')).toHaveLength(1)
      expect((await resolver.resolve('rebind.erp.test'))[0].address).toBe('127.0.0.2')
      expect(receiver.requests).toHaveLength(1)
      expect(receiver.requests[0].localAddress.replace(/^::ffff:/, '')).toBe('127.0.0.1')
    } finally {
      await receiver.close()
    }
  })

  it('gives up the pending events of a revoked client instead of delivering them', async () => {
    let answerFirst: (status: number) => void = () => {}
    // The first try waits until the client is revoked, then fails; any later one would be accepted.
    receiver = await startLoopbackReceiver((n) => (n === 1 ? new Promise<number>((r) => (answerFirst = r)) : 204))
    try {
      const event = await eventTo(gw, 'erp-revoked', `http://127.0.0.1:${receiver.port}/hooks`)
      await expect.poll(() => receiver.requests.length, { timeout: 10_000, interval: 10 }).toBe(1)
      await gw.app.clients.revokeClient('erp-revoked')
      answerFirst(503)
      // The client's key no longer works, so the database says how it ended.
      await expect
        .poll(() => gw.db.prisma.webhookDelivery.findFirst({ where: { clientId: event.clientId } }), { timeout: 10_000, interval: 25 })
        .toMatchObject({ state: 'failed', lastError: 'client revoked', deliveredAt: null })
      expect(receiver.requests).toHaveLength(1)
    } finally {
      await receiver.close()
    }
  })

})
