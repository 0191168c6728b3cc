// Planning a submission, pure: the task row, its vendor batches (split by PIAOZONE_BATCH_SIZE, each with a requestId
// of its own) and its invoice lines (serials per PIAOZONE_SERIAL_WHEN_MISSING), from the body and the caller. Time,
// ids and requestIds come in from outside, so it is tested as a table (test/recording/plan.test.ts).
import { createHash, randomUUID } from 'node:crypto'
import type { TaskRow } from './repository.ts'
import type { SubmitBody } from './schemas.ts'

/**
 * What 4.16 gets as an invoice's serial when the ERP sent none (PIAOZONE_SERIAL_WHEN_MISSING): no serial keys
 * (`omit`), empty ones (`empty`), or one the gateway makes up (`generate`). `serilNo` is probably the 发票云
 * pool's own id for the invoice, so a made-up one may be refused or, worse, name another invoice.
 */
export type SerialWhenMissing = 'omit' | 'empty' | 'generate'

/** JSON with keys sorted, so the same body hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined)
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** The body's fingerprint for Idempotency-Key replays. */
export const hashRequest = (body: SubmitBody) => createHash('sha256').update(canonical(body)).digest('hex')

export interface PlanOptions {
  batchSize: number
  serialWhenMissing: SerialWhenMissing
  requestHash: string
  idempotencyKey?: string
  /** Stored leased to this worker (a task accepted here starts here). */
  handoff?: { token: string; leaseMs: number }
  retryOf?: string
}

export interface PlanCaller {
  clientId: string
  apiKeyId?: string
  requestId?: string
  businessSystemCode?: string | null
}

export function planTask(
  body: SubmitBody,
  caller: PlanCaller,
  opts: PlanOptions,
  requestIds: { next(): string },
  now = new Date(),
  id: string = randomUUID(),
) {
  const { batchSize, serialWhenMissing, handoff } = opts
  const task = {
    id,
    clientId: caller.clientId,
    apiKeyId: caller.apiKeyId ?? null,
    requestId: caller.requestId ?? null,
    idempotencyKey: opts.idempotencyKey ?? null,
    requestHash: opts.requestHash,
    reference: body.reference ?? null,
    taxNo: body.taxNo,
    nextEntryMarkStatus: body.nextEntryMarkStatus,
    businessSystemCode: caller.businessSystemCode ?? null,
    status: 'accepted' as const,
    invoiceCount: body.invoices.length,
    error: null,
    attempts: 0,
    nextAttemptAt: now,
    sentAt: null,
    progressAt: now,
    retryOf: opts.retryOf ?? null,
    operator: body.operator ?? null,
    reason: body.reason ?? null,
    leaseOwner: handoff?.token ?? null,
    leaseUntil: handoff ? new Date(now.getTime() + handoff.leaseMs) : null,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  }
  const batches = Array.from({ length: Math.ceil(body.invoices.length / batchSize) }, (_, seq) => ({
    seq,
    requestId: requestIds.next(),
    invoiceCount: Math.min(batchSize, body.invoices.length - seq * batchSize),
  }))
  const missingSerial = (idx: number) => (serialWhenMissing === 'generate' ? `${id.replace(/-/g, '')}${idx}` : serialWhenMissing === 'empty' ? '' : null)
  const invoices = body.invoices.map((inv, idx) => ({
    idx,
    batchSeq: Math.floor(idx / batchSize),
    taxNo: body.taxNo,
    serialNo: inv.serialNo ?? missingSerial(idx),
    invoiceNo: inv.invoiceNo,
    invoiceCode: inv.invoiceCode ?? '',
    recordedTime: inv.recordedTime,
    recordedPeriod: inv.recordedPeriod,
  }))
  return { task, batches, invoices }
}

/**
 * The task as the database holds it right after the plan is stored (columns, batches, invoices): what the worker
 * of the process that accepted it starts from, without reading back what it has just written.
 */
export function storedTask({ task, batches, invoices }: ReturnType<typeof planTask>): TaskRow {
  return {
    ...task,
    batches: batches.map((b) => ({
      ...b, taskId: task.id, state: 'pending', vendorTaskNo: null, resends: 0, polls: 0, refusals: 0, submittedAt: null, refusal: null, updatedAt: task.createdAt,
    })),
    invoices: invoices.map((i) => ({
      ...i, taskId: task.id, outcome: 'pending', preEntryMarkStatus: null, entryMarkStatus: null, failReason: null, invoiceType: null, invoiceDate: null,
      etaxInvoiceNo: null, updatedAt: task.createdAt,
    })),
  }
}
