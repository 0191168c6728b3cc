// Every database read and write of automatic 入账. Candidates and the run's claims are prepared statements (intake
// and runs handle up to 100,000 rows); rules, their history and runs' rows go through Prisma (a few rows each).
import { type Sql, sql, sqlPlannedEachTime } from '../db/sql.ts'
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

// Each candidate with its own task's status and outcome, and the client's latest state of the invoice.
const STANDING = `
  SELECT c."taxNo", c."invoiceCode", c."invoiceNo", c."invoiceType", c."issueDate", c.source, c."documentType", c."documentStatus", c."voucherPeriod",
         c."voucherDate", c.state, c."sellerTaxNo", c.amount::text AS amount, c."withdrawnAt", c."updatedAt", c."runId"::text AS "runId", r.state AS "runState",
         c."taskId"::text AS "taskId", c."submittedAt", ct.status::text AS "taskStatus", ci.outcome::text AS "taskOutcome", ci."failReason" AS "taskFailReason",
         s."taskId"::text AS "latestTaskId", lt.status::text AS "latestTaskStatus", s.outcome::text AS "latestOutcome", s."entryMarkStatus"
  FROM "AutoEntryCandidate" c
  LEFT JOIN "AutoEntryRun" r ON r.id = c."runId"
  LEFT JOIN "RecordingTask" ct ON ct.id = c."taskId"
  LEFT JOIN "TaskInvoice" ci ON ci."taskId" = c."taskId" AND ci."taxNo" = c."taxNo" AND ci."invoiceNo" = c."invoiceNo" AND ci."invoiceCode" = c."invoiceCode"
  LEFT JOIN "InvoiceState" s ON s."clientId" = c."clientId" AND s."taxNo" = c."taxNo" AND s."invoiceNo" = c."invoiceNo" AND s."invoiceCode" = c."invoiceCode"
  LEFT JOIN "RecordingTask" lt ON lt.id = s."taskId"`

const S = {
  upsert: sql(`
    INSERT INTO "AutoEntryCandidate" ("clientId", "taxNo", ${COLUMNS.map((c) => `"${c}"`).join(', ')}, amount, "updatedAt")
    SELECT $1, $2, u.*, now() FROM unnest(${COLUMNS.map((_, i) => `$${i + 3}::text[]`).join(', ')}, $${COLUMNS.length + 3}::numeric[]) AS u
    ON CONFLICT ("clientId", "taxNo", "invoiceCode", "invoiceNo") DO UPDATE SET
      ${COLUMNS.slice(2).map((c) => `"${c}" = excluded."${c}"`).join(', ')}, amount = excluded.amount, "withdrawnAt" = NULL, "updatedAt" = now()
    RETURNING "invoiceCode", "invoiceNo", (xmax = 0) AS created`),
  byKeys: sql(`${STANDING}
    WHERE c."clientId" = $1 AND c."taxNo" = $2 AND (c."invoiceCode", c."invoiceNo") IN (SELECT * FROM unnest($3::text[], $4::text[]))`),
  // A page in key order after the cursor; for a run, only candidates still to be decided.
  page: sqlPlannedEachTime(`${STANDING}
    WHERE c."clientId" = $1 AND ($2::text[] IS NULL OR c."taxNo" = ANY($2)) AND ($3::text IS NULL OR (c."taxNo", c."invoiceCode", c."invoiceNo") > ($3, $4, $5))
      AND (NOT $6::boolean OR c."withdrawnAt" IS NULL)
    ORDER BY c."taxNo", c."invoiceCode", c."invoiceNo" LIMIT $7`),
  // Withdrawn only while no run is taking it and no unfinished task holds it: a withdrawn candidate is never sent.
  withdraw: sql(`
    UPDATE "AutoEntryCandidate" c SET "withdrawnAt" = now(), "updatedAt" = now()
    WHERE c."clientId" = $1 AND c."taxNo" = $2 AND c."invoiceCode" = $3 AND c."invoiceNo" = $4
      AND NOT EXISTS (SELECT 1 FROM "AutoEntryRun" r WHERE r.id = c."runId" AND r.state = 'running')
      AND NOT EXISTS (SELECT 1 FROM "RecordingTask" t WHERE t.id = c."taskId" AND t.status IN ('accepted', 'submitted', 'waiting_tax_login', 'stalled'))
    RETURNING c."invoiceNo"`),
  // A run takes candidates: one statement that locks each row, so a withdrawal either comes first or is refused.
  claim: sql(`
    UPDATE "AutoEntryCandidate" c SET "runId" = $2::uuid
    FROM unnest($3::text[], $4::text[], $5::text[]) AS k("taxNo", "invoiceCode", "invoiceNo")
    WHERE c."clientId" = $1 AND c."taxNo" = k."taxNo" AND c."invoiceCode" = k."invoiceCode" AND c."invoiceNo" = k."invoiceNo"
      AND c."withdrawnAt" IS NULL AND c.state = 'normal'
    RETURNING c."taxNo", c."invoiceCode", c."invoiceNo"`),
  submitted: sql(`
    UPDATE "AutoEntryCandidate" c SET "taskId" = $3::uuid, "submittedAt" = now()
    FROM unnest($4::text[], $5::text[], $6::text[]) AS k("taxNo", "invoiceCode", "invoiceNo")
    WHERE c."clientId" = $1 AND c."runId" = $2::uuid AND c."taxNo" = k."taxNo" AND c."invoiceCode" = k."invoiceCode" AND c."invoiceNo" = k."invoiceNo"`),
  // What a run took but did not submit is free again.
  release: sql(`UPDATE "AutoEntryCandidate" SET "runId" = NULL WHERE "clientId" = $1 AND "runId" = $2::uuid AND ("taskId" IS NULL OR NOT ("taskId" = ANY($3::uuid[])))`),
}

const col = <T, K extends keyof T>(rows: T[], k: K) => rows.map((r) => r[k])

export class CandidateStore {
  constructor(private readonly sql: Sql) {}

  /** Upserts candidates of one buyer; says of each whether it is new. */
  async upsert(clientId: string, taxNo: string, rows: CandidateWrite[]): Promise<{ invoiceCode: string; invoiceNo: string; created: boolean }[]> {
    return this.sql.query(S.upsert, [clientId, taxNo, ...COLUMNS.map((c) => col(rows, c)), col(rows, 'amount')])
  }

  byKeys(clientId: string, taxNo: string, keys: Pick<CandidateKey, 'invoiceCode' | 'invoiceNo'>[]): Promise<CandidateRow[]> {
    return this.sql.query<CandidateRow>(S.byKeys, [clientId, taxNo, col(keys, 'invoiceCode'), col(keys, 'invoiceNo')])
  }

  /** Up to `limit` candidates after `after` in key order, of these tax numbers (null: all); withdrawn ones only when asked. */
  page(clientId: string, taxNos: string[] | null, after: CandidateKey | undefined, limit: number, withWithdrawn = true): Promise<CandidateRow[]> {
    return this.sql.query<CandidateRow>(S.page, [clientId, taxNos, after?.taxNo ?? null, after?.invoiceCode ?? null, after?.invoiceNo ?? null, !withWithdrawn, limit])
  }

  async withdraw(clientId: string, key: CandidateKey): Promise<boolean> {
    return (await this.sql.query(S.withdraw, [clientId, key.taxNo, key.invoiceCode, key.invoiceNo])).length === 1
  }

  claim(clientId: string, runId: string, keys: CandidateKey[]): Promise<CandidateKey[]> {
    return this.sql.query<CandidateKey>(S.claim, [clientId, runId, col(keys, 'taxNo'), col(keys, 'invoiceCode'), col(keys, 'invoiceNo')])
  }

  async submitted(clientId: string, runId: string, taskId: string, keys: CandidateKey[]): Promise<void> {
    await this.sql.query(S.submitted, [clientId, runId, taskId, col(keys, 'taxNo'), col(keys, 'invoiceCode'), col(keys, 'invoiceNo')])
  }

  async release(clientId: string, runId: string, taskIds: string[]): Promise<void> {
    await this.sql.query(S.release, [clientId, runId, taskIds])
  }
}
