// The sandbox's demo client survives trying things (issue 21.5): missing or revoked, `npm run cli -- keys add demo`
// makes it again on the sandbox's embedded database, and only there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientConfigFor, type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'
import { databaseForChild, runCliProcess, type ServerProcess, startServer } from '../helpers/child.ts'

let sandbox: RunningSandbox
let db: Awaited<ReturnType<typeof databaseForChild>>
beforeAll(async () => {
  sandbox = await startSandbox()
  db = await databaseForChild('demo-remade')
})
afterAll(async () => {
  await sandbox.close()
  await db.cleanup()
})

// The CLI as an operator runs it: with the gateway's settings (no PIAOZONE_BASE_URL: the built-in sandbox).
async function cli(args: string[], vendor: Record<string, string> = {}) {
  const { code, stdout, stderr } = await runCliProcess(args, { DATABASE_URL: db.databaseUrl, ...vendor })
  return { code, lines: stdout.trim().split('\n'), stderr }
}

const status = (server: ServerProcess, key: string) => fetch(`${server.base}/v1/tax-numbers`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status)

describe('keys add demo', () => {
  it('makes the demo client again on the sandbox when it is missing or revoked, and nowhere else', { timeout: 120_000 }, async () => {
    if (!db.databaseUrl.startsWith('pglite:')) {
      // On a Postgres server the shell's settings say nothing of the gateways using it (they may talk to real
      // piaozone), so the CLI does not make an all-tax-number demo client there, and says what to do instead.
      const refused = await cli(['keys', 'add', 'demo'])
      expect(refused.code).toBe(2)
      expect(refused.stderr).toContain("no active client named 'demo': the demo client is made again only on the built-in sandbox's embedded database")
      expect(refused.stderr).toContain('clients add my-erp')
      return
    }
    // The database had a client before the first sandbox start, so no demo client was made.
    const onSandbox = await startServer(sandbox, db.databaseUrl, { PIAOZONE_BASE_URL: '' })
    let second: string
    try {
      const made = await cli(['keys', 'add', 'demo'])
      expect(made.code, made.stderr).toBe(0)
      expect(made.lines.at(-2)).toContain('added to demo (the demo client made again: sandbox mode)')
      const first = made.lines.at(-1) as string
      expect(first).toMatch(/^rzk_/)
      expect(await status(onSandbox, first)).toBe(200)

      expect((await cli(['clients', 'revoke', 'demo'])).code).toBe(0)
      const again = await cli(['keys', 'add', 'demo'])
      expect(again.code, again.stderr).toBe(0)
      expect(again.lines.at(-2)).toContain('the demo client made again')
      second = again.lines.at(-1) as string
      expect(await status(onSandbox, second)).toBe(200)
      await expect.poll(() => status(onSandbox, first), { timeout: 3000 }).toBe(401) // its revoked keys stay revoked
    } finally {
      onSandbox.child.kill('SIGTERM')
      await onSandbox.exited
    }

    // Against real piaozone the start revokes it, and the CLI will not bring it back.
    const c = clientConfigFor(sandbox)
    const vendor = { PIAOZONE_BASE_URL: c.baseUrl, PIAOZONE_APP_ID: c.appId, PIAOZONE_APP_SECRET: c.appSecret, PIAOZONE_ACCOUNT_ID: c.accountId, PIAOZONE_USER: c.user, PIAOZONE_BUSINESS_SYSTEM_CODE: c.businessSystemCode }
    const real = await startServer(sandbox, db.databaseUrl, { LOG_LEVEL: 'warn' })
    try {
      expect(await status(real, second)).toBe(401)
      const refused = await cli(['keys', 'add', 'demo'], vendor)
      expect(refused.code).toBe(2)
      expect(refused.stderr).toContain("no active client named 'demo'")
      expect(await status(real, second)).toBe(401)
    } finally {
      real.child.kill('SIGTERM')
      await real.exited
    }
  })
})
