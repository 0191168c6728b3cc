// Webhooks over real HTTP: a real receiving server on loopback, an independent verifier of the Standard
// Webhooks signature, retries with the same webhook-id, two gateway instances on one database, and the operator's CLI.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runCliOn } from '../../src/cli.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { signatureHeader } from '../../src/webhooks/signing.ts'
import { openTestDatabase } from '../helpers/db.ts'
import { freshInvoices, type Gateway, startGateway, waitForStatus } from '../helpers/gateway.ts'
import { startReceiver, verifyStandardWebhook } from '../helpers/receiver.ts'

const TAX_NO = SANDBOX_TAX_NOS.guide
type Receiver = Awaited<ReturnType<typeof startReceiver>>

/** `npm run cli -- …` carried out by this gateway (as over the admin socket); stdout's lines and the exit code. */
async function cli(gw: Gateway, ...args: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCliOn({ clients: gw.app.clients, webhooks: gw.app.webhooks, taxNumbers: gw.app.taxNumbers }, args, { out: (l) => out.push(l), err: (l) => err.push(l) })
  return { code, out, err }
}

/** A client of its own with its endpoint set by the CLI; its key and its signing secret. */
async function erpWithEndpoint(gw: Gateway, name: string, url: string) {
  const { key } = (await gw.app.clients.addClient(name, 'any')).key
  const set = await cli(gw, 'webhooks', 'set', name, url)
  expect(set.code, set.err.join('\n')).toBe(0)
  const authorization = `Bearer ${key}`
  return {
    secret: set.out.at(-1) as string,
    authorization,
    inject: (opts: Parameters<Gateway['inject']>[0]) => gw.app.inject({ ...opts, headers: { authorization, ...opts.headers } }),
  }
}

async function submit(erp: { inject: Gateway['inject'] }, gw: Gateway, count = 1, taxNo: string = TAX_NO): Promise<string> {
  const res = await erp.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo, nextEntryMarkStatus: '02', reference: 'AP-7', invoices: freshInvoices(gw.sandbox, taxNo, count) } })
  expect(res.statusCode, res.body).toBe(202)
  return res.json().id
}

/** Polls `probe` until it gives something truthy, and returns that. */
async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 10_000): Promise<Exclude<T, false | 0 | '' | null | undefined>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value as Exclude<T, false | 0 | '' | null | undefined>
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** The TypeScript `verify` of the README's "Verifying a delivery", loaded as it stands. */
async function readmeVerifier(): Promise<(secret: string, headers: Record<string, string>, rawBody: string) => boolean> {
  const code = /\*\*Verifying a delivery\*\*[\s\S]*?```ts\n([\s\S]*?)```/.exec(readFileSync('README.md', 'utf8'))?.[1]
  expect(code, 'the README has a TypeScript verification example').toBeTruthy()
  const dir = mkdtempSync(path.join(tmpdir(), 'ruzhang-readme-'))
  try {
    writeFileSync(path.join(dir, 'verify.ts'), code as string)
    return (await import(pathToFileURL(path.join(dir, 'verify.ts')).href)).verify
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A well-formed secret that is not the endpoint's. */
const signatureSecretOf = (seed: string) => `whsec_${Buffer.alloc(32, seed).toString('base64')}`

describe('the independent verifier', () => {
  // The specification's published vector (standard-webhooks' libraries test against it).
  const vector = { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body: '{"test": 2432232314}' }
  const headers = (signature: string) => ({ 'webhook-id': vector.id, 'webhook-timestamp': String(vector.timestamp), 'webhook-signature': signature })

  it('accepts the specification\'s vector, which the gateway\'s signing reproduces, and refuses a change', () => {
    const signature = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
    expect(verifyStandardWebhook(vector.secret, headers(signature), vector.body, vector.timestamp)).toBe(true)
    expect(signatureHeader([vector.secret], vector.id, vector.timestamp, vector.body)).toBe(signature)
    expect(verifyStandardWebhook(vector.secret, headers(signature), '{"test": 2432232315}', vector.timestamp)).toBe(false)
    expect(verifyStandardWebhook(vector.secret, headers(signature), vector.body, vector.timestamp + 301)).toBe(false)
  })
})

describe('webhooks', () => {
  let gw: Gateway
  let receiver: Receiver

  beforeAll(async () => {
    gw = await startGateway({ webhooks: { timeoutMs: 300 } })
  })
  afterAll(() => gw.close())
  afterEach(() => receiver?.close())

  it('tells the ERP that a task finished, signed so that its secret verifies it, and lists the delivery', async () => {
    receiver = await startReceiver()
    const erp = await erpWithEndpoint(gw, 'erp-finished', receiver.url)
    const id = await submit(erp, gw, 2)
    await waitForStatus(erp, id, ['completed'])
    const [hook] = await until('the delivery', () => receiver.received.length && receiver.received)

    expect(verifyStandardWebhook(erp.secret, hook.headers, hook.body)).toBe(true)
    // The README's verification code, as it stands, accepts it too, and refuses another secret.
    const readmeVerify = await readmeVerifier()
    expect(readmeVerify(erp.secret, hook.headers as Record<string, string>, hook.body)).toBe(true)
    expect(readmeVerify(signatureSecretOf('another'), hook.headers as Record<string, string>, hook.body)).toBe(false)
    expect(hook.headers['content-type']).toBe('application/json')
    expect(hook.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/)
    const event = JSON.parse(hook.body)
    expect(event).toMatchObject({
      type: 'recording_task.finished',
      data: { id, status: 'completed', taxNo: TAX_NO, reference: 'AP-7', invoiceCount: 2, counts: { pending: 0, succeeded: 2, failed: 0 }, error: null, href: `/v1/recording-tasks/${id}` },
    })
    expect(Number.isNaN(Date.parse(event.timestamp))).toBe(false)

    const list = await until('delivered', async () => {
      const page = (await erp.inject({ method: 'GET', url: `/v1/webhook-deliveries?taskId=${id}` })).json()
      return page.items[0]?.state === 'delivered' && page
    })
    expect(list.items).toHaveLength(1)
    expect(list.items[0]).toMatchObject({ id: hook.headers['webhook-id'], type: 'recording_task.finished', taskId: id, attempts: 1, lastStatus: 204, lastError: null, nextAttemptAt: null, event })
    // Another client sees none of it.
    expect((await gw.inject({ method: 'GET', url: '/v1/webhook-deliveries' })).json().items).toEqual([])
    expect((await gw.inject({ method: 'POST', url: `/v1/webhook-deliveries/${list.items[0].id}/redeliver` })).statusCode).toBe(404)
    // Only the change to a finished status raised an event: one delivery in all.
    await new Promise((r) => setTimeout(r, 200))
    expect(receiver.received).toHaveLength(1)
  })

  it('tries again after a 5xx and after a timeout, with the same webhook-id and body, until a 2xx', async () => {
    receiver = await startReceiver((n) => (n === 1 ? 503 : n === 2 ? 'hang' : 200))
    const erp = await erpWithEndpoint(gw, 'erp-retries', receiver.url)
    const retriesBefore = await counter(gw, 'retry')
    const id = await submit(erp, gw)
    await until('three tries', () => receiver.received.length >= 3, 15_000)
    const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']))
    expect(ids.size).toBe(1)
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1)
    for (const r of receiver.received) expect(verifyStandardWebhook(erp.secret, r.headers, r.body)).toBe(true)
    const [delivery] = await until('delivered', async () => {
      const items = (await erp.inject({ method: 'GET', url: `/v1/webhook-deliveries?taskId=${id}` })).json().items
      return items[0]?.state === 'delivered' && items
    })
    expect(delivery).toMatchObject({ attempts: 3, lastStatus: 200 })
    expect((await counter(gw, 'retry')) - retriesBefore).toBe(2)
    expect(receiver.received).toHaveLength(3)
  })

  it('gives up after WEBHOOK_RETRY_FOR_MS, and a redelivery sends the same event again', async () => {
    const shortLived = await startGateway({ sandboxRunning: gw.sandbox, webhooks: { retryForMs: 500 } })
    try {
      receiver = await startReceiver(() => 500)
      const erp = await erpWithEndpoint(shortLived, 'erp-gives-up', receiver.url)
      const id = await submit(erp, shortLived)
      const [failed] = await until('given up', async () => {
        const items = (await erp.inject({ method: 'GET', url: `/v1/webhook-deliveries?state=failed&taskId=${id}` })).json().items
        return items.length === 1 && items
      })
      expect(failed).toMatchObject({ lastStatus: 500, lastError: 'HTTP 500', nextAttemptAt: null })
      // How many tries fit in the time depends on the machine's load; each counted one reached the endpoint.
      const tries = receiver.received.length
      expect(failed.attempts).toBeGreaterThanOrEqual(1)
      expect(tries).toBeGreaterThanOrEqual(failed.attempts)

      receiver.answer(() => 200)
      const redelivered = await erp.inject({ method: 'POST', url: `/v1/webhook-deliveries/${failed.id}/redeliver` })
      expect(redelivered.statusCode, redelivered.body).toBe(202)
      expect(redelivered.json()).toMatchObject({ id: failed.id, state: 'pending' })
      await until('delivered', async () => (await erp.inject({ method: 'GET', url: `/v1/webhook-deliveries?taskId=${id}` })).json().items[0].state === 'delivered')
      expect(receiver.received).toHaveLength(tries + 1)
      expect(receiver.received.at(-1)?.headers['webhook-id']).toBe(failed.id)
      expect(receiver.received.at(-1)?.body).toBe(receiver.received[0].body)
    } finally {
      await shortLived.close()
    }
  })

  it('tells the ERP once that a task waits for a tax-bureau login, with the page for the person', async () => {
    receiver = await startReceiver()
    const erp = await erpWithEndpoint(gw, 'erp-login', receiver.url)
    const id = await submit(erp, gw, 1, SANDBOX_TAX_NOS.interactiveLogin)
    await waitForStatus(erp, id, ['waiting_tax_login'])
    const [hook] = await until('the event', () => receiver.received.length && receiver.received)
    expect(JSON.parse(hook.body)).toMatchObject({ type: 'recording_task.waiting_tax_login', data: { id, status: 'waiting_tax_login', error: { code: 'TAX_LOGIN_REQUIRED', loginWebUrl: expect.any(String) } } })
    // The worker checks the login again every 50 ms here; staying in the status raises nothing more.
    await new Promise((r) => setTimeout(r, 400))
    expect(receiver.received).toHaveLength(1)
  })

  it('never delivers one event twice from two gateway instances, and a dead endpoint does not hold recording up', async () => {
    const second = await startGateway({ db: gw.db, sandboxRunning: gw.sandbox, apiKey: gw.apiKey })
    try {
      // First the endpoint never answers: every task still finishes.
      receiver = await startReceiver(() => 'hang')
      const erp = await erpWithEndpoint(gw, 'erp-two', receiver.url)
      const viaSecond = { inject: (opts: Parameters<Gateway['inject']>[0]) => second.app.inject({ ...opts, headers: { authorization: erp.authorization, ...opts.headers } }) }
      const ids: string[] = []
      for (let i = 0; i < 12; i++) ids.push(await submit(i % 2 ? viaSecond : erp, gw))
      for (const id of ids) await waitForStatus(erp, id, ['completed'])

      // Then it answers, slowly, so both instances' deliverers are busy at once.
      receiver.answer(() => new Promise((r) => setTimeout(() => r(200), 30)))
      const delivered = await until('every event delivered', async () => {
        const items = (await erp.inject({ method: 'GET', url: '/v1/webhook-deliveries?limit=200' })).json().items
        return items.length === ids.length && items.every((d: { state: string }) => d.state === 'delivered') && items
      }, 20_000)
      expect(new Set(delivered.map((d: { taskId: string }) => d.taskId))).toEqual(new Set(ids))
      // Each event reached the endpoint once after it came back: no try was made twice.
      const answered = receiver.received.filter((r) => delivered.some((d: { id: string; lastAttemptAt: string }) => d.id === r.headers['webhook-id'] && Date.parse(d.lastAttemptAt) <= r.at))
      expect(new Set(answered.map((r) => r.headers['webhook-id'])).size).toBe(ids.length)
      const triesById = new Map<string, number>()
      for (const r of receiver.received) triesById.set(String(r.headers['webhook-id']), (triesById.get(String(r.headers['webhook-id'])) ?? 0) + 1)
      for (const d of delivered) expect(triesById.get(d.id)).toBe(d.attempts)
    } finally {
      await second.close()
    }
  })
})

async function counter(gw: Gateway, result: string): Promise<number> {
  const text = await gw.app.metrics.registry.metrics()
  const line = text.split('\n').find((l) => l.startsWith(`gateway_webhook_deliveries_total{result="${result}"}`))
  return line ? Number(line.split(' ').at(-1)) : 0
}

describe('npm run cli -- webhooks', () => {
  let gw: Gateway
  let receiver: Receiver
  beforeAll(async () => {
    gw = await startGateway()
    receiver = await startReceiver()
    await gw.app.clients.addClient('erp-cli', 'any')
  })
  afterAll(async () => {
    await receiver.close()
    await gw.close()
  })

  it('refuses a URL that is not https (but for loopback), not absolute, or holds credentials, saying why', async () => {
    for (const [url, says] of [
      ['http://erp.example.com/hooks', 'must be https://'],
      ['ftp://erp.example.com/hooks', 'must be https://'],
      ['erp.example.com/hooks', 'not an absolute URL'],
      ['https://user:pw@erp.example.com/hooks', 'must not hold a user or password'],
    ]) {
      const { code, err } = await cli(gw, 'webhooks', 'set', 'erp-cli', url)
      expect(code).toBe(2)
      expect(err.join('\n')).toContain(says)
    }
    expect((await cli(gw, 'webhooks', 'set', 'nobody', receiver.url)).err.join('\n')).toContain("no active client named 'nobody'")
    expect((await cli(gw, 'webhooks', 'list')).out).toEqual([])
  })

  it('sets, lists without the secret, rotates with both secrets signing for the grace period, and removes', async () => {
    const set = await cli(gw, 'webhooks', 'set', 'erp-cli', 'https://erp.example.com/hooks/ruzhang')
    const first = set.out.at(-1) as string
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect((await cli(gw, 'webhooks', 'list')).out).toEqual(['erp-cli\thttps://erp.example.com/hooks/ruzhang'])

    const rotated = await cli(gw, 'webhooks', 'rotate', 'erp-cli', '--grace-hours', '1')
    const second = rotated.out.at(-1) as string
    expect(second).not.toBe(first)
    const list = (await cli(gw, 'webhooks', 'list')).out.join('\n')
    expect(list).toContain('previous secret signs too until')
    expect(list).not.toContain(first)
    expect(list).not.toContain(second)
    // A delivery now carries both signatures; the ERP's old and new secret each verify it.
    const client = (await gw.app.clients.list()).find((c) => c.name === 'erp-cli')
    await gw.db.prisma.webhookEndpoint.update({ where: { clientId: client?.id }, data: { url: receiver.url } })
    const [key] = [(await gw.app.clients.addKey('erp-cli')).key]
    const erp = { inject: (opts: Parameters<Gateway['inject']>[0]) => gw.app.inject({ ...opts, headers: { authorization: `Bearer ${key}`, ...opts.headers } }) }
    await submit(erp, gw)
    const [hook] = await until('the delivery', () => receiver.received.length && receiver.received)
    expect(String(hook.headers['webhook-signature']).split(' ')).toHaveLength(2)
    expect(verifyStandardWebhook(first, hook.headers, hook.body)).toBe(true)
    expect(verifyStandardWebhook(second, hook.headers, hook.body)).toBe(true)

    const removed = await cli(gw, 'webhooks', 'remove', 'erp-cli')
    expect(removed.out[0]).toContain('webhook endpoint of erp-cli removed')
    expect((await cli(gw, 'webhooks', 'list')).out).toEqual([])
    expect((await cli(gw, 'webhooks', 'remove', 'erp-cli')).err.join('\n')).toContain('has no webhook endpoint')
  })
})

describe('redelivery without an endpoint', () => {
  it('is a 409 that says how to set one', async () => {
    const db = await openTestDatabase()
    const gw = await startGateway({ db })
    const receiver = await startReceiver()
    try {
      const erp = await erpWithEndpoint(gw, 'erp-gone', receiver.url)
      const id = await submit(erp, gw)
      await waitForStatus(erp, id, ['completed'])
      const [delivery] = await until('the delivery', async () => (await erp.inject({ method: 'GET', url: '/v1/webhook-deliveries' })).json().items)
      expect((await cli(gw, 'webhooks', 'remove', 'erp-gone')).code).toBe(0)
      const res = await erp.inject({ method: 'POST', url: `/v1/webhook-deliveries/${delivery.id}/redeliver` })
      expect(res.statusCode).toBe(409)
      expect(res.json()).toMatchObject({ code: 'NO_WEBHOOK_ENDPOINT', message: expect.stringContaining('webhooks set') })
    } finally {
      await receiver.close()
      await gw.close()
      await db.close()
    }
  })
})
