import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freshInvoices, type Gateway, startGateway } from '../helpers/gateway.ts'

let gw: Gateway
beforeAll(async () => {
  gw = await startGateway({ startWorker: false })
})
afterAll(() => gw.close())

const submit = (body: object, key?: string) =>
  gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: body, headers: key ? { 'idempotency-key': key } : {} })
const body = () => ({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: freshInvoices(gw.sandbox, SANDBOX_TAX_NOS.guide, 2) })

describe('Idempotency-Key', () => {
  it('returns the same task again, marked as a replay, for the same key and body', async () => {
    const b = body()
    const first = await submit(b, 'key-1')
    // Key order does not matter: the body is compared by content.
    const again = await submit({ invoices: b.invoices, nextEntryMarkStatus: '02', taxNo: b.taxNo }, 'key-1')
    expect(first.statusCode).toBe(202)
    expect(again.statusCode).toBe(202)
    expect(again.json()).toMatchObject({ id: first.json().id, replayed: true })
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(first.headers['idempotent-replayed']).toBeUndefined()
    expect(await gw.db.prisma.recordingTask.count({ where: { idempotencyKey: 'key-1' } })).toBe(1)
  })

  it('answers 422 for the same key with a different body, naming the existing task', async () => {
    const first = await submit(body(), 'key-2')
    const other = await submit(body(), 'key-2')
    expect(other.statusCode).toBe(422)
    expect(other.json()).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', taskId: first.json().id })
  })

  it('stores one task when the same request arrives many times at once; the rest are replays or 409', async () => {
    const b = body()
    const answers = await Promise.all(Array.from({ length: 8 }, () => submit(b, 'key-3')))
    const ids = new Set(answers.filter((a) => a.statusCode === 202).map((a) => a.json().id))
    expect(ids.size).toBe(1)
    for (const a of answers) {
      expect([202, 409]).toContain(a.statusCode)
      if (a.statusCode === 409) expect(a.json().code).toBe('IDEMPOTENCY_IN_PROGRESS')
    }
    expect(answers.filter((a) => a.statusCode === 202 && !a.json().replayed)).toHaveLength(1)
    expect(await gw.db.prisma.recordingTask.count({ where: { idempotencyKey: 'key-3' } })).toBe(1)
  })

  it('without a key, a repeat of an unfinished submission is refused with 409 naming the task', async () => {
    const b = body()
    const first = await submit(b)
    const again = await submit(b)
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({
      code: 'INVOICE_IN_UNFINISHED_TASK',
      taskId: first.json().id,
      details: [
        { field: 'invoices[0].invoiceNo', rule: `already in unfinished task ${first.json().id}` },
        { field: 'invoices[1].invoiceNo', rule: `already in unfinished task ${first.json().id}` },
      ],
    })
  })

  it('refuses a malformed key', async () => {
    const res = await submit(body(), 'has spaces in it')
    expect(res.statusCode).toBe(400)
    expect(res.json().details[0].field).toBe('headers idempotency-key')
  })
})
