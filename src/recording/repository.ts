// The recording domain's writes: a submit storing its task (and what it must know first), cancel and resume, the
// leases the worker claims (its writes under a lease are src/recording/lease.ts), the tax-bureau sessions and the
// vendor call log. The task reads are TaskReads (src/recording/task-reads.ts), which this extends; the invoice
// questions read the same tables from src/invoices/store.ts, the automatic-入账 runs from src/auto-entry/store.ts.
// What runs on every request or worker step is a prepared statement (src/db/sql.ts); Prisma serves resume.
import type { RecordingTask, TaxSession } from '../generated/prisma/client.ts'
import type { InvoiceOutcome } from '../generated/prisma/enums.ts'
import type { SessionSeen, TaxSessionStore, WorkerStore } from './worker-store.ts'
import { type Held, Lease, LEASE_STATEMENTS } from './lease.ts'
import { t } from '../i18n/index.ts'
import { column, type SqlTx, sql, sqlPlannedEachTime } from '../db/sql.ts'
import type { CallRecord } from '../piaozone/types.ts'
import type { TaskStatusName } from './statuses.ts'
import { sessionLostEvents } from '../webhooks/outbox.ts'
import { type TaskError, TASK_READ_STATEMENTS, TaskReads, type VendorReport } from './task-reads.ts'

export type { SqlTx as Tx } from '../db/sql.ts'
// The worker's modules name the task's shapes from here, beside the writes' (TaskWrite, InvoiceOutcomeRow).
export type { TaskError, TaskRow } from './task-reads.ts'

/** What the worker writes to a task (src/recording/decide.ts decides it); `error: null` clears the error. */
export interface TaskWrite {
  status?: RecordingTask['status']
  attempts?: number
  error?: TaskError | null
  nextAttemptAt?: Date
  progressAt?: Date
  finishedAt?: Date
}

export type InvoiceOutcomeRow = VendorReport & { idx: number; outcome: 'succeeded' | 'failed'; vendorItem: unknown }

/** An invoice of a submission as some task already holds it (RecordingRepository.invoicesInTasks). */
interface KnownInvoice {
  taskId: string
  clientId: string
  taskStatus: TaskStatusName
  invoiceNo: string
  invoiceCode: string
  outcome: InvoiceOutcome
  entryMarkStatus: string | null
  updatedAt: Date
}

const S = {
  lock: sql<{ locked: string }>('SELECT pg_advisory_xact_lock(hashtext($1))::text AS locked'),
  tryLock: sql<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked'),
  byIdempotencyKey: sql<{ id: string; requestHash: string }>('SELECT id::text AS id, "requestHash" FROM "RecordingTask" WHERE "clientId" = $1 AND "idempotencyKey" = $2'),
  invoicesInTasks: sqlPlannedEachTime<KnownInvoice>(`
    SELECT i."taskId"::text AS "taskId", t."clientId", t.status::text AS "taskStatus", i."invoiceNo", i."invoiceCode", i.outcome::text AS outcome,
           i."entryMarkStatus", i."updatedAt"
    FROM "TaskInvoice" i JOIN "RecordingTask" t ON t.id = i."taskId"
    WHERE i."taxNo" = $1 AND i."invoiceNo" = ANY($2::text[])
    ORDER BY i."updatedAt" DESC`),
  // The task, its batches and its invoices in one statement and so one commit. Invoices go in as column arrays:
  // one row each bound per value took 254 ms for 1,000 invoices through Prisma, this takes a few (bench/RESULTS.md).
  createTask: sql<Record<string, never>>(`
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
  notify: sql<Record<string, never>>('SELECT pg_notify($1, $2)'),
  taxSession: sql<TaxSession>('SELECT "taxNo", state::text AS state, "checkedAt", "loginWebUrl", "vendorCode", "vendorMessage" FROM "TaxSession" WHERE "taxNo" = $1'),
  // What a check or a refusal showed of a tax number's session and, in the same statement, when a session that was
  // fine is not any more, a tax_number.session_lost event for every client with an endpoint that may use the tax
  // number: its list names it, or it may use any and has used it.
  saveTaxSession: sql<{ lost: number; events: number }>(`
    WITH prev AS (SELECT state FROM "TaxSession" WHERE "taxNo" = $1 FOR UPDATE),
    saved AS (
      INSERT INTO "TaxSession" ("taxNo", state, "checkedAt", "loginWebUrl", "vendorCode", "vendorMessage") VALUES ($1, $2::"TaxSessionState", now(), $3, $4, $5)
      ON CONFLICT ("taxNo") DO UPDATE SET state = excluded.state, "checkedAt" = excluded."checkedAt", "loginWebUrl" = excluded."loginWebUrl",
        "vendorCode" = excluded."vendorCode", "vendorMessage" = excluded."vendorMessage"
      RETURNING "taxNo", state, "checkedAt", "loginWebUrl", "vendorCode", "vendorMessage"),
    lost AS (SELECT s.* FROM saved s WHERE s.state <> 'ok' AND (SELECT state FROM prev) = 'ok'),
    event AS (${sessionLostEvents('lost', '$6::text')})
    SELECT (SELECT count(*) FROM lost)::int AS lost, (SELECT count(*) FROM event)::int AS events`),
  resumeWaiting: sql<{ id: string }>(`UPDATE "RecordingTask" SET "nextAttemptAt" = now(), "updatedAt" = now() WHERE "taxNo" = $1 AND status = 'waiting_tax_login' RETURNING id`),
  recordCall: sql<Record<string, never>>(`
    INSERT INTO "VendorCall" ("taskId", "interfaceCode", "requestId", "durationMs", "resultCode", "errorMessage", account)
    VALUES ($1::uuid, $2, $3, $4, $5, $6, $7)`),
  // A cancel (RecordingRepository.cancel). An invoice's latest state goes back to the newest other task of the client
  // that held it and was not cancelled, as that task left it; an invoice no such task held has no latest state again.
  cancel: sql<{ id: string }>(`
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
}

/** The statements by name, for bench/scale.ts (each under EXPLAIN ANALYZE at millions of rows). */
export const RECORDING_STATEMENTS = { ...S, ...TASK_READ_STATEMENTS }

/** The task reads (TaskReads) and every write but the lease's. */
export class RecordingRepository extends TaskReads implements WorkerStore, TaxSessionStore {
  /** Called when a write raised a webhook event; buildApp points it at the deliverer's wake(). */
  onWebhookEvent: () => void = () => {}

  /** Serialises work on one key across every process sharing the database, until the transaction ends. */
  async lock(tx: SqlTx, key: string): Promise<void> {
    await tx.query(S.lock, [key])
  }

  async tryLock(tx: SqlTx, key: string): Promise<boolean> {
    const [row] = await tx.query(S.tryLock, [key])
    return row.locked
  }

  async findByIdempotencyKey(tx: SqlTx, clientId: string, idempotencyKey: string) {
    const [row] = await tx.query(S.byIdempotencyKey, [clientId, idempotencyKey])
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

  /**
   * What a submission must know about its invoices, in one statement: every row of them under this tax number
   * with its task's client and status (for the unfinished-task rule and the known-status rule).
   */
  invoicesInTasks(tx: SqlTx, taxNo: string, invoiceNos: string[]) {
    return tx.query(S.invoicesInTasks, [taxNo, invoiceNos])
  }

  /**
   * Claims up to `limit` due tasks for a worker until `leaseMs` from now, each with a lease token of its own that
   * starts with `owner`. One statement with FOR UPDATE SKIP LOCKED, so concurrent workers in any number of processes
   * never claim the same task; an expired lease (a worker that died) makes the task claimable again.
   */
  claimDue(owner: string, limit: number, leaseMs: number): Promise<Held[]> {
    return this.sql.query(LEASE_STATEMENTS.claimDue, [owner, limit, leaseMs])
  }

  /** Leases one task to `token` now, unless someone holds it (the refresh route). */
  async claimOne(id: string, token: string, leaseMs: number): Promise<boolean> {
    return (await this.sql.query(LEASE_STATEMENTS.claimOne, [id, token, leaseMs])).length === 1
  }

  /** The writes of the step that holds `taskId`'s lease as `token`: the only way the worker changes a task. */
  lease(taskId: string, token: string): Lease {
    return new Lease(this.sql, taskId, token, () => this.onWebhookEvent())
  }

  /** Gives up these leases, each only while its token still holds it, without touching anything else (a worker stopping). */
  async releaseLeases(held: Held[]): Promise<void> {
    if (held.length) await this.sql.query(LEASE_STATEMENTS.releaseLeases, [column(held, 'id'), column(held, 'token')])
  }

  /** Renews these leases, each only while its token still holds it (the worker's heartbeat); returns the ids still held. */
  async renewLeases(held: Held[], leaseMs: number): Promise<string[]> {
    if (!held.length) return []
    const rows = await this.sql.query(LEASE_STATEMENTS.renewLeases, [column(held, 'id'), column(held, 'token'), leaseMs])
    return rows.map((r) => r.id)
  }

  async getTaxSession(taxNo: string): Promise<TaxSession | undefined> {
    const [row] = await this.sql.query(S.taxSession, [taxNo])
    return row
  }

  /**
   * Records what the gateway just learnt of a tax number's tax-bureau session (served by piaozone account `account`);
   * true when a session that was fine is not any more (the clients concerned got a webhook event).
   */
  async saveTaxSession(taxNo: string, seen: SessionSeen, account: string | null = null): Promise<boolean> {
    const [row] = await this.sql.query(S.saveTaxSession, [
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
