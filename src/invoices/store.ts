// Every database read of the invoices feature: the search (GET /v1/invoices and its CSV), the month-end summary and
// one invoice's entry status. Each is a prepared statement (src/db/sql.ts); the recording domain writes the tables
// (src/recording/repository.ts).
import type { InvoiceOutcome } from '../generated/prisma/enums.ts'
import { type Sql, sql, sqlPlannedEachTime } from '../db/sql.ts'
import type { TaskStatusName } from '../recording/statuses.ts'

export interface InvoiceFilter {
  taxNo?: string
  entryMarkStatus?: string
  outcome?: string
  /** yyyyMM: the month; yyyyMMdd: exactly. */
  recordedPeriod?: string
  createdFrom?: string
  createdTo?: string
  reference?: string
  /** The last invoice of the previous page. */
  after?: { taxNo: string; invoiceNo: string; invoiceCode: string }
}

export interface InvoiceStateRow {
  taxNo: string
  invoiceNo: string
  invoiceCode: string
  outcome: InvoiceOutcome
  entryMarkStatus: string | null
  failReason: string | null
  recordedTime: string
  recordedPeriod: string
  taskId: string
  taskStatus: TaskStatusName
  reference: string | null
  nextEntryMarkStatus: string
  submittedAt: Date
  updatedAt: Date
}

const S = {
  invoiceHistory: sql<{
    taskId: string
    outcome: InvoiceOutcome
    preEntryMarkStatus: string | null
    entryMarkStatus: string | null
    failReason: string | null
    updatedAt: Date
    nextEntryMarkStatus: string
    status: string
    operator: string | null
    reason: string | null
    vendorTaskNo: string | null
  }>(`
    SELECT i."taskId"::text AS "taskId", i.outcome::text AS outcome, i."preEntryMarkStatus", i."entryMarkStatus", i."failReason", i."updatedAt",
           t."nextEntryMarkStatus", t.status::text AS status, t.operator, t.reason, b."vendorTaskNo"
    FROM "TaskInvoice" i JOIN "RecordingTask" t ON t.id = i."taskId" LEFT JOIN "VendorBatch" b ON b."taskId" = i."taskId" AND b.seq = i."batchSeq"
    WHERE i."taxNo" = $1 AND i."invoiceNo" = $2 AND i."invoiceCode" = $3 AND t."clientId" = $4
    ORDER BY i."updatedAt" DESC`),
  // Not the rows earlier versions appended for a failed invoice the vendor reported a status of: they stay in the
  // append-only table but state what did not happen. A change whose task is gone still shows.
  statusChanges: sql<{ fromStatus: string | null; toStatus: string; at: Date; taskId: string; vendorTaskNo: string | null; operator: string | null; reason: string | null }>(`
    SELECT c."fromStatus", c."toStatus", c.at, c."taskId"::text AS "taskId", c."vendorTaskNo", c.operator, c.reason FROM "EntryStatusChange" c
    WHERE c."taxNo" = $1 AND c."invoiceNo" = $2 AND c."invoiceCode" = $3 AND c."clientId" = $4
      AND NOT EXISTS (SELECT 1 FROM "TaskInvoice" i WHERE i."taxNo" = c."taxNo" AND i."invoiceNo" = c."invoiceNo" AND i."invoiceCode" = c."invoiceCode"
                        AND i."taskId" = c."taskId" AND i.outcome = 'failed')
    ORDER BY c.at DESC, c.id DESC`),
  // The codes an invoice number is known under among this client's invoices (a 404 suggests them).
  knownCodes: sql<{ invoiceCode: string }>(`
    SELECT DISTINCT "invoiceCode" FROM "InvoiceState" WHERE "clientId" = $1 AND "taxNo" = $2 AND "invoiceNo" = $3 ORDER BY 1 LIMIT 10`),
  // The month-end summary over the latest states, from the counts a trigger keeps with every write of them
  // ("InvoiceCount": a few rows per period, where counting the states took 0.8–1.5 s at 3,000,000 invoices); planned
  // each time, like the search (month or day).
  summaryCounts: sqlPlannedEachTime<{ nextEntryMarkStatus: string; outcome: InvoiceOutcome; n: number }>(`
    SELECT "nextEntryMarkStatus", outcome::text AS outcome, sum(n)::int AS n FROM "InvoiceCount"
    WHERE "clientId" = $1 AND "taxNo" = $2 AND ($3::text IS NULL OR "recordedMonth" = $3) AND ($4::text IS NULL OR "recordedPeriod" = $4)
    GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2`),
  summaryFailures: sqlPlannedEachTime<{ failReason: string; n: number }>(`
    SELECT "failReason", sum(n)::int AS n FROM "InvoiceCount"
    WHERE "clientId" = $1 AND "taxNo" = $2 AND ($3::text IS NULL OR "recordedMonth" = $3) AND ($4::text IS NULL OR "recordedPeriod" = $4)
      AND outcome = 'failed'
    GROUP BY 1 HAVING sum(n) <> 0 ORDER BY 2 DESC, 1`),
  // The search: every filter optional, planned for its values each time (so the right index serves the filters
  // given), in key order after the cursor. With a tax number the cursor compares (invoiceNo, invoiceCode) only, the
  // tax number being equal (or the cursor's before or after it: every row, or none): the index scan then starts at the
  // cursor. The three-column comparison beside "taxNo" = $2 made Postgres scan from the tax number's first row and
  // filter up to the cursor, so each page cost more than the one before (428 ms a page 1.5 million rows in).
  searchInvoices: sqlPlannedEachTime<InvoiceStateRow>(`
    SELECT s."taxNo", s."invoiceNo", s."invoiceCode", s.outcome::text AS outcome, s."entryMarkStatus", s."failReason", s."recordedTime", s."recordedPeriod",
           s."taskId"::text AS "taskId", t.status::text AS "taskStatus", s.reference, s."nextEntryMarkStatus", s."submittedAt", s."updatedAt"
    FROM "InvoiceState" s JOIN "RecordingTask" t ON t.id = s."taskId"
    WHERE s."clientId" = $1
      AND ($2::text IS NULL OR s."taxNo" = $2)
      AND ($3::text IS NULL OR s."entryMarkStatus" = $3)
      AND ($4::text IS NULL OR s.outcome = $4::"InvoiceOutcome")
      AND ($5::text IS NULL OR s."recordedMonth" = $5)
      AND ($6::text IS NULL OR s."recordedPeriod" = $6)
      AND ($7::timestamptz IS NULL OR s."submittedAt" >= $7)
      AND ($8::timestamptz IS NULL OR s."submittedAt" < $8)
      AND ($9::text IS NULL OR s.reference = $9)
      AND ($10::text IS NULL
        OR ($2::text IS NULL AND (s."taxNo", s."invoiceNo", s."invoiceCode") > ($10, $11, $12))
        OR ($2::text IS NOT NULL AND $10 < $2)
        OR ($2::text IS NOT NULL AND $10 = $2 AND (s."invoiceNo", s."invoiceCode") > ($11, $12)))
    ORDER BY s."taxNo", s."invoiceNo", s."invoiceCode"
    LIMIT $13`),
}

/** The statements by name, for bench/scale.ts (each under EXPLAIN ANALYZE at millions of rows). */
export const INVOICE_STATEMENTS: Readonly<typeof S> = S

export class InvoiceStore {
  readonly sql: Sql

  constructor(db: { sql: Sql }) {
    this.sql = db.sql
  }

  /** A page of the client's invoices in their latest state (GET /v1/invoices), after `after` in key order. */
  searchInvoices(clientId: string, f: InvoiceFilter, limit: number) {
    const period = f.recordedPeriod
    return this.sql.query(S.searchInvoices, [
      clientId, f.taxNo ?? null, f.entryMarkStatus ?? null, f.outcome ?? null,
      period?.length === 6 ? period : null, period?.length === 8 ? period : null,
      f.createdFrom ?? null, f.createdTo ?? null, f.reference ?? null,
      f.after?.taxNo ?? null, f.after?.invoiceNo ?? null, f.after?.invoiceCode ?? null, limit,
    ])
  }

  /** Counts of a tax number's invoices of a period (yyyyMM: the month), by target and outcome, and failures by reason. */
  async entrySummary(clientId: string, taxNo: string, period: string) {
    const values = [clientId, taxNo, period.length === 6 ? period : null, period.length === 8 ? period : null]
    const [counts, failures] = await Promise.all([
      this.sql.query(S.summaryCounts, values),
      this.sql.query(S.summaryFailures, values),
    ])
    return { counts, failures }
  }

  /** One invoice's rows across this client's tasks, newest first. One statement: it is a hot lookup. */
  invoiceHistory(clientId: string, taxNo: string, invoiceNo: string, invoiceCode: string) {
    return this.sql.query(S.invoiceHistory, [taxNo, invoiceNo, invoiceCode, clientId])
  }

  /** The changes of one invoice's 入账状态 this client's tasks made, newest first (the history, append-only). */
  statusChanges(clientId: string, taxNo: string, invoiceNo: string, invoiceCode: string) {
    return this.sql.query(S.statusChanges, [taxNo, invoiceNo, invoiceCode, clientId])
  }

  /** The invoice codes this client's invoices of `invoiceNo` under `taxNo` have (at most 10). */
  async knownCodes(clientId: string, taxNo: string, invoiceNo: string): Promise<string[]> {
    return (await this.sql.query(S.knownCodes, [clientId, taxNo, invoiceNo])).map((r) => r.invoiceCode)
  }
}
