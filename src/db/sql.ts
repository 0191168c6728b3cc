// The hot path's SQL, on the driver itself: a named prepared statement on `pg` (parsed and planned once per
// connection), PGlite's own query API when embedded. Prisma's query interpreter costs 0.35–1 ms of CPU per
// statement here against about 0.06 ms for a prepared `pg` statement (bench/RESULTS.md), so the requests and
// worker steps that run all the time go through this; Prisma keeps the schema, migrations, the CLI and the
// cold paths. Both backends run the same statement texts, so the tests prove them on both.
import { createHash } from 'node:crypto'
import type { PGlite, Transaction } from '@electric-sql/pglite'
import type pg from 'pg'

/**
 * A statement with a stable name: on `pg` it is prepared on each connection the first time it runs there, and
 * Postgres may then keep one generic plan for it. Without a name it is planned for its values every time.
 */
export interface Statement {
  name?: string
  text: string
}

export interface Sql {
  query<Row>(statement: Statement, values?: unknown[]): Promise<Row[]>
  /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T>
}

export type SqlTx = Pick<Sql, 'query'>

/** Names a statement after its text, so one name never stands for two texts. */
export function sql(text: string): Statement {
  return { name: `rz_${createHash('sha256').update(text).digest('hex').slice(0, 20)}`, text }
}

/**
 * A statement planned for its values on every run: for one whose best plan depends on them (an array of 1 or 1,000
 * invoice numbers). A generic plan made while a table was small can be a sequential scan, kept for the life of the
 * connection while the table grows, until its statistics change (measured: 27 ms a submit at 30,000 invoices
 * without autovacuum, 1 ms planned each time).
 */
export const sqlPlannedEachTime = (text: string): Statement => ({ text })

/** Prisma's own statements prepared too (@prisma/adapter-pg's statementNameGenerator): the same naming. */
export const prismaStatementName = (query: { sql: string }) => sql(query.sql).name as string

export function pgSql(pool: pg.Pool): Sql {
  const on = (client: pg.Pool | pg.PoolClient): SqlTx => ({
    query: async <Row>({ name, text }: Statement, values: unknown[] = []) => (await client.query({ name, text, values })).rows as Row[],
  })
  return {
    ...on(pool),
    async transaction(work) {
      const client = await pool.connect()
      let broken: Error | undefined
      try {
        await client.query('BEGIN')
        const result = await work(on(client))
        await client.query('COMMIT')
        return result
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackFailed: Error) => (broken = rollbackFailed))
        throw err
      } finally {
        // A connection whose rollback failed (it died) is destroyed instead of returned to the pool.
        client.release(broken)
      }
    },
  }
}

export function pgliteSql(db: PGlite): Sql {
  const on = (q: PGlite | Transaction): SqlTx => ({
    query: async <Row>({ text }: Statement, values: unknown[] = []) => (await q.query<Row>(text, values)).rows,
  })
  return { ...on(db), transaction: (work) => db.transaction((tx) => work(on(tx))) }
}

/** One column of `rows`, as an array: how many rows go into one statement (`unnest($1::uuid[], …)`). */
export const column = <T, K extends keyof T>(rows: T[], key: K) => rows.map((r) => r[key])
