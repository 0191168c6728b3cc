// `npm run sandbox` as a newcomer runs it: it serves on its own port and prints the settings that reach it.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { PiaozoneAccounts, readAccountsFile } from '../../src/piaozone/accounts.ts'
import { DEFAULT_TAX_LOGIN_PATTERN, PiaozoneClient } from '../../src/piaozone/client.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { freePort, killAtEnd } from '../helpers/child.ts'

describe('npm run sandbox', () => {
  it('serves and prints the PIAOZONE_* settings a gateway needs', async () => {
    const port = await freePort()
    const child = killAtEnd(spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/server.ts'], { env: { ...process.env, SANDBOX_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] }))
    try {
      let output = ''
      child.stdout.on('data', (d) => (output += d))
      const deadline = Date.now() + 20_000
      while (!output.includes('Controls:') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      const setting = (name: string) => new RegExp(`${name}=(\\S+)`).exec(output)?.[1] ?? ''
      expect(setting('PIAOZONE_BASE_URL')).toBe(`http://127.0.0.1:${port}/sandbox`)
      // Unlike the sandbox npm start embeds, it refuses made-up invoices: it says so, and how to have them.
      expect(output).toContain('a made-up number is refused (未在收票池中找到该发票). To accept made-up invoices, start it with SANDBOX_ACCEPT_UNKNOWN_INVOICES=true.')
      const client = new PiaozoneClient({
        baseUrl: setting('PIAOZONE_BASE_URL'),
        appId: setting('PIAOZONE_APP_ID'),
        appSecret: setting('PIAOZONE_APP_SECRET'),
        accountId: setting('PIAOZONE_ACCOUNT_ID'),
        tenantId: setting('PIAOZONE_TENANT_ID'),
        user: setting('PIAOZONE_USER'),
        userType: 'UserName',
        businessSystemCode: setting('PIAOZONE_BUSINESS_SYSTEM_CODE'),
        dataCodec: setting('PIAOZONE_DATA_CODEC') as 'base64',
        connectTimeoutMs: 2000,
        responseTimeoutMs: 5000,
        tokenRefreshMarginMs: 60_000,
        tokenErrorCodes: [],
        taxLoginErrorCodes: [],
        taxLoginPattern: new RegExp(DEFAULT_TAX_LOGIN_PATTERN),
      })
      expect(await client.taxLogin(SANDBOX_TAX_NOS.guide)).toMatchObject({ needAuth: false, companyName: '深圳市示例科技有限公司' })
      const log = await (await fetch(`http://127.0.0.1:${port}/__sandbox/requests`)).json()
      expect((log as { interfaceCode?: string }[]).map((r) => r.interfaceCode).filter(Boolean)).toEqual(['taxLogin'])
    } finally {
      child.kill('SIGTERM')
    }
  })

  it('runs as several accounts, each with its own credentials, and writes the PIAOZONE_ACCOUNTS_FILE for them', async () => {
    const port = await freePort()
    const dir = mkdtempSync(path.join(tmpdir(), 'ruzhang-sandbox-accounts-'))
    const file = path.join(dir, 'accounts.json')
    const child = killAtEnd(spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/server.ts'], {
      env: { ...process.env, SANDBOX_PORT: String(port), SANDBOX_ACCOUNTS: '2', SANDBOX_ACCOUNTS_FILE: file },
      stdio: ['ignore', 'pipe', 'pipe'],
    }))
    try {
      let output = ''
      child.stdout.on('data', (d) => (output += d))
      const deadline = Date.now() + 20_000
      while (!output.includes('Controls:') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      expect(output).toContain(`PIAOZONE_ACCOUNTS_FILE=${file}`)
      const { accounts, problems } = readAccountsFile(file)
      expect(problems).toEqual([])
      expect(accounts.map((a) => [a.name, a.appId, new URL(a.baseUrl).port])).toEqual([
        ['account1', 'account1-app', String(port)],
        ['account2', 'account2-app', String(port + 1)],
      ])
      const vendor = new PiaozoneAccounts(
        accounts.map((a) => ({ ...a, connectTimeoutMs: 2000, responseTimeoutMs: 5000, tokenRefreshMarginMs: 60_000, tokenErrorCodes: [], taxLoginErrorCodes: [], taxLoginPattern: new RegExp(DEFAULT_TAX_LOGIN_PATTERN) })),
      )
      for (const a of accounts) await vendor.taxLogin((a.taxNos as string[])[0])
      for (const [i, a] of accounts.entries()) {
        const log = (await (await fetch(`http://127.0.0.1:${port + i}/__sandbox/requests`)).json()) as { interfaceCode?: string; data?: { taxNo?: string } }[]
        expect(log.filter((r) => r.interfaceCode).map((r) => r.data?.taxNo)).toEqual([(a.taxNos as string[])[0]])
      }
    } finally {
      child.kill('SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
