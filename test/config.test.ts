import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CONFIG_DOC, ENV_EXAMPLE, renderConfigDoc, renderEnvExample } from '../scripts/config-generate.ts'
import { ConfigError, loadConfig } from '../src/config.ts'

const vendor = {
  PIAOZONE_BASE_URL: 'https://api.piaozone.example/tenant',
  PIAOZONE_APP_ID: 'app',
  PIAOZONE_APP_SECRET: 'very-secret-value',
  PIAOZONE_ACCOUNT_ID: 'acc',
  PIAOZONE_USER: 'user',
  PIAOZONE_BUSINESS_SYSTEM_CODE: 'ERP',
}

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (e) {
    if (e instanceof ConfigError) return e.problems
    throw e
  }
  return []
}

describe('loadConfig', () => {
  it('needs nothing: embedded database and the sandbox', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ port: 3000, databaseUrl: 'pglite:./data/pglite', piaozoneAccounts: undefined, batchSize: 100 })
    expect(c.piaozoneClient).toMatchObject({ connectTimeoutMs: 5000, responseTimeoutMs: 30000, tokenRefreshMarginMs: 300000, tokenErrorCodes: [] })
  })

  it('documents its defaults for vendor answers, and takes the operator\'s lists and patterns', () => {
    const c = loadConfig({})
    expect(c.worker.answers.finalCodes).toEqual(['2002'])
    expect(c.worker.answers.retryCodes).toEqual([])
    expect(c.piaozoneClient.taxLoginPattern.test('请核对用户信息或重新调用登录接口')).toBe(true)
    expect(c.piaozoneClient.taxLoginPattern.test('该组织的收票通道不支持税局入账操作')).toBe(false)
    expect(c.serialWhenMissing).toBe('omit')
    const set = loadConfig({ PIAOZONE_FINAL_CODES: '2002, 0105', PIAOZONE_RETRY_CODES: '1009', PIAOZONE_TAX_LOGIN_PATTERN: '会话超时', PIAOZONE_SERIAL_WHEN_MISSING: 'generate' })
    expect(set.worker.answers).toMatchObject({ finalCodes: ['2002', '0105'], retryCodes: ['1009'] })
    expect(set.piaozoneClient.taxLoginPattern.test('税局会话超时')).toBe(true)
    expect(set.serialWhenMissing).toBe('generate')
  })

  it('refuses a pattern that is not a regular expression, naming it', () => {
    expect(problems({ PIAOZONE_RETRY_PATTERN: '繁忙|(' })).toEqual([expect.stringMatching(/^PIAOZONE_RETRY_PATTERN=繁忙\|\(: not a regular expression/)])
  })

  it('takes the real vendor settings when PIAOZONE_BASE_URL is set', () => {
    const accounts = loadConfig(vendor).piaozoneAccounts
    expect(accounts).toEqual([expect.objectContaining({ name: 'default', baseUrl: vendor.PIAOZONE_BASE_URL, userType: 'UserName', dataCodec: 'base64' })])
    expect(accounts?.[0].taxNos, 'the one account serves every tax number').toBeUndefined()
  })

  it('names every bad variable at once, and the rule it broke', () => {
    expect(
      problems({ PORT: 'eighty', PIAOZONE_CONNECT_TIMEOUT_MS: '5', PIAOZONE_USER_TYPE: 'Email', PIAOZONE_BASE_URL: 'http://vendor.example/t', DATABASE_URL: 'mysql://x' }),
    ).toEqual([
      'PORT=eighty: must be a whole number',
      'PIAOZONE_USER_TYPE=Email: must be one of UserName, Mobile',
      'PIAOZONE_CONNECT_TIMEOUT_MS=5: must be between 100 and 60000',
      'PIAOZONE_BASE_URL must be https:// (plain http:// is allowed only for loopback addresses)',
      'PIAOZONE_APP_ID: required when PIAOZONE_BASE_URL is set',
      'PIAOZONE_APP_SECRET: required when PIAOZONE_BASE_URL is set',
      'PIAOZONE_ACCOUNT_ID: required when PIAOZONE_BASE_URL is set',
      'PIAOZONE_USER: required when PIAOZONE_BASE_URL is set',
      'PIAOZONE_BUSINESS_SYSTEM_CODE: required when PIAOZONE_BASE_URL is set',
      'DATABASE_URL: must start with postgresql://, postgres:// or pglite:',
    ])
  })

  it('needs an AES key for the aes codec, and allows plain http only to loopback', () => {
    expect(problems({ ...vendor, PIAOZONE_DATA_CODEC: 'aes' })).toEqual(['PIAOZONE_AES_KEY: required when PIAOZONE_DATA_CODEC=aes'])
    expect(problems({ ...vendor, PIAOZONE_BASE_URL: 'http://127.0.0.1:3100/sandbox' })).toEqual([])
  })

  it('never repeats a secret in its message', () => {
    const err = (() => {
      try {
        loadConfig({ ...vendor, PIAOZONE_BASE_URL: 'ftp://x' })
      } catch (e) {
        return e as Error
      }
    })()
    expect(err?.message).toContain('PIAOZONE_BASE_URL')
    expect(err?.message).not.toContain('very-secret-value')
  })
})

describe('PIAOZONE_ACCOUNTS_FILE', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ruzhang-accounts-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const north = {
    name: 'north',
    baseUrl: 'https://api.piaozone.example/north',
    appId: 'app-n',
    appSecretFile: 'north.secret',
    accountId: 'acc-n',
    user: 'u-n',
    businessSystemCode: 'ERP',
    taxNos: ['914403007451947782'],
  }
  const south = { ...north, name: 'south', appSecretFile: undefined, appSecret: 'south-secret-value', dataCodec: 'aes', aesKey: 'south-aes-value', taxNos: ['91440300591872133B'] }
  const fileWith = (doc: unknown) => {
    const file = path.join(dir, `accounts-${Math.random()}.json`)
    writeFileSync(file, JSON.stringify(doc))
    return file
  }
  writeFileSync(path.join(dir, 'north.secret'), 'north-secret-value\n')

  it('reads each account with its tax numbers, a secret from a file beside it', () => {
    const config = loadConfig({ PIAOZONE_ACCOUNTS_FILE: fileWith({ accounts: [north, south] }) })
    expect(config.piaozoneAccounts).toEqual([
      expect.objectContaining({ name: 'north', appSecret: 'north-secret-value', userType: 'UserName', dataCodec: 'base64', taxNos: ['914403007451947782'] }),
      expect.objectContaining({ name: 'south', appSecret: 'south-secret-value', dataCodec: 'aes', aesKey: 'south-aes-value', taxNos: ['91440300591872133B'] }),
    ])
  })

  it('names the account and the field of every problem, never a secret', () => {
    const found = problems({
      PIAOZONE_ACCOUNTS_FILE: fileWith({
        accounts: [
          { ...north, appSecretFile: 'missing.secret', baseUrl: 'http://vendor.example/t' },
          { ...south, taxNos: ['914403007451947782', '91440300591872133C'], aesKey: undefined, appSecert: 'typo' },
          { ...south, name: 'north', dataCodec: 'des' },
        ],
      }),
    })
    expect(found).toEqual([
      "PIAOZONE_ACCOUNTS_FILE account 'north': baseUrl must be https:// (plain http:// is allowed only for loopback addresses)",
      "PIAOZONE_ACCOUNTS_FILE account 'north': appSecretFile cannot be read (ENOENT)",
      expect.stringMatching(/^PIAOZONE_ACCOUNTS_FILE account 'south': appSecert is not a known field/),
      "PIAOZONE_ACCOUNTS_FILE account 'south': aesKey is required (or aesKeyFile, a file holding it)",
      "PIAOZONE_ACCOUNTS_FILE account 'south': taxNos 914403007451947782 is served by account 'north' too; a tax number has one account",
      expect.stringMatching(/^PIAOZONE_ACCOUNTS_FILE account 'south': taxNos "91440300591872133C": check character/),
      "PIAOZONE_ACCOUNTS_FILE account 'north': name is used by another account",
      "PIAOZONE_ACCOUNTS_FILE account 'north': dataCodec must be base64 or aes",
    ])
    expect(found.join('\n')).not.toMatch(/secret-value|aes-value/)
  })

  it('refuses a file that is not there, not JSON, or has no accounts, and the file together with PIAOZONE_BASE_URL', () => {
    expect(problems({ PIAOZONE_ACCOUNTS_FILE: path.join(dir, 'none.json') })).toEqual([`PIAOZONE_ACCOUNTS_FILE=${path.join(dir, 'none.json')}: cannot be read (ENOENT)`])
    const notJson = path.join(dir, 'bad.json')
    writeFileSync(notJson, '{ accounts: [')
    expect(problems({ PIAOZONE_ACCOUNTS_FILE: notJson })[0]).toMatch(/is not JSON/)
    expect(problems({ PIAOZONE_ACCOUNTS_FILE: fileWith({ accounts: [] }) })[0]).toMatch(/must be \{ "accounts": \[ … \] \} with at least one account/)
    expect(problems({ ...vendor, PIAOZONE_ACCOUNTS_FILE: fileWith({ accounts: [north] }) })).toContain(
      'PIAOZONE_ACCOUNTS_FILE and PIAOZONE_BASE_URL are both set: use the file for several accounts, or the PIAOZONE_* variables for one',
    )
  })
})

describe('generated configuration docs', () => {
  it('docs/CONFIGURATION.md and .env.example match src/config.ts (run npm run config:generate)', () => {
    expect(readFileSync(CONFIG_DOC, 'utf8')).toBe(renderConfigDoc())
    expect(readFileSync(ENV_EXAMPLE, 'utf8')).toBe(renderEnvExample())
  })
})
