// Property-based: generated requests, valid-looking and hostile, thrown at every route. Whatever comes in,
// the answer is never a 5xx, never carries a stack trace, always has the error shape when it is an error,
// and a refused submit stores nothing. Bounded in runs and time, so it fits CI.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Gateway, GUIDE_SUBMIT, startGateway } from '../helpers/gateway.ts'

let gw: Gateway
beforeAll(async () => {
  gw = await startGateway({ startWorker: false })
})
afterAll(() => gw.close())

const RUNS = { numRuns: 150, interruptAfterTimeLimit: 20_000 }

const hostileString = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
    "'; DROP TABLE \"RecordingTask\"; --",
    '1 OR 1=1',
    '\u0000',
    'a\u0000b',
    '\u202Eevil',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '９１４４０３００７４５１９４７７８２', // full-width digits
    '914403007451947782\n',
    'Ｘ'.repeat(5000),
    '\ud800',
    '%00',
    '',
    ),
  },
)
const anyJson = fc.jsonValue({ maxDepth: 3 })
const line = GUIDE_SUBMIT.invoices[0]

// Mostly-valid submissions with one or more fields replaced by something hostile.
const submission = fc.record(
  {
    taxNo: fc.oneof(fc.constant(GUIDE_SUBMIT.taxNo), hostileString, anyJson),
    nextEntryMarkStatus: fc.oneof(fc.constantFrom('02', '03', '06', '01', '2'), hostileString),
    reference: fc.oneof(hostileString, anyJson),
    invoices: fc.oneof(
      fc.array(
        fc.record(
          {
            serialNo: fc.oneof(hostileString, fc.stringMatching(/^[0-9a-f]{32,33}$/)),
            invoiceNo: fc.oneof(fc.stringMatching(/^\d{20}$/), fc.stringMatching(/^\d{8}$/), hostileString),
            invoiceCode: fc.oneof(fc.constant(''), fc.stringMatching(/^\d{10,12}$/), hostileString),
            recordedTime: fc.oneof(fc.constant(line.recordedTime), fc.stringMatching(/^\d{8}$/), hostileString),
            recordedPeriod: fc.oneof(fc.constant('202511'), hostileString),
            extra: anyJson,
          },
          { requiredKeys: [] },
        ),
        { maxLength: 5 },
      ),
      anyJson,
    ),
    unknownField: anyJson,
  },
  { requiredKeys: [] },
)

function checkAnswer(res: { statusCode: number; body: string; headers: Record<string, unknown> }) {
  expect(res.statusCode, res.body).toBeLessThan(500)
  expect(res.body).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/)
  if (res.statusCode >= 400) {
    const body = JSON.parse(res.body)
    expect(typeof body.code).toBe('string')
    expect(typeof body.message).toBe('string')
  }
}

describe('generated requests never break the gateway', () => {
  it('POST /v1/recording-tasks: structured hostile bodies', async () => {
    await fc.assert(
      fc.asyncProperty(submission, fc.option(fc.string({ unit: fc.constantFrom(...'abcXYZ-_:./0123456789 '.split('')), maxLength: 80 })), async (body, key) => {
        const before = await gw.db.prisma.recordingTask.count()
        const res = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: body, headers: key ? { 'idempotency-key': key } : {} })
        checkAnswer(res)
        if (res.statusCode !== 202) expect(await gw.db.prisma.recordingTask.count()).toBe(before)
      }),
      RUNS,
    )
  })

  it('POST /v1/recording-tasks: any bytes under any content type', async () => {
    const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', '', 'application/x-www-form-urlencoded')
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), anyJson.map((j) => JSON.stringify(j))), contentType, async (payload, type) => {
        const before = await gw.db.prisma.recordingTask.count()
        const res = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload, headers: type ? { 'content-type': type } : {} })
        checkAnswer(res)
        if (res.statusCode !== 202) expect(await gw.db.prisma.recordingTask.count()).toBe(before)
      }),
      RUNS,
    )
  })

  // Encoded hostile strings, and raw malformed percent-escapes as a broken client would send them.
  const value = fc.oneof(hostileString.map((s) => encodeURIComponent(s.toWellFormed())), fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '%C0%AF'))
  const routes = {
    'GET /v1/recording-tasks/{id}': value.map((v) => ({ method: 'GET' as const, url: `/v1/recording-tasks/${v}` })),
    'POST /v1/recording-tasks/{id}/refresh': value.map((v) => ({ method: 'POST' as const, url: `/v1/recording-tasks/${v}/refresh` })),
    // One parameter at a time, so a hostile value is not masked by another parameter's 400.
    'GET /v1/recording-tasks?…': fc
      .tuple(value, fc.constantFrom('taxNo', 'status', 'reference', 'createdFrom', 'createdTo', 'limit', 'cursor', 'bogus'))
      .map(([v, k]) => ({ method: 'GET' as const, url: `/v1/recording-tasks?${k}=${v}` })),
    'GET /v1/invoices/{invoiceNo}/entry-status': fc.oneof(
      value.map((n) => ({ method: 'GET' as const, url: `/v1/invoices/${n}/entry-status?taxNo=${GUIDE_SUBMIT.taxNo}` })),
      value.map((t) => ({ method: 'GET' as const, url: `/v1/invoices/${line.invoiceNo}/entry-status?taxNo=${t}` })),
      value.map((c) => ({ method: 'GET' as const, url: `/v1/invoices/04512345/entry-status?taxNo=${GUIDE_SUBMIT.taxNo}&invoiceCode=${c}` })),
    ),
  }
  for (const [name, route] of Object.entries(routes)) {
    it(`${name} with generated path and query values`, async () => {
      await fc.assert(
        fc.asyncProperty(route, async (req) => checkAnswer(await gw.inject(req))),
        RUNS,
      )
    })
  }

  it('POST /v1/tax-login with generated bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.record({ taxNo: fc.oneof(hostileString, anyJson) }, { requiredKeys: [] }), anyJson), async (body) => {
        checkAnswer(await gw.inject({ method: 'POST', url: '/v1/tax-login', payload: body as object }))
      }),
      RUNS,
    )
  })

  it('a body over the size limit is refused with 413 and stores nothing', async () => {
    const huge = { ...GUIDE_SUBMIT, reference: 'x'.repeat(2 * 1024 * 1024) }
    const res = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: huge })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
  })
})
