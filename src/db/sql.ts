// The hot path's SQL, on the driver itself: a named prepared statement on `pg` (parsed and planned once per
// connection), PGlite's own query API when embedded. Prisma's query interpreter costs 0.35–1 ms of CPU per
// statement here against about 0.06 ms for a prepared `pg` statement (bench/RESULTS.md), so the requests and
// worker steps that run all the time go through this; Prisma keeps the schema, migrations, the CLI and the
// cold paths. Both backends run the same statement texts, so the tests prove them on both.
import { createHash } from 'node:crypto'
import type { PGlite, Transaction } from '@electric-sql/pglite'
import type pg from 'pg'

/**
 * A statement and what each of its rows holds. With a stable name it is prepared on `pg` on each connection the first
 * time it runs there, and Postgres may then keep one generic plan for it; without a name it is planned for its values
 * every time. The row type is said where the statement is written (`sql<Row>(…)`, the one place it is said) and
 * `query` hands its rows out as that type; a statement whose rows nobody reads says `Record<string, never>`.
 */
export interface Statement<Row> {
  name?: string
  text: string
  /**
   * Never set: carries `Row` for the type checker only. A property of function type, in and out, so it is checked
   * both ways (invariantly): a statement is never taken for one whose rows are a wider or narrower type.
   */
  readonly rowType?: (row: Row) => Row
}

/**
 * What the text of a statement must be: any string once its row type is named; when it is not (`Row` left to its
 * default, `Unnamed`), a message instead, so `sql(…)` without a row type does not compile.
 */
type TextFor<Row> = [Row] extends [Unnamed] ? 'name the row type: sql<Row>(…), or sql<Record<string, never>>(…) for none' : string
/** `Row` when the caller names none. (`never` is `Unnamed` too, so no statement says its rows are `never`.) */
declare const unnamed: unique symbol
type Unnamed = typeof unnamed

export interface Sql {
  /** The rows of `statement`, as its row type (said where it is written, never here). */
  query<Row>(statement: Statement<Row>, values?: unknown[]): Promise<Row[]>
  /** Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T>
}

export type SqlTx = Pick<Sql, 'query'>

/** A statement's name, after its text: so one name never stands for two texts. */
const statementName = (text: string) => `rz_${createHash('sha256').update(text).digest('hex').slice(0, 20)}`

/** A named statement (prepared) whose rows are `Row`s: `Row` must be named (`sql<Row>(…)`). */
export function sql<Row = Unnamed>(text: TextFor<Row>): Statement<Row> {
  return { name: statementName(text), text }
}

/**
 * A statement planned for its values on every run: for one whose best plan depends on them (an array of 1 or 1,000
 * invoice numbers). A generic plan made while a table was small can be a sequential scan, kept for the life of the
 * connection while the table grows, until its statistics change (measured: 27 ms a submit at 30,000 invoices
 * without autovacuum, 1 ms planned each time). `Row` must be named, as for `sql<Row>(…)`.
 */
export function sqlPlannedEachTime<Row = Unnamed>(text: TextFor<Row>): Statement<Row> {
  return { text }
}

/** Prisma's own statements prepared too (@prisma/adapter-pg's statementNameGenerator): the same naming. */
export const prismaStatementName = (query: { sql: string }) => statementName(query.sql)

export function pgSql(pool: pg.Pool): Sql {
  const on = (client: pg.Pool | pg.PoolClient): SqlTx => ({
    // pg's row type must be an object of columns, which every statement's row is.
    query: async <Row>({ name, text }: Statement<Row>, values: unknown[] = []): Promise<Row[]> => (await client.query<Row & pg.QueryResultRow>({ name, text, values })).rows,
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
    query: async <Row>({ text }: Statement<Row>, values: unknown[] = []) => (await q.query<Row>(text, values)).rows,
  })
  return { ...on(db), transaction: (work) => db.transaction((tx) => work(on(tx))) }
}

/** One column of `rows`, as an array: how many rows go into one statement (`unnest($1::uuid[], …)`). */
export const column = <T, K extends keyof T>(rows: T[], key: K) => rows.map((r) => r[key])
