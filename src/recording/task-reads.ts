// A task read: as GET /v1/recording-tasks shows it (one by id, or a page of them) and as the worker steps on it.
// RecordingRepository (src/recording/repository.ts) is these reads and the writes; they live apart so each stays
// readable. By id is a prepared statement (src/db/sql.ts); the list, with its dynamic filters, is Prisma's.
import type { Prisma, PrismaClient, RecordingTask, TaskInvoice, VendorBatch } from '../generated/prisma/client.ts'
import type { InvoiceOutcome } from '../generated/prisma/enums.ts'
import { type Sql, sql } from '../db/sql.ts'
import { isEntryMarkTarget } from '../piaozone/entry-mark.ts'
import type { EntryMarkTarget } from '../piaozone/types.ts'
import type { TaskStatusName } from './statuses.ts'

/** A task as the worker reads it: every column, its batches and its invoices (without the vendor's raw item). */
export type TaskRow = RecordingTask & { batches: VendorBatch[]; invoices: Omit<TaskInvoice, 'vendorItem'>[] }
/** A task's or batch's stored problem: our code and message, and the vendor's own code and message when it answered. */
export type TaskError = Record<string, string>

/** What the vendor reports of one invoice, as stored on its line. */
export type VendorReport = Pick<TaskInvoice, 'preEntryMarkStatus' | 'entryMarkStatus' | 'failReason' | 'invoiceType' | 'invoiceDate' | 'etaxInvoiceNo'>

/** A task's fields as GET /v1/recording-tasks/{id} shows them, invoices included (one statement). */
export interface TaskViewRow {
  id: string
  clientId: string
  status: TaskStatusName
  taxNo: string
  /** Stored only from a request whose schema allowed nothing else (SubmitRequest). */
  nextEntryMarkStatus: EntryMarkTarget
  reference: string | null
  requestId: string | null
  invoiceCount: number
  /** Always has our code and message (src/recording/vendor-answers.ts taskError). */
  error: ({ code: string; message: string } & TaskError) | null
  retryOf: string | null
  operator: string | null
  reason: string | null
  createdAt: Date
  updatedAt: Date
  finishedAt: Date | null
  sentAt: Date | null
  vendorTaskNos: string[]
  retries: string[]
  /** The invoices as GET shows them (InvoiceView[]), rendered by Postgres as JSON text, in index order. */
  invoicesJson: string
  counts: { pending: number; succeeded: number; failed: number }
}

/** One invoice of a task as GET shows it: the line as submitted (`index` for its idx) and what the vendor reported. */
export type InvoiceView = Pick<TaskInvoice, 'serialNo' | 'invoiceNo' | 'invoiceCode' | 'recordedTime' | 'recordedPeriod'> &
  VendorReport & { index: number; outcome: InvoiceOutcome }

/** A stored task's target: every task was stored from a request whose schema allowed only these, so another is a broken row. */
function storedTarget(task: { id: string; nextEntryMarkStatus: string }): EntryMarkTarget {
  if (isEntryMarkTarget(task.nextEntryMarkStatus)) return task.nextEntryMarkStatus
  throw new Error(`task ${task.id} asks for 入账状态 ${task.nextEntryMarkStatus}, which is no target`)
}

const S = {
  taskView: sql<TaskViewRow>(`
    SELECT t.id::text AS id, t."clientId", t.status::text AS status, t."taxNo", t."nextEntryMarkStatus", t.reference, t."requestId", t."invoiceCount",
           t.error, t."retryOf"::text AS "retryOf", t.operator, t.reason, t."createdAt", t."updatedAt", t."finishedAt", t."sentAt",
           ARRAY(SELECT b."vendorTaskNo" FROM "VendorBatch" b WHERE b."taskId" = t.id AND b."vendorTaskNo" IS NOT NULL ORDER BY b.seq) AS "vendorTaskNos",
           ARRAY(SELECT r.id::text FROM "RecordingTask" r WHERE r."retryOf" = t.id ORDER BY r."createdAt", r.id) AS retries,
           inv."invoicesJson", inv.counts
    FROM "RecordingTask" t CROSS JOIN LATERAL (
      SELECT coalesce(json_agg(json_build_object(
               'index', i.idx, 'serialNo', i."serialNo", 'invoiceNo', i."invoiceNo", 'invoiceCode', i."invoiceCode", 'recordedTime', i."recordedTime",
               'recordedPeriod', i."recordedPeriod", 'outcome', i.outcome, 'preEntryMarkStatus', i."preEntryMarkStatus", 'entryMarkStatus', i."entryMarkStatus",
               'failReason', i."failReason", 'invoiceType', i."invoiceType", 'invoiceDate', i."invoiceDate", 'etaxInvoiceNo', i."etaxInvoiceNo") ORDER BY i.idx), '[]')::text
               AS "invoicesJson",
             json_build_object('pending', count(*) FILTER (WHERE i.outcome = 'pending'), 'succeeded', count(*) FILTER (WHERE i.outcome = 'succeeded'),
                               'failed', count(*) FILTER (WHERE i.outcome = 'failed')) AS counts
      FROM "TaskInvoice" i WHERE i."taskId" = t.id) inv
    WHERE t.id = $1::uuid`),
  // Columns named, never *: a prepared `SELECT *` fails ("cached plan must not change result type") once a
  // migration run by a newer instance adds a column while this one still runs.
  task: sql<RecordingTask>(`
    SELECT id::text AS id, "clientId", "apiKeyId", "requestId", "idempotencyKey", "requestHash", reference, "taxNo", "nextEntryMarkStatus",
           "businessSystemCode", status::text AS status, "invoiceCount", error, attempts, "nextAttemptAt", "sentAt", "progressAt", "retryOf"::text AS "retryOf",
           "leaseOwner", "leaseUntil", "createdAt", "updatedAt", "finishedAt", operator, reason
    FROM "RecordingTask" WHERE id = $1::uuid`),
  batches: sql<VendorBatch>(`
    SELECT "taskId"::text AS "taskId", seq, "requestId", state::text AS state, "vendorTaskNo", resends, polls, refusals, "submittedAt", refusal, "invoiceCount",
           "updatedAt"
    FROM "VendorBatch" WHERE "taskId" = $1::uuid ORDER BY seq`),
  invoices: sql<TaskRow['invoices'][number]>(`
    SELECT "taskId"::text AS "taskId", idx, "batchSeq", "taxNo", "serialNo", "invoiceNo", "invoiceCode", "recordedTime", "recordedPeriod",
           outcome::text AS outcome, "preEntryMarkStatus", "entryMarkStatus", "failReason", "invoiceType", "invoiceDate", "etaxInvoiceNo", "updatedAt"
    FROM "TaskInvoice" WHERE "taskId" = $1::uuid ORDER BY idx`),
}

/** The statements by name: RECORDING_STATEMENTS (repository.ts) joins them with the writes' for bench/scale.ts. */
export const TASK_READ_STATEMENTS: Readonly<typeof S> = S

/** The task reads; RecordingRepository adds the writes. */
export class TaskReads {
  readonly prisma: PrismaClient
  readonly sql: Sql

  constructor(db: { prisma: PrismaClient; sql: Sql }) {
    this.prisma = db.prisma
    this.sql = db.sql
  }

  /** A task as GET shows it, its invoices as JSON text, or undefined. */
  async taskView(id: string): Promise<TaskViewRow | undefined> {
    const [row] = await this.sql.query(S.taskView, [id])
    return row
  }

  /** Every column of a task, its batches and its invoices: what the worker steps on. */
  async getTask(id: string): Promise<TaskRow | undefined> {
    const [[task], batches, invoices] = await Promise.all([this.sql.query(S.task, [id]), this.sql.query(S.batches, [id]), this.sql.query(S.invoices, [id])])
    return task && { ...task, batches, invoices }
  }

  /** Up to `limit` tasks, newest first, each with its batches' vendor task numbers in order. */
  async listTasks(where: Prisma.RecordingTaskWhereInput, limit: number) {
    const rows = await this.prisma.recordingTask.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      include: { batches: { select: { vendorTaskNo: true }, orderBy: { seq: 'asc' } } },
    })
    return rows.map((row) => ({ ...row, nextEntryMarkStatus: storedTarget(row) }))
  }

  async countOutcomes(taskIds: string[]) {
    const rows = await this.prisma.taskInvoice.groupBy({ by: ['taskId', 'outcome'], where: { taskId: { in: taskIds } }, _count: { _all: true } })
    return rows.map((r) => ({ taskId: r.taskId, outcome: r.outcome, count: r._count._all }))
  }
}
