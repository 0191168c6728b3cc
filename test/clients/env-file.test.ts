// `.env` as an operator uses it (issue 21.3): copied from .env.example, naming the gateway's database. The CLI and
// the server, each a process started in the directory holding it, must both work on that database.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeDatabase } from '../../src/cli.ts'
import { type Database, openDatabase } from '../../src/db/open.ts'
import { freePort } from '../helpers/child.ts'
import { openTestDatabase } from '../helpers/db.ts'

const TSX = pathToFileURL(path.resolve('node_modules/tsx/dist/loader.mjs')).href
// What the processes inherit: not the test's DATABASE_URL, and not VITEST, which makes them ignore .env (so that a
// developer's own .env never reaches the other tests' processes).
const { VITEST: _vitest, DATABASE_URL: _url, ...inherited } = process.env

let dir: string
let databaseUrl: string
let closeDatabase: () => Promise<void> = async () => {}
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ruzhang-env-'))
  if (process.env.TEST_DATABASE_URL) {
    const db = await openTestDatabase()
    databaseUrl = db.url
    closeDatabase = db.close
  } else databaseUrl = `pglite:${path.join(dir, 'gateway-db')}`
})
afterAll(async () => {
  await closeDatabase()
  rmSync(dir, { recursive: true, force: true })
})

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', TSX, path.resolve(script), ...args], { cwd: dir, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { child, exited, output: () => ({ stdout, stderr }) }
}

/** The database the .env names, opened by the test once no process of its own holds it. */
async function withDatabase<T>(use: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(databaseUrl)
  try {
    return await use(db)
  } finally {
    await db.close()
  }
}

describe('.env in the working directory', () => {
  it('is read by npm run cli and by the server alike, the environment winning', { timeout: 120_000 }, async () => {
    const port = await freePort()
    writeFileSync(path.join(dir, '.env'), `# copied from .env.example\nDATABASE_URL=${databaseUrl}\nPORT=${port}\nMETRICS_PORT=0\nLOG_LEVEL=info\n`)

    const cli = run('src/cli.ts', ['clients', 'add', 'erp-x', '--any-tax-no'])
    expect(await cli.exited).toBe(0)
    const { stdout, stderr } = cli.output()
    expect(stderr).toContain(`database: ${describeDatabase(databaseUrl).en}`)
    expect(stderr).toContain(`settings: the environment, then ${path.join(dir, '.env')}`)
    const key = stdout.trim().split('\n').at(-1) as string
    expect(await withDatabase((db) => db.prisma.client.count({ where: { name: 'erp-x' } }))).toBe(1)

    // A variable set in the environment wins over the file.
    const elsewhere = `pglite:${path.join(dir, 'other-db')}`
    const listed = run('src/cli.ts', ['clients', 'list'], { DATABASE_URL: elsewhere })
    expect(await listed.exited).toBe(0)
    expect(listed.output().stderr).toContain(`database: ${describeDatabase(elsewhere).en}`)
    expect(listed.output().stdout).not.toContain('erp-x')

    // The gateway started there, as npm start starts it, takes the key the CLI made: it reads the same database.
    const server = run('src/server.ts', [])
    try {
      const base = `http://127.0.0.1:${port}`
      let status = 0
      for (const deadline = Date.now() + 30_000; Date.now() < deadline && status !== 200; await new Promise((r) => setTimeout(r, 100))) {
        if (server.child.exitCode !== null) throw new Error(`server exited: ${JSON.stringify(server.output())}`)
        status = await fetch(`${base}/ready`).then((r) => r.status, () => 0)
      }
      expect(status).toBe(200)
      expect((await fetch(`${base}/v1/tax-numbers`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200)
      expect(server.output().stdout).toContain(`settings: the environment, then ${path.resolve(dir, '.env')}`)
    } finally {
      server.child.kill('SIGTERM')
      await server.exited
    }
  })
})
