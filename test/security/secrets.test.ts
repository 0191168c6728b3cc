// The whole flow, vendor failures included, with the log written to memory: no app secret, AES key, token,
// API key, Authorization header or Base64 payload may appear in it, in an error body, or in the database; nor the
// webhook signing secret in the log, a response or the outbox (it is kept only on the endpoint, to sign with).
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseApiKey } from '../../src/clients/keys.ts'
import { base64Codec } from '../../src/piaozone/codec.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, startGateway, waitForStatus } from '../helpers/gateway.ts'
import { startReceiver } from '../helpers/receiver.ts'

const lines: string[] = []
const memory = new Writable({
  write(chunk, _enc, done) {
    lines.push(String(chunk))
    done()
  },
})
let gw: Gateway
const bodies: string[] = []

beforeAll(async () => {
  // The most talkative level, so anything the code could log is logged.
  gw = await startGateway({ logger: { level: 'trace', stream: memory } })
})
afterAll(() => gw.close())

async function call(opts: Parameters<Gateway['inject']>[0]) {
  const res = await gw.inject(opts)
  bodies.push(res.body)
  return res
}

describe('secrets stay secret', () => {
  it('through a full run with vendor failures', async () => {
    const { state } = gw.sandbox
    // Webhooks on, the first delivery failing (logged at warn), the next one taken.
    const receiver = await startReceiver((n) => (n === 1 ? 500 : 204))
    const [client] = await gw.app.clients.list()
    const webhookSecret = await gw.app.webhooks.set(client.name, receiver.url)
    // Vendor trouble of every kind along the way.
    state.faults.push({ on: 'invoiceRecorded', times: 1, fault: { kind: 'http_error', status: 502 } })
    state.faults.push({ on: 'invoiceRecorded', times: 1, fault: { kind: 'invalidate_token' } })
    state.faults.push({ on: 'invoiceRecordedQuery', times: 1, fault: { kind: 'not_json' } })
    const invoices = freshInvoices(gw.sandbox, SANDBOX_TAX_NOS.guide, 3)
    const res = await call({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices } })
    await waitForStatus(gw, res.json().id, ['completed'])
    await call({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.channelUnsupported, nextEntryMarkStatus: '02', invoices: [{ invoiceNo: '25112000000377770001', recordedTime: '20251126', recordedPeriod: '202511' }] } })
    state.faults.push({ on: 'taxLogin', times: 1, fault: { kind: 'business_error', errorCode: '9999', message: '系统异常' } })
    await call({ method: 'POST', url: '/v1/tax-login', payload: { taxNo: SANDBOX_TAX_NOS.guide } })
    await call({ url: '/v1/recording-tasks', headers: { authorization: 'Bearer rzk_aaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } })
    // A wrong secret: the auth failure path is logged too.
    state.invalidateTokens()
    state.credentials.appSecret = 'rotated-at-vendor'
    await call({ method: 'POST', url: '/v1/tax-login', payload: { taxNo: SANDBOX_TAX_NOS.guide } })
    state.credentials.appSecret = 'sandbox-secret'
    const deadline = Date.now() + 5000
    while (receiver.received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    expect(receiver.received.length).toBeGreaterThanOrEqual(2)
    await call({ url: '/v1/webhook-deliveries' })
    await receiver.close()

    const secrets = [
      'sandbox-secret',
      state.aesKey,
      gw.apiKey,
      (parseApiKey(gw.apiKey) as { secret: string }).secret,
      'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      webhookSecret,
      webhookSecret.slice('whsec_'.length),
      ...state.accessTokens.keys(),
      ...state.appTokens.keys(),
      // The Base64 `data` of every request the sandbox decoded, as the client encoded it.
      ...state.requests.filter((r) => r.path === 'deduction' && r.data).map((r) => base64Codec().encode(r.data)),
    ]
    expect(secrets.length).toBeGreaterThan(8)
    expect(lines.length).toBeGreaterThan(20)
    const rows = await Promise.all([
      gw.db.prisma.recordingTask.findMany(),
      gw.db.prisma.vendorCall.findMany(),
      gw.db.prisma.vendorBatch.findMany(),
      gw.db.prisma.taskInvoice.findMany(),
      gw.db.prisma.apiKey.findMany(),
      gw.db.prisma.client.findMany(),
      gw.db.prisma.webhookDelivery.findMany(),
    ])
    const stored = JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v))
    const log = lines.join('')
    for (const secret of secrets) {
      expect(log, 'log').not.toContain(secret)
      expect(bodies.join('\n'), 'response bodies').not.toContain(secret)
      expect(stored, 'database').not.toContain(secret)
    }
    expect(log).not.toMatch(/authorization|access_token=/i)
    // The log did see the calls: it is not silent.
    expect(log).toContain('"interfaceCode":"invoiceRecorded"')
    expect(log).toContain('webhook delivery failed; will retry')
  })
})
