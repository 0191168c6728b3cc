// The first real connection tells the operator at once (issue 21.9): each piaozone account's app token and login
// are tried at start, in the background; a refusal is logged with the vendor's words and the fix, shown on /ready
// (still 200) and counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PiaozoneAccounts } from '../../src/piaozone/accounts.ts'
import { SANDBOX_TAX_NOS } from '../../src/sandbox/seed.ts'
import { clientConfigFor, type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'
import { databaseForChild, freePort, startServer } from '../helpers/child.ts'

let sandbox: RunningSandbox
let db: Awaited<ReturnType<typeof databaseForChild>>
beforeAll(async () => {
  sandbox = await startSandbox()
  db = await databaseForChild('piaozone-check')
})
afterAll(async () => {
  await sandbox.close()
  await db.cleanup()
})

const ready = async (base: string) => (await fetch(`${base}/ready`)).json() as Promise<{ status: string; checks: Record<string, { ok: boolean; detail: string }> }>

describe('the piaozone credential check at start', () => {
  it('logs a refused app secret at error with the fix, shows it on /ready without failing it, and counts it', { timeout: 60_000 }, async () => {
    const metricsPort = await freePort()
    const server = await startServer(sandbox, db.databaseUrl, { PIAOZONE_APP_SECRET: 'a-wrong-secret', LOG_LEVEL: 'info', METRICS_PORT: String(metricsPort) })
    try {
      const refusal = "piaozone account default: getAppToken.do refused the credentials: 2 第三方应用不存在或appSecret错误; wrong appId/appSecret? regenerate them in 发票云 under 开放服务云 → OpenApi → 第三方应用"
      const logged = () => server.output().split('\n').filter((l) => l.includes(refusal))
      await expect.poll(() => logged().length, { timeout: 10_000 }).toBe(1)
      expect(JSON.parse(logged()[0])).toMatchObject({ level: 50, account: 'default', vendorCode: '2', vendorMessage: '第三方应用不存在或appSecret错误' })

      const res = await fetch(`${server.base}/ready`)
      expect(res.status).toBe(200)
      const body = await ready(server.base)
      expect(body.status).toBe('ready')
      expect(body.checks.piaozone).toEqual({ ok: false, detail: refusal.replace('piaozone account default: ', 'default: ') })

      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()
      expect(metrics).toContain('piaozone_credential_checks_total{account="default",result="refused"} 1')

      // The API still takes work (it waits for the credentials), and the secret is in no log line.
      const submitted = await fetch(`${server.base}/v1/recording-tasks`, {
        method: 'POST',
        headers: { authorization: db.authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ taxNo: SANDBOX_TAX_NOS.guide, nextEntryMarkStatus: '02', invoices: [{ invoiceNo: '25442000000123450001', recordedTime: '20251126', recordedPeriod: '202511' }] }),
      })
      expect(submitted.status).toBe(202)
      expect(server.output()).not.toContain('a-wrong-secret')
    } finally {
      server.child.kill('SIGTERM')
      await server.exited
    }
  })

  it('holds neither the listener nor readiness while piaozone is slow to answer', { timeout: 60_000 }, async () => {
    sandbox.state.faults.push({ on: 'getAppToken', times: 1, fault: { kind: 'latency', ms: 3000 } })
    const server = await startServer(sandbox, db.databaseUrl)
    try {
      const res = await fetch(`${server.base}/ready`)
      expect(res.status).toBe(200)
      expect((await ready(server.base)).checks.piaozone).toEqual({ ok: true, detail: "checking each piaozone account's app token and login" })
      await expect.poll(async () => (await ready(server.base)).checks.piaozone, { timeout: 10_000 }).toEqual({ ok: true, detail: 'default: app token and login accepted' })
    } finally {
      server.child.kill('SIGTERM')
      await server.exited
      sandbox.state.faults = []
    }
  })

  it('names the fix by what piaozone says: the data centre for a wrong accountId, the user at login', async () => {
    const c = clientConfigFor(sandbox)
    const vendor = new PiaozoneAccounts([
      { ...c, name: 'north', accountId: 'not-a-data-centre' },
      { ...c, name: 'south', user: 'nobody' },
      { ...c, name: 'west' },
    ])
    expect(await vendor.checkCredentials()).toEqual([
      {
        account: 'north',
        result: 'refused',
        detail: "getAppToken.do refused the credentials: 1 数据中心不存在，请检查accountId; wrong accountId? use the data centre's id (数据中心 id)",
        vendorCode: '1',
        vendorMessage: '数据中心不存在，请检查accountId',
      },
      {
        account: 'south',
        result: 'refused',
        detail: 'login.do refused the credentials: 5 用户不存在; wrong user? it must be a user of that data centre, of the user type given (UserName or Mobile)',
        vendorCode: '5',
        vendorMessage: '用户不存在',
      },
      { account: 'west', result: 'accepted', detail: 'app token and login accepted' },
    ])
  })
})
