// Answers stay small whatever the request, and input that passes validation never reaches the database as something
// it refuses (a 500).
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_DETAILS } from '../../src/plugins/errors.ts'
import { isInstant } from '../../src/plugins/validation.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { type Gateway, startGateway } from '../helpers/gateway.ts'

let gw: Gateway
beforeAll(async () => {
  gw = await startGateway({ startWorker: false })
})
afterAll(() => gw.close())

const submit = (invoices: unknown[]) => gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices } })

describe('validation errors are bounded', () => {
  it('an array over its limit is the only problem reported: 20,000 empty invoices get one line, not one per item', async () => {
    const res = await submit(Array.from({ length: 20_000 }, () => ({})))
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ message: 'invoices: at most 1000 invoices per task: split them into several tasks', details: [{ field: 'invoices', rule: 'at most 1000 invoices per task: split them into several tasks' }] })
    expect(res.body.length).toBeLessThan(1000)
  })

  it(`lists at most ${MAX_DETAILS} problems and says how many there are`, async () => {
    const res = await submit(Array.from({ length: 1000 }, () => ({})))
    expect(res.statusCode).toBe(400)
    const body = res.json()
    expect(body.details).toHaveLength(MAX_DETAILS)
    expect(body.message).toMatch(new RegExp(`^invoices\\[0\\]\\.\\w+: .+ \\(and \\d{4,} more problems; the first ${MAX_DETAILS} are listed in details\\)$`))
    expect(res.body.length).toBeLessThan(20_000)
  })
})

describe('input that passes validation is something the database takes', () => {
  const urn = `urn:uuid:${randomUUID()}`
  for (const [what, req] of [
    ['a task by a urn:uuid id', { url: `/v1/recording-tasks/${urn}` }],
    ['cancel by a urn:uuid id', { method: 'POST' as const, url: `/v1/recording-tasks/${urn}/cancel` }],
    ['webhook deliveries of a urn:uuid task', { url: `/v1/webhook-deliveries?taskId=${urn}` }],
    ['tasks created from a leap second', { url: '/v1/recording-tasks?createdFrom=2016-12-31T23:59:60Z' }],
    ['invoices submitted from 30 February', { url: '/v1/invoices?createdFrom=2025-02-30T00:00:00Z' }],
    ['tasks created before an offset of +24:00', { url: '/v1/recording-tasks?createdTo=2025-11-01T00:00:00%2B24:00' }],
  ] as const) {
    it(`refuses ${what} with a 400 naming the field`, async () => {
      const res = await gw.inject(req)
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().details[0].field).toMatch(/^(params id|query (taskId|createdFrom|createdTo))$/)
    })
  }

  it('takes real instants in any offset', async () => {
    expect((await gw.inject({ url: '/v1/recording-tasks?createdFrom=2024-02-29T23:59:59.999%2B08:00&createdTo=2025-12-01T00:00:00Z' })).statusCode).toBe(200)
    expect([isInstant('2016-12-31T23:59:59Z'), isInstant('2000-02-29T00:00:00Z'), isInstant('1900-02-29T00:00:00Z'), isInstant('0000-01-01T00:00:00Z')]).toEqual([true, true, false, false])
  })
})
