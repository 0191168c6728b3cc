// Planning a submission as a table: batches, requestIds, serials, the hand-off lease, and the body's hash.
import { describe, expect, it } from 'vitest'
import { hashRequest, planTask, type SerialWhenMissing } from '../../src/recording/plan.ts'
import type { SubmitBody } from '../../src/recording/schemas.ts'

const now = new Date(Date.UTC(2026, 10, 24))
const id = '0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d'
const line = (n: number, serialNo?: string) => ({ invoiceNo: `254420000000000000${String(n).padStart(2, '0')}`, recordedTime: '20251126', recordedPeriod: '202511', ...(serialNo ? { serialNo } : {}) })
const body = (count: number): SubmitBody => ({ taxNo: '914403007451947782', nextEntryMarkStatus: '02', invoices: Array.from({ length: count }, (_, i) => line(i)) })
const counter = () => {
  let n = 0
  return { next: () => `176400000000${String(++n).padStart(4, '0')}` }
}
const plan = (b: SubmitBody, over: { batchSize?: number; serialWhenMissing?: SerialWhenMissing; handoff?: { token: string; leaseMs: number } } = {}) =>
  planTask(b, { clientId: 'c' }, { batchSize: 100, serialWhenMissing: 'omit', requestHash: 'h', ...over }, counter(), now, id)

describe('planning a submission', () => {
  it.each([
    [1, 100, [1]],
    [100, 100, [100]],
    [250, 100, [100, 100, 50]],
    [1000, 10, Array(100).fill(10)],
  ])('%i invoices in batches of %i → %j', (count, batchSize, sizes) => {
    const planned = plan(body(count), { batchSize })
    expect(planned.batches.map((b) => b.invoiceCount)).toEqual(sizes)
    expect(new Set(planned.batches.map((b) => b.requestId)).size).toBe(sizes.length)
    expect(planned.invoices.map((i) => i.batchSeq)).toEqual(Array.from({ length: count }, (_, i) => Math.floor(i / batchSize)))
  })

  it.each([
    ['omit', [null, 'erp-1']],
    ['empty', ['', 'erp-1']],
    ['generate', [`${id.replace(/-/g, '')}0`, 'erp-1']],
  ] as const)('serials the ERP did not send: %s (its own are kept)', (mode, serials) => {
    const b = { ...body(0), invoices: [line(0), line(1, 'erp-1')] }
    expect(plan(b, { serialWhenMissing: mode }).invoices.map((i) => i.serialNo)).toEqual(serials)
  })

  it('is stored leased to the accepting worker, or to nobody', () => {
    expect(plan(body(1), { handoff: { token: 'worker-a', leaseMs: 20_000 } }).task).toMatchObject({ leaseOwner: 'worker-a', leaseUntil: new Date(now.getTime() + 20_000) })
    expect(plan(body(1)).task).toMatchObject({ leaseOwner: null, leaseUntil: null, status: 'accepted', progressAt: now, sentAt: null })
  })

  it('hashes the same body the same whatever its key order, and another body otherwise', () => {
    const a = body(2)
    const reordered = { invoices: a.invoices.map(({ recordedPeriod, recordedTime, invoiceNo }) => ({ recordedPeriod, recordedTime, invoiceNo })), nextEntryMarkStatus: a.nextEntryMarkStatus, taxNo: a.taxNo }
    expect(hashRequest(reordered as SubmitBody)).toBe(hashRequest(a))
    expect(hashRequest({ ...a, nextEntryMarkStatus: '03' })).not.toBe(hashRequest(a))
  })
})
