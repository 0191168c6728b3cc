// Two ERP clients on one gateway: each reaches only its own tasks and invoices (404, not 403, for another's),
// a client limited to some tax numbers gets 403 for others, and bad keys get 401.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ClientService } from '../../src/clients/service.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, startGateway, waitForStatus } from '../helpers/gateway.ts'

let gw: Gateway
let other: string // a second client's Authorization header
let limited: string // a client that may act only for SANDBOX_TAX_NOS.second
let taskId: string
let invoiceNo: string

beforeAll(async () => {
  gw = await startGateway()
  other = `Bearer ${(await gw.app.clients.addClient('other-erp', 'any')).key.key}`
  limited = `Bearer ${(await gw.app.clients.addClient('limited-erp', [SANDBOX_TAX_NOS.second])).key.key}`
  const invoices = freshInvoices(gw.sandbox, SANDBOX_TAX_NOS.guide, 1)
  invoiceNo = invoices[0].invoiceNo
  const res = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', reference: 'MINE-1', invoices } })
  taskId = res.json().id
  await waitForStatus(gw, taskId, ['completed'])
})
afterAll(() => gw.close())

const as = (authorization: string, opts: { method?: 'GET' | 'POST'; url: string; payload?: object }) => gw.app.inject({ ...opts, headers: { authorization } })

describe('isolation between clients', () => {
  it('another client gets 404 for the task by id, by refresh, in lists and by invoice number', async () => {
    expect((await as(other, { url: `/v1/recording-tasks/${taskId}` })).statusCode).toBe(404)
    expect((await as(other, { method: 'POST', url: `/v1/recording-tasks/${taskId}/refresh` })).statusCode).toBe(404)
    expect((await as(other, { url: '/v1/recording-tasks?reference=MINE-1' })).json()).toEqual({ items: [], nextCursor: null })
    const status = await as(other, { url: `/v1/invoices/${invoiceNo}/entry-status?taxNo=${SANDBOX_TAX_NOS.guide}` })
    expect(status.statusCode).toBe(404)
    expect(status.body).not.toContain(taskId)
    // The owner sees all of it.
    expect((await gw.inject({ url: `/v1/recording-tasks/${taskId}` })).statusCode).toBe(200)
    expect((await gw.inject({ url: '/v1/recording-tasks?reference=MINE-1' })).json().items).toHaveLength(1)
  })

  it('each task records the client, the key and the request id that created it', async () => {
    const row = await gw.db.prisma.recordingTask.findUniqueOrThrow({ where: { id: taskId } })
    const key = await gw.db.prisma.apiKey.findUniqueOrThrow({ where: { id: row.apiKeyId as string } })
    expect(key.clientId).toBe(row.clientId)
    expect(row.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('an invoice in another client\'s unfinished task does not leak through the 409 rule', async () => {
    // Both clients may record the same invoice; tasks are per client, so no cross-client 409 names a task.
    const invoices = freshInvoices(gw.sandbox, SANDBOX_TAX_NOS.second, 1)
    const paused = await startGateway({ startWorker: false, sandboxRunning: gw.sandbox, db: gw.db, apiKey: gw.apiKey })
    try {
      const mine = await paused.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.second, nextEntryMarkStatus: '02', invoices } })
      const theirs = await as(limited, { method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.second, nextEntryMarkStatus: '02', invoices } })
      expect(theirs.statusCode).toBe(409)
      expect(theirs.json()).toMatchObject({ code: 'INVOICE_IN_UNFINISHED_TASK', details: [{ field: 'invoices[0].invoiceNo', rule: 'already in an unfinished task of another client' }] })
      expect(theirs.body).not.toContain(mine.json().id)
    } finally {
      await paused.close()
    }
  })
})

describe('tax numbers a client may act for', () => {
  const forbidden = [
    { method: 'POST' as const, url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: [{ invoiceNo: '23442000000164214335', recordedTime: '20251126', recordedPeriod: '202511' }] } },
    { url: `/v1/invoices/23442000000164214335/entry-status?taxNo=${SANDBOX_TAX_NOS.guide}` },
    { url: `/v1/recording-tasks?taxNo=${SANDBOX_TAX_NOS.guide}` },
    { method: 'POST' as const, url: '/v1/tax-login', payload: { taxNo: SANDBOX_TAX_NOS.guide } },
  ]
  for (const req of forbidden) {
    it(`403 for ${req.method ?? 'GET'} ${req.url.split('?')[0]} with a tax number outside the list`, async () => {
      const before = await gw.db.prisma.recordingTask.count()
      const res = await as(limited, req)
      expect(res.statusCode).toBe(403)
      expect(res.json()).toMatchObject({ code: 'FORBIDDEN', details: [{ field: 'taxNo', rule: `must be one of this client's tax numbers: ${SANDBOX_TAX_NOS.second}` }] })
      expect(await gw.db.prisma.recordingTask.count()).toBe(before)
    })
  }

  it('a client granted no tax number (denied by default) may act for none, nor read any tax number\'s session', async () => {
    // As a client stored with an empty list and no grant of any would be; the CLI makes none (it needs one or the other).
    await gw.db.prisma.client.create({ data: { name: 'granted-nothing', taxNos: [] } })
    const none = `Bearer ${(await gw.app.clients.addKey('granted-nothing')).key}`
    const before = await gw.db.prisma.recordingTask.count()
    for (const req of [...forbidden, { method: 'POST' as const, url: `/v1/tax-numbers/${SANDBOX_TAX_NOS.guide}/check` }, { url: `/v1/tax-numbers?taxNo=${SANDBOX_TAX_NOS.guide}` }]) {
      const res = await as(none, req)
      expect(res.statusCode, `${req.url}: ${res.body}`).toBe(403)
      expect(res.json().details).toEqual([{ field: 'taxNo', rule: 'this client may act for no tax number yet: an operator grants them (clients add --tax-no)' }])
    }
    expect((await as(none, { url: '/v1/tax-numbers' })).json()).toEqual({ items: [] })
    expect(await gw.db.prisma.recordingTask.count()).toBe(before)
  })

  it('its own problems are reported before anything that depends on another client\'s tasks', async () => {
    // The limited client recorded one invoice as 02 already; another client holds a second one in an unfinished task.
    const [own, busy] = freshInvoices(gw.sandbox, SANDBOX_TAX_NOS.second, 2)
    const first = await as(limited, { method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.second, nextEntryMarkStatus: '02', invoices: [own] } })
    await waitForStatus({ inject: (o) => as(limited, o as { url: string }) }, first.json().id, ['completed'])
    const paused = await startGateway({ startWorker: false, sandboxRunning: gw.sandbox, db: gw.db, apiKey: gw.apiKey })
    try {
      expect((await paused.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.second, nextEntryMarkStatus: '02', invoices: [busy] } })).statusCode).toBe(202)
      const res = await as(limited, { method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.second, nextEntryMarkStatus: '02', invoices: [own, busy] } })
      expect(res.statusCode).toBe(400)
      expect(res.json().details).toEqual([{ field: 'invoices[0].invoiceNo', rule: expect.stringMatching(/02/) }])
      expect(res.body).not.toContain('another client')
    } finally {
      await paused.close()
    }
  })

  it('its own tax number works', async () => {
    const res = await as(limited, { method: 'POST', url: '/v1/tax-login', payload: { taxNo: SANDBOX_TAX_NOS.second } })
    expect(res.statusCode).toBe(200)
  })
})

describe('API keys', () => {
  it('401 for a missing, malformed, unknown or revoked key, with a clear body', async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'missing Authorization header; send "Authorization: Bearer <API key>"'],
      [{ authorization: 'Basic dXNlcjpwdw==' }, 'the Authorization header must be "Bearer <API key>"'],
      [{ authorization: 'Bearer rzk_aaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, 'the API key is unknown or revoked'],
      [{ authorization: `${gw.authorization}x` }, 'the API key is unknown or revoked'],
    ]
    for (const [headers, message] of cases) {
      const res = await gw.app.inject({ url: '/v1/recording-tasks', headers })
      expect(res.statusCode).toBe(401)
      expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED', message })
    }
    const { key } = await gw.app.clients.addKey('other-erp')
    const revokedId = key.split('_')[1]
    await gw.app.clients.revokeKey(revokedId)
    expect((await gw.app.inject({ url: '/v1/recording-tasks', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(401)
    // The client's other key still works.
    expect((await as(other, { url: '/v1/recording-tasks' })).statusCode).toBe(200)
  })

  it('a key in use stops at once when revoked, by this gateway or elsewhere, though keys are cached', async () => {
    const cached = await startGateway({ startWorker: false, security: { authCacheMs: 60_000 }, sandboxRunning: gw.sandbox })
    try {
      const use = (k: string) => cached.app.inject({ url: '/v1/recording-tasks', headers: { authorization: `Bearer ${k}` } })
      const here = (await cached.app.clients.addClient('cache-here', 'any')).key
      expect((await use(here.key)).statusCode).toBe(200)
      await cached.app.clients.revokeKey(here.id)
      expect((await use(here.key)).statusCode).toBe(401)

      const elsewhere = (await cached.app.clients.addClient('cache-elsewhere', 'any')).key
      expect((await use(elsewhere.key)).statusCode).toBe(200)
      // The CLI (another process, another ClientService) revokes it: the NOTIFY reaches this gateway at once.
      await new ClientService(cached.db).revokeKey(elsewhere.id)
      let status = 200
      for (const deadline = Date.now() + 1000; status !== 401 && Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) status = (await use(elsewhere.key)).statusCode
      expect(status).toBe(401)
    } finally {
      await cached.close()
    }
  })

  it('leaves /live, /docs and the OpenAPI document open', async () => {
    for (const url of ['/live', '/docs/', '/docs/json']) expect((await gw.app.inject({ url })).statusCode, url).toBe(200)
  })
})

describe('per-client businessSystemCode', () => {
  it('is sent to the vendor for that client\'s tasks', async () => {
    gw.sandbox.state.businessSystemCodes.add('SAP-HQ')
    const sap = `Bearer ${(await gw.app.clients.addClient('sap-hq', 'any', 'SAP-HQ')).key.key}`
    const invoices = freshInvoices(gw.sandbox, SANDBOX_TAX_NOS.guide, 1)
    const res = await as(sap, { method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices } })
    const deadline = Date.now() + 10_000
    while ((await as(sap, { url: `/v1/recording-tasks/${res.json().id}` })).json().status !== 'completed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25))
    const sent = gw.sandbox.state.requests.filter((r) => r.interfaceCode && (r.data as any)?.invoices?.[0]?.invoiceNo === invoices[0].invoiceNo)
    expect(sent.map((r) => r.businessSystemCode)).toEqual(['SAP-HQ'])
  })
})

describe('rate limit', () => {
  it('answers 429 with Retry-After once a client is over its limit; other clients are not affected', async () => {
    const small = await startGateway({ startWorker: false, security: { rateLimitMax: 3 } })
    try {
      const codes = []
      for (let i = 0; i < 4; i++) codes.push((await small.inject({ url: '/v1/recording-tasks' })).statusCode)
      expect(codes).toEqual([200, 200, 200, 429])
      const limitedRes = await small.inject({ url: '/v1/recording-tasks' })
      expect(Number(limitedRes.headers['retry-after'])).toBeGreaterThan(0)
      expect(limitedRes.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' })
      const second = `Bearer ${(await small.app.clients.addClient('second', 'any')).key.key}`
      expect((await small.app.inject({ url: '/v1/recording-tasks', headers: { authorization: second } })).statusCode).toBe(200)
    } finally {
      await small.close()
    }
  })
})
