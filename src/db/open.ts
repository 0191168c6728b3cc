// Opens the database named by DATABASE_URL and brings its schema up to date:
//   postgresql://…                  → a Postgres server through @prisma/adapter-pg
//   pglite:<dir> | pglite:memory    → embedded PGlite in this process (Postgres compiled to wasm)
import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from '../generated/prisma/client.ts'
import { lockDataDir } from './lock.ts'
import { migrate } from './migrate.ts'
import { pgliteSql, pgSql, prismaStatementName, type Sql } from './sql.ts'

/**
 * The embedded Postgres's own settings. Its memory is one WebAssembly memory, which never gives a page back, and
 * Postgres's default shared_buffers (128 MB) is touched whole as it starts: 151 MB of the process's RSS, measured
 * (bench/pglite-memory.ts; bench/RESULTS.md). 16 MB leaves 29 MB; the pages the buffers miss come from the files
 * through the OS's page cache, which the kernel can take back. Measured end to end, the smaller pool was no slower.
 */
const PGLITE_SETTINGS = ['shared_buffers=16MB']

export interface Database {
  prisma: PrismaClient
  /** The hot path's prepared statements (src/db/sql.ts), on the same connections as Prisma. */
  sql: Sql
  kind: 'postgres' | 'pglite'
  /** The embedded database's directory (PGlite on disk only). */
  dataDir?: string
  /** Postgres LISTEN: `onMessage` gets the payload of every NOTIFY on `channel` until the returned stop(). */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

/**
 * A database that is never reached: a pool and a Prisma client that connect only when a query is made, to an address
 * that does not resolve, so a query fails and nothing else happens. For building the app only to read its routes and
 * schemas (npm run openapi:generate), which needs no database.
 */
export function unreachableDatabase(): Pick<Database, 'prisma' | 'sql'> {
  const pool = new pg.Pool({ connectionString: 'postgresql://unreachable.invalid/none', max: 1, connectionTimeoutMillis: 1000 })
  return { prisma: new PrismaClient({ adapter: new PrismaPg(pool) }), sql: pgSql(pool) }
}

export async function openDatabase(url: string, log: (m: string) => void = () => {}, poolSize = 10): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    // One client for migrations, so the session advisory lock and the statements share a connection.
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await migrate({ query: (t, p) => client.query(t, p), exec: (s) => client.query(s) }, undefined, log)
    } finally {
      await client.end()
    }
    // One pool for Prisma and the prepared statements, so DATABASE_POOL_SIZE bounds both together.
    const pool = new pg.Pool({ connectionString: url, max: poolSize })
    // A connection that dies (a server restart, pg_terminate_backend) emits 'error', which ends the process when
    // nobody listens: the pool listens only while a connection is idle, and the server's goodbye can arrive while
    // one is checked out or being closed. So every connection gets a listener for life; the query in flight fails
    // with the error anyway, and the pool drops the connection.
    pool.on('connect', (client) => client.on('error', () => {}))
    pool.on('error', (err) => log(`an idle database connection closed: ${err.message}`))
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { statementNameGenerator: prismaStatementName }) })
    return {
      prisma,
      sql: pgSql(pool),
      kind: 'postgres',
      listen: (channel, onMessage) => listenOnPostgres(url, channel, onMessage),
      close: async () => {
        await prisma.$disconnect()
        await pool.end()
      },
    }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { PrismaPGlite } = await import('pglite-prisma-adapter')
  const dir = url.replace(/^pglite:/, '')
  const dataDir = dir === 'memory' ? undefined : path.resolve(dir)
  // PGlite does not create parent directories. It has no inter-process lock either: lockDataDir is ours.
  if (dataDir) privateDataDir(dataDir)
  const unlock = dataDir ? lockDataDir(dataDir) : () => {}
  try {
    const db = await PGlite.create(dataDir, { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((setting) => ['-c', setting])] })
    await migrate({ query: (t, p) => db.query(t, p), exec: (s) => db.exec(s) }, undefined, log)
    if (dataDir) privateFiles(dataDir)
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) })
    return {
      prisma,
      sql: pgliteSql(db),
      kind: 'pglite',
      dataDir,
      listen: async (channel, onMessage) => {
        const stop = await db.listen(channel, onMessage)
        return async () => stop()
      },
      close: async () => {
        await prisma.$disconnect()
        await db.close()
        unlock()
        if (dataDir) privateFiles(dataDir)
      },
    }
  } catch (err) {
    unlock()
    throw err
  }
}

/** The embedded data directory is open to group or others: every webhook secret and invoice could be read there. */
export class DataDirPermissionError extends Error {
  constructor(dir: string, mode: number) {
    const octal = mode.toString(8).padStart(4, '0')
    super(`data directory "${dir}" has invalid permissions (${octal}): it should be u=rwx (0700); fix with: chmod 700 "${dir}"`)
    this.name = 'DataDirPermissionError'
  }
}

/**
 * Creates the embedded database's directory 0700, or refuses one that others may enter, as Postgres refuses its
 * own data directory: the database and the admin socket in it are only as private as this directory.
 */
function privateDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const mode = statSync(dir).mode & 0o7777
  if (mode & 0o077) throw new DataDirPermissionError(dir, mode)
}

/**
 * Takes group and other bits off everything under the directory. PGlite's first start unpacks its initial
 * cluster 0666 whatever the umask, and Postgres writes a few files (pg_internal.init) through fopen: done once
 * the database is open and once it is closed, so files at rest are the owner's only. While it runs, the 0700
 * directory keeps everyone else out. Symbolic links are left alone (chmod would follow them).
 */
function privateFiles(dir: string): void {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isSymbolicLink()) continue
    const file = path.join(entry.parentPath, entry.name)
    const { mode } = lstatSync(file)
    if (mode & 0o077) chmodSync(file, mode & 0o700)
  }
}

/**
 * LISTEN on a connection of its own (a pooled one may be handed to anyone). If the connection drops, it is opened
 * again after a second, so a database restart does not leave the process deaf.
 */
async function listenOnPostgres(url: string, channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
  let client: pg.Client | undefined
  let stopped = false
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url })
    next.on('notification', (n) => n.channel === channel && onMessage(n.payload ?? ''))
    next.on('error', () => {
      if (!stopped) setTimeout(() => void connect().catch(() => {}), 1000)
    })
    await next.connect()
    await next.query(`LISTEN "${channel.replace(/"/g, '')}"`)
    client = next
  }
  await connect()
  return async () => {
    stopped = true
    await client?.end().catch(() => {})
  }
}
