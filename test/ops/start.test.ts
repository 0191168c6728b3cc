// How a start that cannot go on looks to a newcomer: one line saying what to do, no stack trace; and what a
// good start says about where it sends invoices.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'
import { databaseForChild, freePort, killAtEnd, startServer } from '../helpers/child.ts'

let sandbox: RunningSandbox
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(() => sandbox.close())

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = killAtEnd(spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { ...process.env, METRICS_PORT: '0', LOG_LEVEL: 'fatal', ...env }, stdio: ['ignore', 'ignore', 'pipe'] }))
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })))
}

describe('a start that cannot go on', () => {
  it('says in one line that the port is taken', async () => {
    const port = await freePort()
    const taken = net.createServer()
    await new Promise<void>((r) => taken.listen(port, '127.0.0.1', r))
    try {
      const { code, stderr } = await start({ PORT: String(port), DATABASE_URL: 'pglite:memory' })
      expect(code).toBe(1)
      expect(stderr.trim()).toBe(`cannot start: port ${port} on 127.0.0.1 is in use; stop what runs there, or set PORT`)
    } finally {
      taken.close()
    }
  })

  it('says in one line that the database cannot be opened, without the password', async () => {
    const { code, stderr } = await start({ DATABASE_URL: 'postgresql://postgres:s3cret-pw@127.0.0.1:5432/ruzhang_no_such_database' })
    expect(code).toBe(1)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/^cannot start: the database at Postgres database 127\.0\.0\.1:5432\/ruzhang_no_such_database could not be opened \(.+\); check DATABASE_URL/)
    expect(stderr).not.toContain('s3cret-pw')
  })
})

describe('a bad PIAOZONE_ACCOUNTS_FILE', () => {
  it('stops the start, naming the account and the field, never a secret', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ruzhang-accounts-'))
    try {
      const file = path.join(dir, 'accounts.json')
      const account = { baseUrl: 'https://api.piaozone.example/t', appId: 'a', appSecret: 's3cret-app', accountId: 'dc', user: 'u', businessSystemCode: 'ERP' }
      writeFileSync(file, JSON.stringify({ accounts: [{ ...account, name: 'north', taxNos: ['914403007451947782'] }, { ...account, name: 'south', dataCodec: 'aes', taxNos: ['914403007451947782'] }] }))
      const { code, stderr } = await start({ DATABASE_URL: 'pglite:memory', PIAOZONE_ACCOUNTS_FILE: file })
      expect(code).toBe(1)
      expect(stderr).toContain("PIAOZONE_ACCOUNTS_FILE account 'south': aesKey is required (or aesKeyFile, a file holding it)")
      expect(stderr).toContain("PIAOZONE_ACCOUNTS_FILE account 'south': taxNos 914403007451947782 is served by account 'north' too; a tax number has one account")
      expect(stderr).not.toContain('s3cret-app')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('a database that cannot be reached at start', () => {
  it('is tried again for DATABASE_CONNECT_TIMEOUT_MS, each try logged without the password, then the start fails', async () => {
    const port = await freePort() // nothing listens there
    const child = killAtEnd(spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, METRICS_PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: `postgresql://postgres:s3cret-pw@127.0.0.1:${port}/gateway`, DATABASE_CONNECT_TIMEOUT_MS: '2500' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }))
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const code = await new Promise((resolve) => child.once('exit', resolve))
    expect(code).toBe(1)
    expect(output.match(/cannot be reached \(ECONNREFUSED/g)?.length).toBeGreaterThanOrEqual(2)
    expect(output).toContain(`the database at Postgres database 127.0.0.1:${port}/gateway cannot be reached`)
    expect(output).toContain('cannot start: the database at')
    expect(output).not.toContain('s3cret-pw')
  })
})

describe('a good start against a vendor', () => {
  // A server process on a database of its own: its start alone takes 15–20 s on a loaded machine.
  it('names the piaozone host it sends to, never its credentials', { timeout: 60_000 }, async () => {
    const { databaseUrl, cleanup } = await databaseForChild('start')
    try {
      const server = await startServer(sandbox, databaseUrl, { LOG_LEVEL: 'info' })
      server.child.kill('SIGTERM')
      await server.exited
      expect(server.output()).toContain(`piaozone account default: ${new URL(sandbox.baseUrl).origin} (data codec base64) for every tax number`)
      expect(server.output()).not.toContain(sandbox.state.credentials.appSecret)
    } finally {
      await cleanup()
    }
  })
})
