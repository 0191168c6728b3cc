// Every database read and write of the recording domain. Services and the worker call these; nothing else
// touches the recording tables.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts'
import type { CallRecord } from '../piaozone/types.ts'

export type Tx = Prisma.TransactionClient
export const UNFINISHED = ['accepted', 'submitted', 'waiting_tax_login'] as const
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

  /**
   * Marks a batch `sending` and extends the lease, in one statement and so one commit, only while `owner`
   * holds the task. Must be durable before the vendor is called: it is what stops a blind resend.
   */
  async markSending(taskId: string, seq: number, owner: string, leaseMs: number, resend: boolean): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<{ seq: number }[]>`
      WITH lease AS (
        UPDATE "RecordingTask" SET "leaseUntil" = now() + ${leaseMs} * interval '1 millisecond'
        WHERE id = ${taskId}::uuid AND "leaseOwner" = ${owner} RETURNING id)
      UPDATE "VendorBatch" SET state = 'sending', resends = resends + ${resend ? 1 : 0}, "updatedAt" = now()
      WHERE "taskId" IN (SELECT id FROM lease) AND seq = ${seq}
      RETURNING seq`
    return rows.length === 1
  }

  getTask(id: string, clientId?: string): Promise<TaskRow | null> {
    return this.prisma.recordingTask.findFirst({
      where: { id, ...(clientId ? { clientId } : {}) },
      include: { batches: { orderBy: { seq: 'asc' } }, invoices: { orderBy: { idx: 'asc' } } },
    })
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
        WHERE status IN ('accepted', 'submitted', 'waiting_tax_login') AND "nextAttemptAt" <= now()
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
        WHERE id = ${id}::uuid AND status IN ('accepted', 'submitted', 'waiting_tax_login')
          AND ("leaseUntil" IS NULL OR "leaseUntil" < now() OR "leaseOwner" = ${owner})
        FOR UPDATE SKIP LOCKED)
      RETURNING id::text`
    return rows.length === 1
  }

  /** Updates the task only while `owner` still holds its lease; false means the lease was lost. */
  async updateLeased(id: string, owner: string, data: Prisma.RecordingTaskUpdateManyMutationInput): Promise<boolean> {
    const { count } = await this.prisma.recordingTask.updateMany({ where: { id, leaseOwner: owner }, data })
    return count === 1
  }

  updateBatch(taskId: string, seq: number, data: Prisma.VendorBatchUpdateInput) {
    return this.prisma.vendorBatch.update({ where: { taskId_seq: { taskId, seq } }, data })
  }

  /** Writes the outcomes the vendor reported for some invoices of a task, in one statement. */
  async applyOutcomes(taskId: string, outcomes: InvoiceOutcomeRow[]): Promise<void> {
    if (!outcomes.length) return
    const col = <K extends keyof InvoiceOutcomeRow>(k: K) => outcomes.map((o) => o[k])
    await this.prisma.$executeRaw`
      UPDATE "TaskInvoice" AS i
      SET outcome = u.outcome::"InvoiceOutcome", "preEntryMarkStatus" = u.pre, "entryMarkStatus" = u.status, "failReason" = u.reason,
          "invoiceType" = u.type, "invoiceDate" = u.date, "etaxInvoiceNo" = u.etax, "vendorItem" = u.item::jsonb, "updatedAt" = now()
      FROM unnest(${col('idx')}::int[], ${col('outcome')}::text[], ${col('preEntryMarkStatus')}::text[], ${col('entryMarkStatus')}::text[],
                  ${col('failReason')}::text[], ${col('invoiceType')}::text[], ${col('invoiceDate')}::text[], ${col('etaxInvoiceNo')}::text[],
                  ${outcomes.map((o) => JSON.stringify(o.vendorItem))}::text[])
           AS u(idx, outcome, pre, status, reason, type, date, etax, item)
      WHERE i."taskId" = ${taskId}::uuid AND i.idx = u.idx`
  }

  failPendingInvoices(taskId: string, batchSeq: number, reason: string) {
    return this.prisma.taskInvoice.updateMany({ where: { taskId, batchSeq, outcome: 'pending' }, data: { outcome: 'failed', failReason: reason } })
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
