// A task's lease: which step of which worker may write to the task now, and every write such a step makes. Each
// write is one statement that checks the step's token still holds the lease, so a step that lost the task writes
// nothing (docs/DESIGN.md, "Leases, hand-off and levers"). RecordingRepository claims and renews leases with these
// statements; the worker writes only through Lease.
import { column, type Sql, type Statement, sql } from '../db/sql.ts'
import { taskEvents } from '../webhooks/outbox.ts'
import type { BatchState } from '../generated/prisma/enums.ts'
import type { InvoiceOutcomeRow, TaskWrite } from './repository.ts'
// Statuses are constants in the statement text (not parameters), so the (status, nextAttemptAt) index serves them.
import { WORKABLE_SQL } from './statuses.ts'
import type { TaskLease } from './worker-store.ts'

const S = {
  // Every claim gets a lease token of its own (the process's owner id and a random suffix), so a lease names one
  // step of one task: two steps of a task can never both hold it, in one process or in two.
  claimDue: sql<Held>(`
    UPDATE "RecordingTask" SET "leaseOwner" = $1 || ':' || gen_random_uuid(), "leaseUntil" = now() + $3 * interval '1 millisecond'
    WHERE id IN (
      SELECT id FROM "RecordingTask"
      WHERE status IN (${WORKABLE_SQL}) AND "nextAttemptAt" <= now() AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
      ORDER BY "nextAttemptAt" LIMIT $2
      FOR UPDATE SKIP LOCKED)
    RETURNING id::text AS id, "leaseOwner" AS token`),
  claimOne: sql<{ id: string }>(`
    UPDATE "RecordingTask" SET "leaseOwner" = $2, "leaseUntil" = now() + $3 * interval '1 millisecond'
    WHERE id IN (
      SELECT id FROM "RecordingTask"
      WHERE id = $1::uuid AND status IN (${WORKABLE_SQL}) AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
      FOR UPDATE SKIP LOCKED)
    RETURNING id::text AS id`),
  releaseLeases: sql<Record<string, never>>(`
    UPDATE "RecordingTask" t SET "leaseOwner" = NULL, "leaseUntil" = NULL FROM unnest($1::uuid[], $2::text[]) AS l(id, token)
    WHERE t.id = l.id AND t."leaseOwner" = l.token`),
  renewLeases: sql<{ id: string }>(`
    UPDATE "RecordingTask" t SET "leaseUntil" = now() + $3 * interval '1 millisecond' FROM unnest($1::uuid[], $2::text[]) AS l(id, token)
    WHERE t.id = l.id AND t."leaseOwner" = l.token
    RETURNING t.id::text AS id`),
  // The lease's writes: each first checks that the step's token ($2) still holds task $1 (see Lease).
  // The task's next state and, in the same statement, the webhook event it raises when it enters a status an ERP
  // is told of: an outbox row for the client's endpoint, if it has one (src/webhooks/deliverer.ts delivers it).
  updateTask: sql<{ id: string; events: number }>(`
    WITH prev AS (SELECT id, status FROM "RecordingTask" WHERE id = $1::uuid AND "leaseOwner" = $2 FOR UPDATE),
    task AS (
      UPDATE "RecordingTask" t SET
        status = coalesce($3::"TaskStatus", t.status), attempts = coalesce($4::int, t.attempts),
        error = CASE WHEN $5::boolean THEN $6::jsonb ELSE t.error END,
        "nextAttemptAt" = coalesce($7::timestamptz, t."nextAttemptAt"), "progressAt" = coalesce($8::timestamptz, t."progressAt"),
        "finishedAt" = coalesce($9::timestamptz, t."finishedAt"),
        "leaseOwner" = CASE WHEN $10::boolean THEN NULL ELSE t."leaseOwner" END, "leaseUntil" = CASE WHEN $10::boolean THEN NULL ELSE t."leaseUntil" END,
        "updatedAt" = now()
      FROM prev WHERE t.id = prev.id
      RETURNING t.id, t."clientId", t.status, prev.status AS "prevStatus", t.reference, t."taxNo", t."nextEntryMarkStatus", t."invoiceCount", t.error,
                t."createdAt", t."finishedAt"),
    event AS (${taskEvents('task')})
    SELECT id, (SELECT count(*) FROM event)::int AS events FROM task`),
  markSending: sql<Record<string, never>>(`
    WITH lease AS (
      UPDATE "RecordingTask" SET "leaseUntil" = now() + $4 * interval '1 millisecond', "sentAt" = coalesce("sentAt", now())
      WHERE id = $1::uuid AND "leaseOwner" = $2 AND status <> 'cancelled' RETURNING id)
    UPDATE "VendorBatch" SET state = 'sending', resends = resends + $5, "updatedAt" = now()
    WHERE "taskId" IN (SELECT id FROM lease) AND seq = $3
    RETURNING seq`),
  updateBatch: sql<Record<string, never>>(`
    WITH lease AS (SELECT id FROM "RecordingTask" WHERE id = $1::uuid AND "leaseOwner" = $2 FOR UPDATE)
    UPDATE "VendorBatch" SET
      state = coalesce($4::"BatchState", state), "vendorTaskNo" = coalesce($5, "vendorTaskNo"), "submittedAt" = coalesce($6::timestamptz, "submittedAt"),
      refusals = coalesce($7::int, refusals), refusal = coalesce($8::jsonb, refusal), polls = polls + $9, "updatedAt" = now()
    WHERE "taskId" IN (SELECT id FROM lease) AND seq = $3
    RETURNING seq`),
  // The outcomes, and in the same statement every change of 入账状态 among them appended to the history, with the
  // task's client, operator and reason and the batch's vendor task number. Only a succeeded invoice was changed by
  // the task: a failed one reports the status piaozone already holds (02 when 02 → 02 is refused).
  applyOutcomes: sql<Record<string, never>>(`
    WITH lease AS (SELECT id, "clientId", operator, reason FROM "RecordingTask" WHERE id = $1::uuid AND "leaseOwner" = $2 FOR UPDATE),
    changed AS (
      UPDATE "TaskInvoice" AS i
      SET outcome = u.outcome::"InvoiceOutcome", "preEntryMarkStatus" = u.pre, "entryMarkStatus" = u.status, "failReason" = u.reason,
          "invoiceType" = u.type, "invoiceDate" = u.date, "etaxInvoiceNo" = u.etax, "vendorItem" = u.item::jsonb, "updatedAt" = now()
      FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
           AS u(idx, outcome, pre, status, reason, type, date, etax, item)
      WHERE i."taskId" IN (SELECT id FROM lease) AND i.idx = u.idx
      RETURNING i.idx, i."batchSeq", i."taxNo", i."invoiceNo", i."invoiceCode", u.pre, u.status, u.outcome, u.reason AS "failReason"),
    state AS (
      UPDATE "InvoiceState" s SET outcome = c.outcome::"InvoiceOutcome", "entryMarkStatus" = coalesce(c.status, s."entryMarkStatus"),
             "failReason" = c."failReason", "updatedAt" = now()
      FROM changed c, lease l
      WHERE s."clientId" = l."clientId" AND s."taxNo" = c."taxNo" AND s."invoiceNo" = c."invoiceNo" AND s."invoiceCode" = c."invoiceCode" AND s."taskId" = l.id),
    history AS (
      INSERT INTO "EntryStatusChange" ("clientId", "taxNo", "invoiceNo", "invoiceCode", "fromStatus", "toStatus", "taskId", "vendorTaskNo", operator, reason)
      SELECT l."clientId", c."taxNo", c."invoiceNo", c."invoiceCode", c.pre, c.status, l.id, b."vendorTaskNo", l.operator, l.reason
      FROM changed c CROSS JOIN lease l LEFT JOIN "VendorBatch" b ON b."taskId" = l.id AND b.seq = c."batchSeq"
      WHERE c.outcome = 'succeeded' AND c.status IS NOT NULL AND c.status IS DISTINCT FROM c.pre)
    SELECT idx FROM changed`),
  // A batch the vendor certainly will not act on: refused, and its pending invoices failed with the vendor's words, in
  // one statement under the lease, so no crash can leave a refused batch with pending invoices.
  refuseBatch: sql<Record<string, never>>(`
    WITH lease AS (SELECT id, "clientId" FROM "RecordingTask" WHERE id = $1::uuid AND "leaseOwner" = $2 FOR UPDATE),
    batch AS (
      UPDATE "VendorBatch" SET state = 'refused', refusal = $4::jsonb, "updatedAt" = now()
      WHERE "taskId" IN (SELECT id FROM lease) AND seq = $3
      RETURNING seq),
    failed AS (
      UPDATE "TaskInvoice" SET outcome = 'failed', "failReason" = $5, "updatedAt" = now()
      WHERE "taskId" IN (SELECT id FROM lease) AND "batchSeq" = $3 AND outcome = 'pending'
      RETURNING "taxNo", "invoiceNo", "invoiceCode"),
    state AS (
      UPDATE "InvoiceState" s SET outcome = 'failed', "failReason" = $5, "updatedAt" = now()
      FROM failed f, lease l
      WHERE s."clientId" = l."clientId" AND s."taxNo" = f."taxNo" AND s."invoiceNo" = f."invoiceNo" AND s."invoiceCode" = f."invoiceCode" AND s."taskId" = l.id)
    SELECT seq FROM batch`),
}

/** The lease statements: RecordingRepository claims, renews and releases with them; bench/scale.ts reads their plans. */
export const LEASE_STATEMENTS: Readonly<typeof S> = S

/** A task's lease as one step holds it: the token is in the task row's leaseOwner while the step may write. */
export interface Held {
  id: string
  token: string
}

/** The lease was lost (another worker took the task over): the step must stop without writing. */
export class LeaseLost extends Error {
  constructor(readonly taskId: string) {
    super(`lost the lease of task ${taskId}`)
    this.name = 'LeaseLost'
  }
}

export interface BatchChange {
  state?: BatchState
  vendorTaskNo?: string
  submittedAt?: Date
  refusals?: number
  refusal?: Record<string, string>
  /** Count one more read of the batch's results. */
  polled?: boolean
}

/**
 * Every write a worker's step makes to a task it claimed. Each is one statement that checks that the step's `token`
 * still holds the task's lease while holding the task row's lock, so a step that lost the task (it was too slow, and
 * another took it over) writes nothing: the write throws LeaseLost instead. The row lock makes the check exact: a concurrent
 * take-over either happens before (the check fails) or waits until this statement is done.
 */
export class Lease implements TaskLease {
  constructor(
    private readonly sql: Sql,
    readonly taskId: string,
    /** The lease token of the step that writes (src/recording/worker-step.ts). */
    readonly token: string,
    /** A write raised a webhook event (the deliverer of this process looks at once). */
    private readonly onWebhookEvent: () => void,
  ) {}

  private async write<Row>(statement: Statement<Row>, values: unknown[]): Promise<Row[]> {
    const rows = await this.sql.query(statement, [this.taskId, this.token, ...values])
    if (rows.length === 0) throw new LeaseLost(this.taskId)
    return rows
  }

  /** Updates the task row (status, schedule, error …). */
  updateTask(data: TaskWrite): Promise<void> {
    return this.writeTask(data, false)
  }

  /** Writes the task's next state and gives the lease up. */
  release(data: TaskWrite): Promise<void> {
    return this.writeTask(data, true)
  }

  private async writeTask(d: TaskWrite, release: boolean): Promise<void> {
    const error = d.error === undefined ? [false, null] : [true, d.error === null ? null : JSON.stringify(d.error)]
    const [row] = await this.write(S.updateTask, [d.status ?? null, d.attempts ?? null, ...error, d.nextAttemptAt ?? null, d.progressAt ?? null, d.finishedAt ?? null, release])
    if (row.events > 0) this.onWebhookEvent()
  }

  /**
   * Marks a batch `sending`, renews the lease and records the task's first send, in one statement and so one
   * commit. Must be durable before the vendor is called: it is what stops a blind resend, and what makes a
   * task impossible to cancel from then on. Refused for a task cancelled meanwhile.
   */
  async markSending(seq: number, leaseMs: number, resend: boolean): Promise<void> {
    await this.write(S.markSending, [seq, leaseMs, resend ? 1 : 0])
  }

  async updateBatch(seq: number, c: BatchChange): Promise<void> {
    await this.write(S.updateBatch, [
      seq, c.state ?? null, c.vendorTaskNo ?? null, c.submittedAt ?? null, c.refusals ?? null, c.refusal ? JSON.stringify(c.refusal) : null, c.polled ? 1 : 0,
    ])
  }

  /** Writes the outcomes the vendor reported for some invoices of the task, in one statement. */
  async applyOutcomes(outcomes: InvoiceOutcomeRow[]): Promise<void> {
    if (!outcomes.length) return
    const col = <K extends keyof InvoiceOutcomeRow>(k: K) => column(outcomes, k)
    await this.write(S.applyOutcomes, [
      col('idx'), col('outcome'), col('preEntryMarkStatus'), col('entryMarkStatus'), col('failReason'), col('invoiceType'), col('invoiceDate'),
      col('etaxInvoiceNo'), outcomes.map((o) => (o.vendorItem === undefined ? null : JSON.stringify(o.vendorItem))),
    ])
  }

  /** The vendor certainly will not act on the batch: it ends `refused`, its pending invoices fail with `reason`. */
  async refuseBatch(seq: number, refusal: Record<string, string>, reason: string): Promise<void> {
    await this.write(S.refuseBatch, [seq, JSON.stringify(refusal), reason])
  }
}
