// The recording domain's writes and its task reads: storing a task, its lease, the worker's writes under it. The
// invoice questions read the same tables from src/invoices/store.ts, the automatic-入账 runs from
// src/auto-entry/store.ts. What runs on every request or worker step is a prepared statement (src/db/sql.ts);
// Prisma serves the cold paths (the task list with its dynamic filters, and resume).
import type { Prisma, PrismaClient, RecordingTask, TaskInvoice, TaxSession, VendorBatch } from '../generated/prisma/client.ts'
import type { BatchState, InvoiceOutcome } from '../generated/prisma/enums.ts'
import type { SessionSeen, TaskLease, TaxSessionStore, WorkerStore } from './worker-store.ts'
import { t } from '../i18n/index.ts'
import { type Sql, type SqlTx, sql, sqlPlannedEachTime } from '../db/sql.ts'
import type { CallRecord } from '../piaozone/types.ts'
// Statuses are constants in the statement text (not parameters), so the (status, nextAttemptAt) index serves them.
import { type TaskStatusName, WORKABLE_SQL } from './statuses.ts'
import { sessionLostEvents, taskEvents } from '../webhooks/outbox.ts'

export type { SqlTx as Tx } from '../db/sql.ts'

/** A task as the worker reads it: every column, its batches and its invoices (without the vendor's raw item). */
export type TaskRow = RecordingTask & { batches: VendorBatch[]; invoices: Omit<TaskInvoice, 'vendorItem'>[] }
/** A task's or batch's stored problem: our code and message, and the vendor's own code and message when it answered. */
export type TaskError = Record<string, string>

/** What the worker writes to a task (src/recording/decide.ts decides it); `error: null` clears the error. */
export interface TaskWrite {
  status?: RecordingTask['status']
  attempts?: number
  error?: TaskError | null
  nextAttemptAt?: Date
  progressAt?: Date
  finishedAt?: Date
}

/** What the vendor reports of one invoice, as stored on its line. */
type VendorReport = Pick<TaskInvoice, 'preEntryMarkStatus' | 'entryMarkStatus' | 'failReason' | 'invoiceType' | 'invoiceDate' | 'etaxInvoiceNo'>

export type InvoiceOutcomeRow = VendorReport & { idx: number; outcome: 'succeeded' | 'failed'; vendorItem: unknown }

/** A task's fields as GET /v1/recording-tasks/{id} shows them, invoices included (one statement). */
export interface TaskViewRow {
  id: string
  clientId: string
  status: TaskStatusName
  taxNo: string
  nextEntryMarkStatus: string
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


const S = {
  lock: sql('SELECT pg_advisory_xact_lock(hashtext($1))::text AS locked'),
  tryLock: sql('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked'),
  byIdempotencyKey: sql('SELECT id::text AS id, "requestHash" FROM "RecordingTask" WHERE "clientId" = $1 AND "idempotencyKey" = $2'),
  invoicesInTasks: sqlPlannedEachTime(`
    SELECT i."taskId"::text AS "taskId", t."clientId", t.status::text AS "taskStatus", i."invoiceNo", i."invoiceCode", i.outcome::text AS outcome,
           i."entryMarkStatus", i."updatedAt"
    FROM "TaskInvoice" i JOIN "RecordingTask" t ON t.id = i."taskId"
    WHERE i."taxNo" = $1 AND i."invoiceNo" = ANY($2::text[])
    ORDER BY i."updatedAt" DESC`),
  // The task, its batches and its invoices in one statement and so one commit. Invoices go in as column arrays:
  // one row each bound per value took 254 ms for 1,000 invoices through Prisma, this takes a few (bench/RESULTS.md).
  createTask: sql(`
    WITH task AS (
      INSERT INTO "RecordingTask" (id, "clientId", "apiKeyId", "requestId", "idempotencyKey", "requestHash", reference, "taxNo", "nextEntryMarkStatus",
                                   "businessSystemCode", "invoiceCount", "retryOf", "leaseOwner", "leaseUntil", "nextAttemptAt", "progressAt", "createdAt", "updatedAt",
                                   operator, reason)
      VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::uuid, $13, $14::timestamptz, $15::timestamptz, $15::timestamptz, $15::timestamptz, $15::timestamptz,
              $26, $27)
      RETURNING id),
    batches AS (
      INSERT INTO "VendorBatch" ("taskId", seq, "requestId", "invoiceCount", "updatedAt")
      SELECT task.id, b.seq, b.rid, b.n, $15::timestamptz FROM task, unnest($16::int[], $17::text[], $18::int[]) AS b(seq, rid, n)),
    invoices AS (
      INSERT INTO "TaskInvoice" ("taskId", idx, "batchSeq", "taxNo", "serialNo", "invoiceNo", "invoiceCode", "recordedTime", "recordedPeriod", "updatedAt")
      SELECT task.id, u.idx, u.seq, $8, u.serial, u.no, u.code, u.rt, u.rp, $15::timestamptz
      FROM task, unnest($19::int[], $20::int[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[]) AS u(idx, seq, serial, no, code, rt, rp))
    -- Each invoice's latest state for this client now belongs to this task (its last known 入账状态 stays).
    INSERT INTO "InvoiceState" ("clientId", "taxNo", "invoiceNo", "invoiceCode", "taskId", reference, "nextEntryMarkStatus", outcome, "recordedTime",
                                "recordedPeriod", "recordedMonth", "submittedAt", "updatedAt")
    SELECT $2, $8, u.no, u.code, task.id, $7, $9, 'pending', u.rt, u.rp, left(u.rp, 6), $15::timestamptz, $15::timestamptz
    FROM task, unnest($22::text[], $23::text[], $24::text[], $25::text[]) AS u(no, code, rt, rp)
    ON CONFLICT ("clientId", "taxNo", "invoiceNo", "invoiceCode") DO UPDATE SET
      "taskId" = excluded."taskId", reference = excluded.reference, "nextEntryMarkStatus" = excluded."nextEntryMarkStatus", outcome = 'pending',
      "failReason" = NULL, "recordedTime" = excluded."recordedTime", "recordedPeriod" = excluded."recordedPeriod", "recordedMonth" = excluded."recordedMonth",
      "submittedAt" = excluded."submittedAt", "updatedAt" = excluded."updatedAt"`),
  taskView: sql(`
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
  task: sql(`
    SELECT id::text AS id, "clientId", "apiKeyId", "requestId", "idempotencyKey", "requestHash", reference, "taxNo", "nextEntryMarkStatus",
           "businessSystemCode", status::text AS status, "invoiceCount", error, attempts, "nextAttemptAt", "sentAt", "progressAt", "retryOf"::text AS "retryOf",
           "leaseOwner", "leaseUntil", "createdAt", "updatedAt", "finishedAt", operator, reason
    FROM "RecordingTask" WHERE id = $1::uuid`),
  batches: sql(`
    SELECT "taskId"::text AS "taskId", seq, "requestId", state::text AS state, "vendorTaskNo", resends, polls, refusals, "submittedAt", refusal, "invoiceCount",
           "updatedAt"
    FROM "VendorBatch" WHERE "taskId" = $1::uuid ORDER BY seq`),
  invoices: sql(`
    SELECT "taskId"::text AS "taskId", idx, "batchSeq", "taxNo", "serialNo", "invoiceNo", "invoiceCode", "recordedTime", "recordedPeriod",
           outcome::text AS outcome, "preEntryMarkStatus", "entryMarkStatus", "failReason", "invoiceType", "invoiceDate", "etaxInvoiceNo", "updatedAt"
    FROM "TaskInvoice" WHERE "taskId" = $1::uuid ORDER BY idx`),
  // Every claim gets a lease token of its own (the process's owner id and a random suffix), so a lease names one
  // step of one task: two steps of a task can never both hold it, in one process or in two.
  claimDue: sql(`
    UPDATE "RecordingTask" SET "leaseOwner" = $1 || ':' || gen_random_uuid(), "leaseUntil" = now() + $3 * interval '1 millisecond'
    WHERE id IN (
      SELECT id FROM "RecordingTask"
      WHERE status IN (${WORKABLE_SQL}) AND "nextAttemptAt" <= now() AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
      ORDER BY "nextAttemptAt" LIMIT $2
      FOR UPDATE SKIP LOCKED)
    RETURNING id::text AS id, "leaseOwner" AS token`),
  claimOne: sql(`
    UPDATE "RecordingTask" SET "leaseOwner" = $2, "leaseUntil" = now() + $3 * interval '1 millisecond'
    WHERE id IN (
      SELECT id FROM "RecordingTask"
      WHERE id = $1::uuid AND status IN (${WORKABLE_SQL}) AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
      FOR UPDATE SKIP LOCKED)
    RETURNING id::text AS id`),
  releaseLeases: sql(`
    UPDATE "RecordingTask" t SET "leaseOwner" = NULL, "leaseUntil" = NULL FROM unnest($1::uuid[], $2::text[]) AS l(id, token)
    WHERE t.id = l.id AND t."leaseOwner" = l.token`),
  renewLeases: sql(`
    UPDATE "RecordingTask" t SET "leaseUntil" = now() + $3 * interval '1 millisecond' FROM unnest($1::uuid[], $2::text[]) AS l(id, token)
    WHERE t.id = l.id AND t."leaseOwner" = l.token
    RETURNING t.id::text AS id`),
  notify: sql('SELECT pg_notify($1, $2)'),
  taxSession: sql('SELECT "taxNo", state::text AS state, "checkedAt", "loginWebUrl", "vendorCode", "vendorMessage" FROM "TaxSession" WHERE "taxNo" = $1'),
  // What a check or a refusal showed of a tax number's session and, in the same statement, when a session that was
  // fine is not any more, a tax_number.session_lost event for every client with an endpoint that may use the tax
  // number: its list names it, or it may use any and has used it.
  saveTaxSession: sql(`
    WITH prev AS (SELECT state FROM "TaxSession" WHERE "taxNo" = $1 FOR UPDATE),
    saved AS (
      INSERT INTO "TaxSession" ("taxNo", state, "checkedAt", "loginWebUrl", "vendorCode", "vendorMessage") VALUES ($1, $2::"TaxSessionState", now(), $3, $4, $5)
      ON CONFLICT ("taxNo") DO UPDATE SET state = excluded.state, "checkedAt" = excluded."checkedAt", "loginWebUrl" = excluded."loginWebUrl",
        "vendorCode" = excluded."vendorCode", "vendorMessage" = excluded."vendorMessage"
      RETURNING "taxNo", state, "checkedAt", "loginWebUrl", "vendorCode", "vendorMessage"),
    lost AS (SELECT s.* FROM saved s WHERE s.state <> 'ok' AND (SELECT state FROM prev) = 'ok'),
    event AS (${sessionLostEvents('lost', '$6::text')})
    SELECT (SELECT count(*) FROM lost)::int AS lost, (SELECT count(*) FROM event)::int AS events`),
  resumeWaiting: sql(`UPDATE "RecordingTask" SET "nextAttemptAt" = now(), "updatedAt" = now() WHERE "taxNo" = $1 AND status = 'waiting_tax_login' RETURNING id`),
  recordCall: sql(`
    INSERT INTO "VendorCall" ("taskId", "interfaceCode", "requestId", "durationMs", "resultCode", "errorMessage", account)
    VALUES ($1::uuid, $2, $3, $4, $5, $6, $7)`),
  // The lease's writes: each first checks that the step's token ($2) still holds task $1 (see Lease).
  // The task's next state and, in the same statement, the webhook event it raises when it enters a status an ERP
  // is told of: an outbox row for the client's endpoint, if it has one (src/webhooks/deliverer.ts delivers it).
  updateTask: sql(`
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
  markSending: sql(`
    WITH lease AS (
      UPDATE "RecordingTask" SET "leaseUntil" = now() + $4 * interval '1 millisecond', "sentAt" = coalesce("sentAt", now())
      WHERE id = $1::uuid AND "leaseOwner" = $2 AND status <> 'cancelled' RETURNING id)
    UPDATE "VendorBatch" SET state = 'sending', resends = resends + $5, "updatedAt" = now()
    WHERE "taskId" IN (SELECT id FROM lease) AND seq = $3
    RETURNING seq`),
  updateBatch: sql(`
    WITH lease AS (SELECT id FROM "RecordingTask" WHERE id = $1::uuid AND "leaseOwner" = $2 FOR UPDATE)
    UPDATE "VendorBatch" SET
      state = coalesce($4::"BatchState", state), "vendorTaskNo" = coalesce($5, "vendorTaskNo"), "submittedAt" = coalesce($6::timestamptz, "submittedAt"),
      refusals = coalesce($7::int, refusals), refusal = coalesce($8::jsonb, refusal), polls = polls + $9, "updatedAt" = now()
    WHERE "taskId" IN (SELECT id FROM lease) AND seq = $3
    RETURNING seq`),
  // The outcomes, and in the same statement every change of 入账状态 among them appended to the history, with the
  // task's client, operator and reason and the batch's vendor task number. Only a succeeded invoice was changed by
  // the task: a failed one reports the status piaozone already holds (02 when 02 → 02 is refused).
  applyOutcomes: sql(`
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
  // A cancel (RecordingRepository.cancel). An invoice's latest state goes back to the newest other task of the client
  // that held it and was not cancelled, as that task left it; an invoice no such task held has no latest state again.
  cancel: sql(`
    WITH task AS (
      UPDATE "RecordingTask" SET status = 'cancelled', error = $3::jsonb, "finishedAt" = now(), "updatedAt" = now(), "leaseOwner" = NULL, "leaseUntil" = NULL
      WHERE id = $1::uuid AND status::text = ANY($2::text[]) AND "sentAt" IS NULL
      RETURNING id, "clientId"),
    before AS (
      SELECT DISTINCT ON (s."invoiceNo", s."invoiceCode") s."taxNo", s."invoiceNo", s."invoiceCode", o.id AS "taskId", o.reference, o."nextEntryMarkStatus",
             i.outcome, i."failReason", i."recordedTime", i."recordedPeriod", o."createdAt"
      FROM task JOIN "InvoiceState" s ON s."clientId" = task."clientId" AND s."taskId" = task.id
      JOIN "TaskInvoice" i ON i."taxNo" = s."taxNo" AND i."invoiceNo" = s."invoiceNo" AND i."invoiceCode" = s."invoiceCode" AND i."taskId" <> task.id
      JOIN "RecordingTask" o ON o.id = i."taskId" AND o."clientId" = task."clientId" AND o.status <> 'cancelled'
      ORDER BY s."invoiceNo", s."invoiceCode", o."createdAt" DESC, o.id DESC),
    restored AS (
      UPDATE "InvoiceState" s SET "taskId" = b."taskId", reference = b.reference, "nextEntryMarkStatus" = b."nextEntryMarkStatus", outcome = b.outcome,
             "failReason" = b."failReason", "recordedTime" = b."recordedTime", "recordedPeriod" = b."recordedPeriod", "recordedMonth" = left(b."recordedPeriod", 6),
             "submittedAt" = b."createdAt", "updatedAt" = now()
      FROM task, before b
      WHERE s."clientId" = task."clientId" AND s."taskId" = task.id AND s."taxNo" = b."taxNo" AND s."invoiceNo" = b."invoiceNo" AND s."invoiceCode" = b."invoiceCode"),
    dropped AS (
      DELETE FROM "InvoiceState" s USING task
      WHERE s."clientId" = task."clientId" AND s."taskId" = task.id
        AND NOT EXISTS (SELECT 1 FROM before b WHERE b."invoiceNo" = s."invoiceNo" AND b."invoiceCode" = s."invoiceCode"))
    SELECT id FROM task`),
  // A batch the vendor certainly will not act on: refused, and its pending invoices failed with the vendor's words, in
  // one statement under the lease, so no crash can leave a refused batch with pending invoices.
  refuseBatch: sql(`
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

/** The statements by name, for bench/scale.ts (each under EXPLAIN ANALYZE at millions of rows). */
export const RECORDING_STATEMENTS: Readonly<typeof S> = S

/** A column of `rows` as an array parameter. */
const column = <T, K extends keyof T>(rows: T[], key: K) => rows.map((r) => r[key])

export class RecordingRepository implements WorkerStore, TaxSessionStore {
  readonly prisma: PrismaClient
  readonly sql: Sql

  /** Called when a write raised a webhook event; buildApp points it at the deliverer's wake(). */
  onWebhookEvent: () => void = () => {}

  constructor(db: { prisma: PrismaClient; sql: Sql }) {
    this.prisma = db.prisma
    this.sql = db.sql
  }

  /** Serialises work on one key across every process sharing the database, until the transaction ends. */
  async lock(tx: SqlTx, key: string): Promise<void> {
    await tx.query(S.lock, [key])
  }

  async tryLock(tx: SqlTx, key: string): Promise<boolean> {
    const [row] = await tx.query<{ locked: boolean }>(S.tryLock, [key])
    return row.locked
  }

  async findByIdempotencyKey(tx: SqlTx, clientId: string, idempotencyKey: string) {
    const [row] = await tx.query<{ id: string; requestHash: string }>(S.byIdempotencyKey, [clientId, idempotencyKey])
    return row
  }

  async createTask(
    tx: SqlTx,
    task: {
      id: string
      clientId: string
      apiKeyId: string | null
      requestId: string | null
      idempotencyKey: string | null
      requestHash: string
      reference: string | null
      taxNo: string
      nextEntryMarkStatus: string
      businessSystemCode: string | null
      invoiceCount: number
      retryOf: string | null
      leaseOwner: string | null
      leaseUntil: Date | null
      createdAt: Date
      operator: string | null
      reason: string | null
    },
    batches: { seq: number; requestId: string; invoiceCount: number }[],
    invoices: { idx: number; batchSeq: number; serialNo: string | null; invoiceNo: string; invoiceCode: string; recordedTime: string; recordedPeriod: string }[],
  ): Promise<void> {
    const t = task
    await tx.query(S.createTask, [
      t.id, t.clientId, t.apiKeyId, t.requestId, t.idempotencyKey, t.requestHash, t.reference, t.taxNo, t.nextEntryMarkStatus, t.businessSystemCode,
      t.invoiceCount, t.retryOf, t.leaseOwner, t.leaseUntil, t.createdAt,
      column(batches, 'seq'), column(batches, 'requestId'), column(batches, 'invoiceCount'),
      column(invoices, 'idx'), column(invoices, 'batchSeq'), column(invoices, 'serialNo'), column(invoices, 'invoiceNo'), column(invoices, 'invoiceCode'),
      column(invoices, 'recordedTime'), column(invoices, 'recordedPeriod'), t.operator, t.reason,
    ])
  }

  /** A task as GET shows it, its invoices as JSON text, or undefined. */
  async taskView(id: string): Promise<TaskViewRow | undefined> {
    const [row] = await this.sql.query<TaskViewRow>(S.taskView, [id])
    return row
  }

  /** Every column of a task, its batches and its invoices: what the worker steps on. */
  async getTask(id: string): Promise<TaskRow | undefined> {
    const [[task], batches, invoices] = await Promise.all([
      this.sql.query<RecordingTask>(S.task, [id]),
      this.sql.query<VendorBatch>(S.batches, [id]),
      this.sql.query<TaskRow['invoices'][number]>(S.invoices, [id]),
    ])
    return task && { ...task, batches, invoices }
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
   * cancel is (the worker's lease is gone and markSending refuses a cancelled task). The same statement gives each
   * of its invoices the latest state it had before the task (or none), so no cancelled invoice counts as pending.
   */
  async cancel(id: string, statuses: readonly string[]): Promise<boolean> {
    const error = { code: 'CANCELLED', message: t('cancelled by the client before anything was sent to piaozone').en }
    return (await this.sql.query(S.cancel, [id, [...statuses], JSON.stringify(error)])).length === 1
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

  /**
   * What a submission must know about its invoices, in one statement: every row of them under this tax number
   * with its task's client and status (for the unfinished-task rule and the known-status rule).
   */
  invoicesInTasks(tx: SqlTx, taxNo: string, invoiceNos: string[]) {
    return tx.query<{ taskId: string; clientId: string; taskStatus: TaskStatusName; invoiceNo: string; invoiceCode: string; outcome: InvoiceOutcome; entryMarkStatus: string | null; updatedAt: Date }>(
      S.invoicesInTasks,
      [taxNo, invoiceNos],
    )
  }

  /**
   * Claims up to `limit` due tasks for a worker until `leaseMs` from now, each with a lease token of its own that
   * starts with `owner`. One statement with FOR UPDATE SKIP LOCKED, so concurrent workers in any number of processes
   * never claim the same task; an expired lease (a worker that died) makes the task claimable again.
   */
  claimDue(owner: string, limit: number, leaseMs: number): Promise<Held[]> {
    return this.sql.query<Held>(S.claimDue, [owner, limit, leaseMs])
  }

  /** Leases one task to `token` now, unless someone holds it (the refresh route). */
  async claimOne(id: string, token: string, leaseMs: number): Promise<boolean> {
    return (await this.sql.query(S.claimOne, [id, token, leaseMs])).length === 1
  }

  /** The writes of the step that holds `taskId`'s lease as `token`: the only way the worker changes a task. */
  lease(taskId: string, token: string): Lease {
    return new Lease(this.sql, taskId, token, () => this.onWebhookEvent())
  }

  /** Gives up these leases, each only while its token still holds it, without touching anything else (a worker stopping). */
  async releaseLeases(held: Held[]): Promise<void> {
    if (held.length) await this.sql.query(S.releaseLeases, [column(held, 'id'), column(held, 'token')])
  }

  /** Renews these leases, each only while its token still holds it (the worker's heartbeat); returns the ids still held. */
  async renewLeases(held: Held[], leaseMs: number): Promise<string[]> {
    if (!held.length) return []
    const rows = await this.sql.query<{ id: string }>(S.renewLeases, [column(held, 'id'), column(held, 'token'), leaseMs])
    return rows.map((r) => r.id)
  }

  async getTaxSession(taxNo: string): Promise<TaxSession | undefined> {
    const [row] = await this.sql.query<TaxSession>(S.taxSession, [taxNo])
    return row
  }

  /**
   * Records what the gateway just learnt of a tax number's tax-bureau session (served by piaozone account `account`);
   * true when a session that was fine is not any more (the clients concerned got a webhook event).
   */
  async saveTaxSession(taxNo: string, seen: SessionSeen, account: string | null = null): Promise<boolean> {
    const [row] = await this.sql.query<{ lost: number; events: number }>(S.saveTaxSession, [
      taxNo, seen.state, seen.loginWebUrl ?? null, seen.vendorCode ?? null, seen.vendorMessage ?? null, account,
    ])
    if (row.events > 0) this.onWebhookEvent()
    return row.lost > 0
  }

  /** Makes tasks waiting for this tax number's login due now. */
  async resumeWaiting(taxNo: string): Promise<number> {
    return (await this.sql.query(S.resumeWaiting, [taxNo])).length
  }

  /** Postgres NOTIFY: every process LISTENing on `channel` (Database.listen) gets `payload` once `tx` commits. */
  async notify(tx: SqlTx, channel: string, payload: string): Promise<void> {
    await tx.query(S.notify, [channel, payload])
  }

  async recordCall(call: CallRecord & { taskId?: string }): Promise<void> {
    await this.sql.query(S.recordCall, [call.taskId ?? null, call.interfaceCode, call.requestId, call.durationMs, call.resultCode, call.errorMessage?.slice(0, 500) ?? null, call.account ?? null])
  }
}

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
    /** The lease token of the step that writes (src/recording/worker.ts). */
    readonly token: string,
    /** A write raised a webhook event (the deliverer of this process looks at once). */
    private readonly onWebhookEvent: () => void,
  ) {}

  private async write(statement: (typeof S)[keyof typeof S], values: unknown[]): Promise<unknown[]> {
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
    const [row] = (await this.write(S.updateTask, [d.status ?? null, d.attempts ?? null, ...error, d.nextAttemptAt ?? null, d.progressAt ?? null, d.finishedAt ?? null, release])) as {
      events: number
    }[]
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
