// Tiny startup migrator: applies prisma/migrations/<ts>_<name>/migration.sql in order and records them in
// Prisma's own `_prisma_migrations` table (same DDL, same sha256 checksum, same advisory lock), so a later
// `prisma migrate deploy` / `migrate status` with the real schema engine agrees with it. Needed because the
// schema engine binary cannot be downloaded here (shared/stack/PROBE.md, appendix A).
import { createHash, randomUUID } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { errorMessage, isRecord } from '../guards.ts'

export interface SqlRunner {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>
  /** A multi-statement script (simple query protocol). */
  exec(script: string): Promise<unknown>
}

const DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`
const LOCK_ID = 72707369 // the advisory lock key Prisma's schema engine uses on Postgres

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../prisma/migrations')

export function migrationNames(dir = MIGRATIONS_DIR): string[] {
  return existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
        .map((d) => d.name)
        .sort()
    : []
}

export async function migrate(db: SqlRunner, dir = MIGRATIONS_DIR, log: (m: string) => void = () => {}): Promise<string[]> {
  await db.query('SELECT pg_advisory_lock($1)', [LOCK_ID])
  try {
    await db.exec(DDL)
    const { rows } = await db.query('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL')
    const done = new Map(rows.filter(isRecord).map((r) => [String(r.migration_name), r]))
    const applied: string[] = []
    for (const name of migrationNames(dir)) {
      const script = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8')
      const checksum = createHash('sha256').update(script).digest('hex')
      const row = done.get(name)
      if (row?.finished_at) {
        if (row.checksum !== checksum) log(`warning: migration ${name} was modified after it was applied`)
        continue
      }
      if (row) throw new Error(`migration ${name} failed earlier; fix the database and mark it rolled back (P3009)`)
      const id = randomUUID()
      await db.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)', [id, checksum, name])
      try {
        await db.exec(script)
      } catch (err) {
        await db.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, errorMessage(err)])
        throw new Error(`migration ${name} failed: ${errorMessage(err)}`)
      }
      await db.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id])
      applied.push(name)
      log(`applied migration ${name}`)
    }
    return applied
  } finally {
    await db.query('SELECT pg_advisory_unlock($1)', [LOCK_ID])
  }
}
