// Every database read and write of automatic 入账. Candidates and the run's claims are prepared statements (intake
// and runs handle up to 100,000 rows); rules, their history and runs' rows go through Prisma (a few rows each).
import { type Sql, sql, sqlPlannedEachTime } from '../db/sql.ts'
import { UNFINISHED_SQL } from '../recording/statuses.ts'
import type { CandidateRow } from './rules.ts'

export interface CandidateKey {
  taxNo: string
  invoiceCode: string
  invoiceNo: string
}
export type CandidateWrite = CandidateKey & {
  invoiceType: string
  issueDate: string
  source: string
  documentType: string | null
  documentNumber: string | null
  documentStatus: string | null
  voucherNumber: string | null
  voucherPeriod: string | null
  voucherDate: string | null
  state: string
  sellerTaxNo: string | null
  amount: number | null
}

const COLUMNS = ['invoiceCode', 'invoiceNo', 'invoiceType', 'issueDate', 'source', 'documentType', 'documentNumber', 'documentStatus', 'voucherNumber', 'voucherPeriod', 'voucherDate', 'state', 'sellerTaxNo'] as const

/**
 * Each of the `candidates` (a subquery: the keys asked for, or a page) with its own task (the client's task with the
 * candidate's submit key) and its outcome there, and the client's latest state of the invoice. The candidates are found
 * first, by the primary key, and only those are joined: a page is never a sort of everything after the cursor.
 */
const standing = (candidates: string) => `
  SELECT c."taxNo", c."invoiceCode", c."invoiceNo", c."invoiceType", c."issueDate", c.source, c."documentType", c."documentStatus", c."voucherPeriod",
         c."voucherDate", c.state, c."sellerTaxNo", c.amount::text AS amount, c."withdrawnAt", c."updatedAt", c."runId"::text AS "runId", r.state AS "runState",
         ct.id::text AS "taskId", ct."createdAt" AS "submittedAt", ct.status::text AS "taskStatus", ci.outcome::text AS "taskOutcome", ci."failReason" AS "taskFailReason",
         s."taskId"::text AS "latestTaskId", lt.status::text AS "latestTaskStatus", s.outcome::text AS "latestOutcome", s."entryMarkStatus"
  FROM (${candidates}) c
  LEFT JOIN "AutoEntryRun" r ON r.id = c."runId"
  LEFT JOIN "RecordingTask" ct ON ct."clientId" = c."clientId" AND ct."idempotencyKey" = c."submitKey"
  LEFT JOIN "TaskInvoice" ci ON ci."taskId" = ct.id AND ci."taxNo" = c."taxNo" AND ci."invoiceNo" = c."invoiceNo" AND ci."invoiceCode" = c."invoiceCode"
  LEFT JOIN "InvoiceState" s ON s."clientId" = c."clientId" AND s."taxNo" = c."taxNo" AND s."invoiceNo" = c."invoiceNo" AND s."invoiceCode" = c."invoiceCode"
  LEFT JOIN "RecordingTask" lt ON lt.id = s."taskId"`

const S = {
  upsert: sql<{ invoiceCode: string; invoiceNo: string; created: boolean }>(`
    INSERT INTO "AutoEntryCandidate" ("clientId", "taxNo", ${COLUMNS.map((c) => `"${c}"`).join(', ')}, amount, "updatedAt")
    SELECT $1, $2, u.*, now() FROM unnest(${COLUMNS.map((_, i) => `$${i + 3}::text[]`).join(', ')}, $${COLUMNS.length + 3}::numeric[]) AS u
    ON CONFLICT ("clientId", "taxNo", "invoiceCode", "invoiceNo") DO UPDATE SET
      ${COLUMNS.slice(2).map((c) => `"${c}" = excluded."${c}"`).join(', ')}, amount = excluded.amount, "withdrawnAt" = NULL, "updatedAt" = now()
    RETURNING "invoiceCode", "invoiceNo", (xmax = 0) AS created`),
  // Statements with arrays of keys are planned for their values each time (as the recording repository's are): a
  // generic plan of one scanned every candidate of the client, and intake slowed as candidates grew.
  byKeys: sqlPlannedEachTime<CandidateRow>(
    standing(`SELECT c.* FROM unnest($3::text[], $4::text[]) AS k("invoiceCode", "invoiceNo")
      JOIN "AutoEntryCandidate" c ON c."clientId" = $1 AND c."taxNo" = $2 AND c."invoiceCode" = k."invoiceCode" AND c."invoiceNo" = k."invoiceNo"`),
  ),
  // A page in key order after the cursor; for a run, only candidates still to be decided.
  page: sqlPlannedEachTime<CandidateRow>(`${standing(`
    SELECT * FROM "AutoEntryCandidate" c
    WHERE c."clientId" = $1 AND ($2::text[] IS NULL OR c."taxNo" = ANY($2)) AND (c."taxNo", c."invoiceCode", c."invoiceNo") > ($3, $4, $5)
      AND (NOT $6::boolean OR c."withdrawnAt" IS NULL)
    ORDER BY c."taxNo", c."invoiceCode", c."invoiceNo" LIMIT $7`)}
    ORDER BY c."taxNo", c."invoiceCode", c."invoiceNo"`),
  // Withdrawn only while no run is taking it and no unfinished task holds it: a withdrawn candidate is never sent. Run
  // after lockOne in one transaction: a claim committed before the lock is seen, a later one waits and skips the row
  // (Postgres rechecks only the row's own columns, not this statement's subqueries, when it waits for a lock).
  lockOne: sql<Record<string, never>>('SELECT 1 FROM "AutoEntryCandidate" WHERE "clientId" = $1 AND "taxNo" = $2 AND "invoiceCode" = $3 AND "invoiceNo" = $4 FOR UPDATE'),
  withdraw: sql<Record<string, never>>(`
    UPDATE "AutoEntryCandidate" c SET "withdrawnAt" = now(), "updatedAt" = now()
    WHERE c."clientId" = $1 AND c."taxNo" = $2 AND c."invoiceCode" = $3 AND c."invoiceNo" = $4
      AND NOT EXISTS (SELECT 1 FROM "AutoEntryRun" r WHERE r.id = c."runId" AND r.state = 'running')
      AND NOT EXISTS (
        SELECT 1 FROM "RecordingTask" t JOIN "TaskInvoice" i ON i."taskId" = t.id AND i."taxNo" = c."taxNo" AND i."invoiceNo" = c."invoiceNo" AND i."invoiceCode" = c."invoiceCode"
        WHERE t."clientId" = c."clientId" AND t."idempotencyKey" = c."submitKey" AND t.status IN (${UNFINISHED_SQL}))
    RETURNING c."invoiceNo"`),
  // A run takes a chunk of candidates for one submission: one statement that locks each row (a withdrawal comes first
  // or is refused) and records the submission's key. The chunk's keys are in key order, so the range lets the primary
  // key find them whatever the planner knows of the table.
  claim: sqlPlannedEachTime<CandidateKey>(`
    UPDATE "AutoEntryCandidate" c SET "runId" = $2::uuid, "submitKey" = $3
    FROM unnest($4::text[], $5::text[], $6::text[]) AS k("taxNo", "invoiceCode", "invoiceNo")
    WHERE c."clientId" = $1 AND c."taxNo" = k."taxNo" AND c."invoiceCode" = k."invoiceCode" AND c."invoiceNo" = k."invoiceNo"
      AND (c."taxNo", c."invoiceCode", c."invoiceNo") BETWEEN ($4[1], $5[1], $6[1]) AND ($4[cardinality($4)], $5[cardinality($5)], $6[cardinality($6)])
      AND c."withdrawnAt" IS NULL AND c.state = 'normal'
    RETURNING c."taxNo", c."invoiceCode", c."invoiceNo"`),
}

const col = <T, K extends keyof T>(rows: T[], k: K) => rows.map((r) => r[k])

export class CandidateStore {
  constructor(private readonly sql: Sql) {}

  /** Upserts candidates of one buyer; says of each whether it is new. */
  async upsert(clientId: string, taxNo: string, rows: CandidateWrite[]): Promise<{ invoiceCode: string; invoiceNo: string; created: boolean }[]> {
    return this.sql.query(S.upsert, [clientId, taxNo, ...COLUMNS.map((c) => col(rows, c)), col(rows, 'amount')])
  }

  byKeys(clientId: string, taxNo: string, keys: Pick<CandidateKey, 'invoiceCode' | 'invoiceNo'>[]): Promise<CandidateRow[]> {
    return this.sql.query(S.byKeys, [clientId, taxNo, col(keys, 'invoiceCode'), col(keys, 'invoiceNo')])
  }

  /** Up to `limit` candidates after `after` in key order, of these tax numbers (null: all); withdrawn ones only when asked. */
  page(clientId: string, taxNos: string[] | null, after: CandidateKey | undefined, limit: number, withWithdrawn = true): Promise<CandidateRow[]> {
    // The first page starts after the smallest key there is (the empty one).
    return this.sql.query(S.page, [clientId, taxNos, after?.taxNo ?? '', after?.invoiceCode ?? '', after?.invoiceNo ?? '', !withWithdrawn, limit])
  }

  async withdraw(clientId: string, key: CandidateKey): Promise<boolean> {
    const values = [clientId, key.taxNo, key.invoiceCode, key.invoiceNo]
    return this.sql.transaction(async (tx) => {
      await tx.query(S.lockOne, values)
      return (await tx.query(S.withdraw, values)).length === 1
    })
  }

  /** Takes candidates (in key order) for one submission with this Idempotency-Key; returns those it took. */
  claim(clientId: string, runId: string, submitKey: string, keys: CandidateKey[]): Promise<CandidateKey[]> {
    return this.sql.query(S.claim, [clientId, runId, submitKey, col(keys, 'taxNo'), col(keys, 'invoiceCode'), col(keys, 'invoiceNo')])
  }
}
