// A fresh database per test file: in-memory PGlite by default, or, with TEST_DATABASE_URL set (as .ci/run does),
// a throw-away database created on that Postgres server and dropped afterwards.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { type Database, openDatabase } from '../../src/db/open.ts'

export async function openTestDatabase(): Promise<Database & { url: string }> {
  const server = process.env.TEST_DATABASE_URL
  if (!server) {
    const db = await openDatabase('pglite:memory')
    return { ...db, url: 'pglite:memory' }
  }
  const name = `ruzhang_test_${randomBytes(6).toString('hex')}`
  await adminQuery(server, `CREATE DATABASE "${name}"`)
  const url = new URL(server)
  url.pathname = `/${name}`
  const db = await openDatabase(url.toString())
  return {
    ...db,
    url: url.toString(),
    close: async () => {
      await db.close()
      await adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    },
  }
}

async function adminQuery(server: string, sql: string) {
  const client = new pg.Client({ connectionString: server })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
