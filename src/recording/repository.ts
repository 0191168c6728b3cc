// Every database read and write of the recording domain. Services and the worker call these; nothing else
// touches the recording tables.
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts'
import type { CallRecord } from '../piaozone/types.ts'
import { WORKABLE } from './statuses.ts'

export type Tx = Prisma.TransactionClient

/** `status IN (…)` with enum-typed parameters, so the (status, nextAttemptAt) index serves it. */
const statusList = (statuses: readonly string[]) => Prisma.join(statuses.map((st) => Prisma.sql`${st}::"TaskStatus"`))
export type TaskRow = Prisma.RecordingTaskGetPayload<{ include: { batches: true; invoices: true } }>

export interface InvoiceOutcomeRow {
  idx: number
  outcome: 'succeeded' | 'failed'
  preEntryMarkStatus: string | null
  entryMarkStatus: string | null
  failReason: string | null
  invoiceType: string | null
  invoiceDate: string | null
  etaxInvoiceNo: string | null
  vendorItem: unknown
}

export class RecordingRepository {
  constructor(readonly prisma: PrismaClient) {}

  /** Serialises work on one key across every process sharing the database, until the transaction ends. */
  async lock(tx: Tx, key: string): Promise<void> {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))::text`
  }

  async tryLock(tx: Tx, key: string): Promise<boolean> {
    const rows = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${key})) AS locked`
    return rows[0].locked
  }

  findByIdempotencyKey(tx: Tx, clientId: string, idempotencyKey: string) {
    return tx.recordingTask.findUnique({ where: { clientId_idempotencyKey: { clientId, idempotencyKey } }, select: { id: true, requestHash: true } })
  }

  async createTask(
    tx: Tx,
    task: Omit<Prisma.RecordingTaskCreateManyInput, 'id'> & { id: string },
    batches: Omit<Prisma.VendorBatchCreateManyInput, 'taskId'>[],
    invoices: { idx: number; batchSeq: number; taxNo: string; serialNo: string | null; invoiceNo: string; invoiceCode: string; recordedTime: string; recordedPeriod: string }[],
  ): Promise<void> {
    await tx.recordingTask.createMany({ data: [task] })
    await tx.vendorBatch.createMany({ data: batches.map((b) => ({ ...b, taskId: task.id })) })
    // One INSERT of column arrays: Prisma's createMany binds a parameter per value and took 254 ms for 1,000
    // invoices here, this takes 16 ms (bench/RESULTS.md).
    const col = <K extends keyof (typeof invoices)[number]>(k: K) => invoices.map((i) => i[k])
    await tx.$executeRaw`
      INSERT INTO "TaskInvoice" ("taskId", idx, "batchSeq", "taxNo", "serialNo", "invoiceNo", "invoiceCode", "recordedTime", "recordedPeriod", "updatedAt")
      SELECT ${task.id}::uuid, u.idx, u.seq, u.tax, u.serial, u.no, u.code, u.rt, u.rp, now()
      FROM unnest(${col('idx')}::int[], ${col('batchSeq')}::int[], ${col('taxNo')}::text[], ${col('serialNo')}::text[], ${col('invoiceNo')}::text[],
                  ${col('invoiceCode')}::text[], ${col('recordedTime')}::text[], ${col('recordedPeriod')}::text[])
           AS u(idx, seq, tax, serial, no, code, rt, rp)`
  }

  getTask(id: string, clientId?: string): Promise<TaskRow | null> {
    return this.prisma.recordingTask.findFirst({
      where: { id, ...(clientId ? { clientId } : {}) },
      include: { batches: { orderBy: { seq: 'asc' } }, invoices: { orderBy: { idx: 'asc' } } },
    })
  }

  /** Puts a stalled task back to work; false when it is not stalled. */
  async resume(id: string): Promise<boolean> {
    const count = await this.prisma.$executeRaw`
      UPDATE "RecordingTask" t SET status = (CASE WHEN EXISTS (SELECT 1 FROM "VendorBatch" b WHERE b."taskId" = t.id AND b."vendorTaskNo" IS NOT NULL)
                                             THEN 'submitted' ELSE 'accepted' END)::"TaskStatus",
             "progressAt" = now(), "nextAttemptAt" = now(), attempts = 0, "updatedAt" = now()
      WHERE id = ${id}::uuid AND status = 'stalled'`
    return count === 1
  }

  /**
   * Cancels a task in one of `statuses` that nothing was sent for. One statement on the task row: a worker's
   * markSending locks the same row, so either the send is recorded first (sentAt set, no cancel) or the
   * cancel is (the worker's lease is gone and markSending refuses a cancelled task).
   */
  async cancel(id: string, statuses: string[]): Promise<boolean> {
    const error = { code: 'CANCELLED', message: 'cancelled by the client before anything was sent to piaozone' }
    const count = await this.prisma.$executeRaw`
      UPDATE "RecordingTask" SET status = 'cancelled', error = ${JSON.stringify(error)}::jsonb, "finishedAt" = now(), "updatedAt" = now(),
             "leaseOwner" = NULL, "leaseUntil" = NULL
      WHERE id = ${id}::uuid AND status IN (${statusList(statuses)}) AND "sentAt" IS NULL`
    return count === 1
  }

  /** The tasks made by retry-failed from this one, oldest first. */
  async retriesOf(id: string): Promise<string[]> {
    const rows = await this.prisma.recordingTask.findMany({ where: { retryOf: id }, orderBy: { createdAt: 'asc' }, select: { id: true } })
    return rows.map((r) => r.id)
  }

  listTasks(where: Prisma.RecordingTaskWhereInput, limit: number) {
    return this.prisma.recordingTask.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      include: { batches: { select: { vendorTaskNo: true }, orderBy: { seq: 'asc' } } },
    })
  }

  async countOutcomes(taskIds: string[]) {
    const rows = await this.prisma.taskInvoice.groupBy({ by: ['taskId', 'outcome'], where: { taskId: { in: taskIds } }, _count: { _all: true } })
    return rows.map((r) => ({ taskId: r.taskId, outcome: r.outcome, count: r._count._all }))
  }

  /** One invoice's rows across this client's tasks, newest first. One statement: it is a hot lookup. */
  invoiceHistory(clientId: string, taxNo: string, invoiceNo: string, invoiceCode: string) {
    return this.prisma.$queryRaw<
      { taskId: string; outcome: 'pending' | 'succeeded' | 'failed'; preEntryMarkStatus: string | null; entryMarkStatus: string | null; failReason: string | null; updatedAt: Date; nextEntryMarkStatus: string; status: string }[]
    >`
      SELECT i."taskId"::text AS "taskId", i.outcome::text AS outcome, i."preEntryMarkStatus", i."entryMarkStatus", i."failReason", i."updatedAt",
             t."nextEntryMarkStatus", t.status::text AS status
      FROM "TaskInvoice" i JOIN "RecordingTask" t ON t.id = i."taskId"
      WHERE i."taxNo" = ${taxNo} AND i."invoiceNo" = ${invoiceNo} AND i."invoiceCode" = ${invoiceCode} AND t."clientId" = ${clientId}
      ORDER BY i."updatedAt" DESC`
  }

  /**
   * What a submission must know about its invoices, in one statement: every row of them under this tax number
   * with its task's client and status (for the unfinished-task rule and the known-status rule).
   */
  invoicesInTasks(tx: Tx, taxNo: string, invoiceNos: string[]) {
    return tx.$queryRaw<
      { taskId: string; clientId: string; taskStatus: string; invoiceNo: string; invoiceCode: string; outcome: string; entryMarkStatus: string | null; updatedAt: Date }[]
    >`
      SELECT i."taskId"::text AS "taskId", t."clientId", t.status::text AS "taskStatus", i."invoiceNo", i."invoiceCode", i.outcome::text AS outcome,
             i."entryMarkStatus", i."updatedAt"
      FROM "TaskInvoice" i JOIN "RecordingTask" t ON t.id = i."taskId"
      WHERE i."taxNo" = ${taxNo} AND i."invoiceNo" = ANY(${invoiceNos})
      ORDER BY i."updatedAt" DESC`
  }

  /**
   * Claims up to `limit` due tasks for `owner` until `leaseMs` from now. One statement with FOR UPDATE SKIP
   * LOCKED, so concurrent workers in any number of processes never claim the same task; an expired lease
   * (a worker that died) makes the task claimable again.
   */
  async claimDue(owner: string, limit: number, leaseMs: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE "RecordingTask" SET "leaseOwner" = ${owner}, "leaseUntil" = now() + ${leaseMs} * interval '1 millisecond'
      WHERE id IN (
        SELECT id FROM "RecordingTask"
        WHERE status IN (${statusList(WORKABLE)}) AND "nextAttemptAt" <= now()
          AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
        ORDER BY "nextAttemptAt" LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING id::text`
    return rows.map((r) => r.id)
  }

  /** Claims one task now, if no other worker holds it (the refresh route). */
  async claimOne(id: string, owner: string, leaseMs: number): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE "RecordingTask" SET "leaseOwner" = ${owner}, "leaseUntil" = now() + ${leaseMs} * interval '1 millisecond'
      WHERE id IN (
        SELECT id FROM "RecordingTask"
        WHERE id = ${id}::uuid AND status IN (${statusList(WORKABLE)})
          AND ("leaseUntil" IS NULL OR "leaseUntil" < now() OR "leaseOwner" = ${owner})
        FOR UPDATE SKIP LOCKED)
      RETURNING id::text`
    return rows.length === 1
  }

  /** The writes of a worker that holds `taskId`'s lease: the only way the worker changes a task. */
  lease(taskId: string, owner: string): Lease {
    return new Lease(this.prisma, taskId, owner)
  }

  /** Gives up the leases `owner` holds among `taskIds` without touching anything else (a worker stopping). */
  async releaseLeases(taskIds: string[], owner: string): Promise<void> {
    if (!taskIds.length) return
    await this.prisma.$executeRaw`
      UPDATE "RecordingTask" SET "leaseOwner" = NULL, "leaseUntil" = NULL WHERE id = ANY(${taskIds}::uuid[]) AND "leaseOwner" = ${owner}`
  }

  /** Renews the leases `owner` still holds among `taskIds` (the worker's heartbeat); returns those it holds. */
  async renewLeases(taskIds: string[], owner: string, leaseMs: number): Promise<string[]> {
    if (!taskIds.length) return []
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE "RecordingTask" SET "leaseUntil" = now() + ${leaseMs} * interval '1 millisecond'
      WHERE id = ANY(${taskIds}::uuid[]) AND "leaseOwner" = ${owner}
      RETURNING id::text`
    return rows.map((r) => r.id)
  }

  getTaxSession(taxNo: string) {
    return this.prisma.taxSession.findUnique({ where: { taxNo } })
  }

  /** Records what the gateway just learnt of a tax number's tax-bureau session. */
  async saveTaxSession(
    taxNo: string,
    seen: { state: 'ok' | 'needs_login' | 'interactive'; loginWebUrl?: string | null; vendorCode?: string | null; vendorMessage?: string | null },
  ): Promise<void> {
    const data = { loginWebUrl: null, vendorCode: null, vendorMessage: null, ...seen, checkedAt: new Date() }
    await this.prisma.taxSession.upsert({ where: { taxNo }, create: { taxNo, ...data }, update: data })
  }

  /** Makes tasks waiting for this tax number's login due now. */
  async resumeWaiting(taxNo: string): Promise<number> {
    const { count } = await this.prisma.recordingTask.updateMany({ where: { taxNo, status: 'waiting_tax_login' }, data: { nextAttemptAt: new Date() } })
    return count
  }

  recordCall(call: CallRecord & { taskId?: string }) {
    return this.prisma.vendorCall.create({
      data: {
        taskId: call.taskId,
        interfaceCode: call.interfaceCode,
        requestId: call.requestId,
        durationMs: call.durationMs,
        resultCode: call.resultCode,
        errorMessage: call.errorMessage?.slice(0, 500),
      },
    })
  }
}

/** The lease was lost (another worker took the task over): the step must stop without writing. */
export class LeaseLost extends Error {
  constructor(readonly taskId: string) {
    super(`lost the lease of task ${taskId}`)
    this.name = 'LeaseLost'
  }
}

export interface BatchChange {
  state?: 'pending' | 'sending' | 'submitted' | 'done' | 'refused'
  vendorTaskNo?: string
  submittedAt?: Date
  refusals?: number
  refusal?: Record<string, string>
  /** Count one more read of the batch's results. */
  polled?: boolean
}

/**
 * Every write a worker makes to a task it claimed. Each is one statement that first locks the task's row and
 * checks that `owner` still holds its lease, so a worker that lost the task (it was too slow, and another took it
 * over) writes nothing: the write throws LeaseLost instead. The row lock makes the check exact: a concurrent
 * take-over either happens before (the check fails) or waits until this statement is done.
 */
export class Lease {
  private readonly held: Prisma.Sql

  constructor(
    private readonly prisma: PrismaClient,
    readonly taskId: string,
    readonly owner: string,
  ) {
    this.held = Prisma.sql`SELECT id FROM "RecordingTask" WHERE id = ${taskId}::uuid AND "leaseOwner" = ${owner} FOR UPDATE`
  }

  private check(count: number): void {
    if (count === 0) throw new LeaseLost(this.taskId)
  }

  /** Updates the task row (status, schedule, error …). */
  async updateTask(data: Prisma.RecordingTaskUpdateManyMutationInput): Promise<void> {
    const { count } = await this.prisma.recordingTask.updateMany({ where: { id: this.taskId, leaseOwner: this.owner }, data })
    this.check(count)
  }

  /** Writes the task's next state and gives the lease up. */
  release(data: Prisma.RecordingTaskUpdateManyMutationInput): Promise<void> {
    return this.updateTask({ ...data, leaseOwner: null, leaseUntil: null })
  }

  /**
   * Marks a batch `sending`, renews the lease and records the task's first send, in one statement and so one
   * commit. Must be durable before the vendor is called: it is what stops a blind resend, and what makes a
   * task impossible to cancel from then on. Refused for a task cancelled meanwhile.
   */
  async markSending(seq: number, leaseMs: number, resend: boolean): Promise<void> {
    const rows = await this.prisma.$queryRaw<{ seq: number }[]>`
      WITH lease AS (
        UPDATE "RecordingTask" SET "leaseUntil" = now() + ${leaseMs} * interval '1 millisecond', "sentAt" = coalesce("sentAt", now())
        WHERE id = ${this.taskId}::uuid AND "leaseOwner" = ${this.owner} AND status <> 'cancelled' RETURNING id)
      UPDATE "VendorBatch" SET state = 'sending', resends = resends + ${resend ? 1 : 0}, "updatedAt" = now()
      WHERE "taskId" IN (SELECT id FROM lease) AND seq = ${seq}
      RETURNING seq`
    this.check(rows.length)
  }

  async updateBatch(seq: number, change: BatchChange): Promise<void> {
    const sets: Prisma.Sql[] = [Prisma.sql`"updatedAt" = now()`]
    if (change.state) sets.push(Prisma.sql`state = ${change.state}::"BatchState"`)
    if (change.vendorTaskNo !== undefined) sets.push(Prisma.sql`"vendorTaskNo" = ${change.vendorTaskNo}`)
    if (change.submittedAt) sets.push(Prisma.sql`"submittedAt" = ${change.submittedAt}`)
    if (change.refusals !== undefined) sets.push(Prisma.sql`refusals = ${change.refusals}`)
    if (change.refusal) sets.push(Prisma.sql`refusal = ${JSON.stringify(change.refusal)}::jsonb`)
    if (change.polled) sets.push(Prisma.sql`polls = polls + 1`)
    const count = await this.prisma.$executeRaw`
      WITH lease AS (${this.held})
      UPDATE "VendorBatch" SET ${Prisma.join(sets, ', ')}
      WHERE "taskId" IN (SELECT id FROM lease) AND seq = ${seq}`
    this.check(count)
  }

  /** Writes the outcomes the vendor reported for some invoices of the task, in one statement. */
  async applyOutcomes(outcomes: InvoiceOutcomeRow[]): Promise<void> {
    if (!outcomes.length) return
    const col = <K extends keyof InvoiceOutcomeRow>(k: K) => outcomes.map((o) => o[k])
    const count = await this.prisma.$executeRaw`
      WITH lease AS (${this.held})
      UPDATE "TaskInvoice" AS i
      SET outcome = u.outcome::"InvoiceOutcome", "preEntryMarkStatus" = u.pre, "entryMarkStatus" = u.status, "failReason" = u.reason,
          "invoiceType" = u.type, "invoiceDate" = u.date, "etaxInvoiceNo" = u.etax, "vendorItem" = u.item::jsonb, "updatedAt" = now()
      FROM unnest(${col('idx')}::int[], ${col('outcome')}::text[], ${col('preEntryMarkStatus')}::text[], ${col('entryMarkStatus')}::text[],
                  ${col('failReason')}::text[], ${col('invoiceType')}::text[], ${col('invoiceDate')}::text[], ${col('etaxInvoiceNo')}::text[],
                  ${outcomes.map((o) => JSON.stringify(o.vendorItem))}::text[])
           AS u(idx, outcome, pre, status, reason, type, date, etax, item)
      WHERE i."taskId" IN (SELECT id FROM lease) AND i.idx = u.idx`
    this.check(count)
  }

  /** The vendor certainly will not act on the batch: it ends `refused`, its pending invoices fail with `reason`. */
  async refuseBatch(seq: number, refusal: Record<string, string>, reason: string): Promise<void> {
    await this.updateBatch(seq, { state: 'refused', refusal })
    await this.prisma.$executeRaw`
      WITH lease AS (${this.held})
      UPDATE "TaskInvoice" SET outcome = 'failed', "failReason" = ${reason}, "updatedAt" = now()
      WHERE "taskId" IN (SELECT id FROM lease) AND "batchSeq" = ${seq} AND outcome = 'pending'`
  }
}
