// Tax numbers as first-class, over HTTP against the sandbox: the list, the readiness check with its problems in
// plain words and the vendor's codes, resuming waiting tasks, the session_lost event, and the CLI's check.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, runCliOn } from '../../src/cli.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { clientConfigFor } from '../../src/sandbox/start.ts'
import { freshInvoices, type Gateway, startGateway, waitForStatus } from '../helpers/gateway.ts'
import { startReceiver, verifyStandardWebhook } from '../helpers/receiver.ts'
import { poll } from '../helpers/poll.ts'

const { guide, interactiveLogin, channelUnsupported } = SANDBOX_TAX_NOS
let gw: Gateway
const logLines: string[] = []

beforeAll(async () => {
  // The worker does not check a waiting task's login again by itself here: only the check under test resumes it.
  gw = await startGateway({ worker: { taxLoginRetryMs: 600_000 }, logger: { level: 'warn', stream: { write: (line: string) => logLines.push(line) } } })
})
afterAll(() => gw.close())

const check = async (taxNo: string) => {
  const res = await gw.inject({ method: 'POST', url: `/v1/tax-numbers/${taxNo}/check` })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}
const list = async () => (await gw.inject({ method: 'GET', url: '/v1/tax-numbers' })).json().items as any[]
const submit = async (taxNo: string) => {
  const res = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo, nextEntryMarkStatus: '02', invoices: freshInvoices(gw.sandbox, taxNo, 1) } })
  expect(res.statusCode, res.body).toBe(202)
  return res.json().id as string
}

describe('tax numbers', () => {
  it('shows interactive with the login page, ok once a person has logged in, and the waiting task resumes', async () => {
    expect(await list()).toEqual([])
    const id = await submit(interactiveLogin)
    await waitForStatus(gw, id, ['waiting_tax_login'])
    expect(await list()).toEqual([
      { taxNo: interactiveLogin, account: 'default', session: expect.objectContaining({ state: 'interactive', loginWebUrl: expect.stringContaining('/etax-login') }), unfinishedTasks: 1, waitingTasks: 1 },
    ])

    const before = await check(interactiveLogin)
    expect(before).toMatchObject({ taxNo: interactiveLogin, account: 'default', ready: false, resumedTasks: 0, session: { state: 'interactive' } })
    expect(before.problems).toEqual([{ code: 'TAX_LOGIN_REQUIRED', message: expect.stringContaining(before.session.loginWebUrl) }])
    expect(before.etaxAccounts).toMatchObject({ checked: true, accounts: [{ defaultFlag: '1', etaxAccountType: '3' }] })

    // The person finishes the login on the page piaozone named.
    expect((await fetch(before.session.loginWebUrl)).status).toBe(200)
    const after = await check(interactiveLogin)
    expect(after).toMatchObject({ ready: true, problems: [], session: { state: 'ok', loginWebUrl: null }, resumedTasks: 1 })
    await waitForStatus(gw, id, ['completed'])
    expect(await list()).toEqual([expect.objectContaining({ taxNo: interactiveLogin, session: expect.objectContaining({ state: 'ok' }), unfinishedTasks: 0, waitingTasks: 0 })])
  })

  it('names what is wrong with the e-tax accounts, and skips that check where piaozone does not offer it', async () => {
    const cannotReceive = await check(channelUnsupported)
    expect(cannotReceive.ready).toBe(false)
    expect(cannotReceive.problems).toEqual([{ code: 'ETAX_ACCOUNT_CANNOT_RECEIVE', message: expect.stringContaining('税局权限 1 (开票 only); 入账 needs 收票 rights') }])

    const profile = gw.sandbox.state.profile(guide)
    const seeded = profile.etaxAccounts
    try {
      profile.etaxAccounts = []
      expect((await check(guide)).problems.map((p: { code: string }) => p.code)).toEqual(['NO_ETAX_ACCOUNT'])
      profile.etaxAccounts = seeded.map((a) => ({ ...a, defaultFlag: '0' }))
      expect((await check(guide)).problems.map((p: { code: string }) => p.code)).toEqual(['NO_DEFAULT_ETAX_ACCOUNT'])
      profile.etaxAccounts = seeded

      gw.sandbox.state.modes.accountCheck = 'encoded' // data Base64 like the deduction interfaces, not a plain list
      expect(await check(guide)).toMatchObject({ ready: true, etaxAccounts: { checked: true, accounts: seeded } })
      gw.sandbox.state.modes.accountCheck = 'unsupported'
      const skipped = await check(guide)
      expect(skipped).toMatchObject({ ready: true, problems: [], etaxAccounts: { checked: false, accounts: [] } })
      expect(skipped.etaxAccounts.note).toContain('接口编码ALLE.ACCOUNT.CHECK不存在')
    } finally {
      profile.etaxAccounts = seeded
      gw.sandbox.state.modes.accountCheck = 'list'
    }
  })

  it('passes the vendor\'s refusal through, and refuses a bad or foreign tax number', async () => {
    gw.sandbox.state.faults.push({ on: 'taxLogin', times: 1, fault: { kind: 'business_error', errorCode: '9001', message: '税号未开通发票云服务' } })
    const refused = await check(guide)
    expect(refused.ready).toBe(false)
    expect(refused.problems).toEqual([{ code: 'VENDOR_REFUSED', message: expect.stringContaining('taxLogin'), vendorCode: '9001', vendorMessage: '税号未开通发票云服务' }])

    const bad = await gw.inject({ method: 'POST', url: '/v1/tax-numbers/914403007451947783/check' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details[0]).toMatchObject({ field: 'taxNo', rule: expect.stringContaining('check character') })
    const { key } = (await gw.app.clients.addClient('limited', [guide])).key
    const foreign = await gw.app.inject({ method: 'POST', url: `/v1/tax-numbers/${interactiveLogin}/check`, headers: { authorization: `Bearer ${key}` } })
    expect(foreign.statusCode).toBe(403)
    // A client with a restriction list sees exactly those tax numbers.
    const mine = await gw.app.inject({ method: 'GET', url: '/v1/tax-numbers', headers: { authorization: `Bearer ${key}` } })
    expect(mine.json().items.map((i: { taxNo: string }) => i.taxNo)).toEqual([guide])
    // One tax number by name, even one never used; not one the client may not use.
    const one = await gw.inject({ method: 'GET', url: `/v1/tax-numbers?taxNo=${channelUnsupported}` })
    expect(one.json().items).toEqual([expect.objectContaining({ taxNo: channelUnsupported, unfinishedTasks: 0 })])
    expect((await gw.app.inject({ method: 'GET', url: `/v1/tax-numbers?taxNo=${interactiveLogin}`, headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(403)
  })

  it('tells the ERP, the log and the metrics when a session that was fine drops, and a check puts the task back to work', async () => {
    const receiver = await startReceiver()
    try {
      const { key } = (await gw.app.clients.addClient('erp-sessions', [guide])).key
      const set = await runCliOn({ clients: gw.app.clients, webhooks: gw.app.webhooks, taxNumbers: gw.app.taxNumbers }, ['webhooks', 'set', 'erp-sessions', receiver.url], { out: () => {}, err: () => {} })
      expect(set).toBe(0)
      const secret = (await gw.db.prisma.webhookEndpoint.findFirstOrThrow({ where: { url: receiver.url } })).secret
      expect((await check(guide)).session.state).toBe('ok')

      gw.sandbox.state.profile(guide).sessionExpired = true // the next 4.16 is refused: 0301 税局登录已失效
      const erp = (opts: Parameters<Gateway['inject']>[0]) => gw.app.inject({ ...opts, headers: { authorization: `Bearer ${key}`, ...opts.headers } })
      const res = await erp({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: guide, nextEntryMarkStatus: '02', invoices: freshInvoices(gw.sandbox, guide, 1) } })
      await waitForStatus({ inject: erp }, res.json().id, ['waiting_tax_login'])
      expect((await erp({ method: 'GET', url: '/v1/tax-numbers' })).json().items).toEqual([
        expect.objectContaining({ taxNo: guide, session: expect.objectContaining({ state: 'needs_login', vendorCode: '0301' }), waitingTasks: 1 }),
      ])

      const lost = await poll(() => receiver.received.filter((r) => JSON.parse(r.body).type === 'tax_number.session_lost'), (l) => l.length > 0, { timeoutMs: 5000, intervalMs: 20, what: 'the session_lost event' })
      expect(lost).toHaveLength(1)
      expect(verifyStandardWebhook(secret, lost[0].headers, lost[0].body)).toBe(true)
      expect(JSON.parse(lost[0].body).data).toMatchObject({ taxNo: guide, account: 'default', state: 'needs_login', vendorCode: '0301', vendorMessage: '税局登录已失效，请重新登录', href: '/v1/tax-numbers' })
      expect(logLines.some((l) => JSON.parse(l).msg.startsWith('tax-bureau session lost') && JSON.parse(l).taxNo === guide && JSON.parse(l).level === 40)).toBe(true)
      expect(await gw.app.metrics.registry.metrics()).toMatch(/gateway_tax_numbers\{state="needs_login"\} 1/)

      // taxLogin restores the session (the sandbox's does), and the waiting task goes on.
      expect(await check(guide)).toMatchObject({ ready: true, session: { state: 'ok' }, resumedTasks: 1 })
      await waitForStatus({ inject: erp }, res.json().id, ['completed'])
    } finally {
      await receiver.close()
    }
  })
})

describe('npm run cli -- clients add --tax-no', () => {
  it('checks each tax number and says what it found, the key still on the last line', async () => {
    const out: string[] = []
    const code = await runCliOn({ clients: gw.app.clients, webhooks: gw.app.webhooks, taxNumbers: gw.app.taxNumbers }, ['clients', 'add', 'erp-checked', '--tax-no', guide, '--tax-no', channelUnsupported], {
      out: (l) => out.push(l),
      err: () => {},
    })
    expect(code).toBe(0)
    expect(out[0]).toBe(`${guide} (piaozone account default): ready for 入账`)
    expect(out[1]).toMatch(new RegExp(`^${channelUnsupported} \\(piaozone account default\\): NOT ready — ETAX_ACCOUNT_CANNOT_RECEIVE: `))
    expect(out.at(-1)).toMatch(/^rzk_/)
  })

  it('checks from its own process with the configured accounts', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ruzhang-cli-check-'))
    try {
      const out: string[] = []
      const vendor = clientConfigFor(gw.sandbox)
      const code = await runCli(['clients', 'add', 'erp-own', '--tax-no', guide], { out: (l) => out.push(l), err: () => {} }, `pglite:${dir}`, {
        piaozoneAccounts: [{ ...vendor, name: 'north', taxNos: [guide] }],
        piaozoneClient: vendor,
        taxSessionMaxAgeMs: 3_600_000,
      })
      expect(code).toBe(0)
      expect(out[0]).toBe(`${guide} (piaozone account north): ready for 入账`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
