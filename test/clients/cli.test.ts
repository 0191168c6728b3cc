// The operator's tool, run as an operator would, against a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseApiKey } from '../../src/clients/keys.ts'
import { runCli, runCliOn } from '../../src/cli.ts'
import { WebhookEndpoints } from '../../src/webhooks/endpoints.ts'
import { ClientService } from '../../src/clients/service.ts'
import { openTestDatabase } from '../helpers/db.ts'

let db: Awaited<ReturnType<typeof openTestDatabase>>
let url: string

beforeAll(async () => {
  db = await openTestDatabase()
  url = db.url
})
afterAll(() => db.close())

// PGlite in memory cannot be opened by a second handle, so the CLI runs against the test's own database there.
async function cli(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = []
  const io = { out: (l: string) => lines.push(l), err: () => {} }
  const code = url === 'pglite:memory' ? await runCliOn({ clients: new ClientService(db), webhooks: new WebhookEndpoints(db.prisma), taxNumbers: 'not checked here' }, args, io) : await runCli(args, io, url)
  return { code, lines }
}

describe('npm run cli', () => {
  it('adds a client and prints its key alone on the last line, storing only a hash', async () => {
    const { code, lines } = await cli('clients', 'add', 'sap-prod', '--tax-no', '914403007451947782', '--tax-no', '91440300591872133B')
    expect(code).toBe(0)
    const key = lines.at(-1) as string
    expect(key).toMatch(/^rzk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/)
    expect(lines.at(-2)).toContain('for 914403007451947782, 91440300591872133B')
    // Each tax number gets a line saying whether it is ready; here no piaozone account can check it.
    expect(lines.slice(0, 2)).toEqual([expect.stringMatching(/^914403007451947782: not checked/), expect.stringMatching(/^91440300591872133B: not checked/)])
    const stored = await db.prisma.apiKey.findMany()
    expect(JSON.stringify(stored)).not.toContain((parseApiKey(key) as { secret: string }).secret)
    expect(await new ClientService(db).authenticate(key)).toMatchObject({ name: 'sap-prod', taxNos: ['914403007451947782', '91440300591872133B'] })
  })

  it('rotates: a second key, then the first revoked, without downtime', async () => {
    const first = (await cli('clients', 'add', 'yonyou')).lines.at(-1) as string
    const second = (await cli('keys', 'add', 'yonyou')).lines.at(-1) as string
    const clients = new ClientService(db)
    expect(await clients.authenticate(first)).toBeDefined()
    expect(await clients.authenticate(second)).toBeDefined()
    expect((await cli('keys', 'revoke', first.split('_')[1])).code).toBe(0)
    expect(await clients.authenticate(first)).toBeUndefined()
    expect(await clients.authenticate(second)).toMatchObject({ name: 'yonyou' })
    const listed = (await cli('clients', 'list')).lines.find((l) => l.startsWith('yonyou'))
    expect(listed).toContain(`${first.split('_')[1]} (revoked)`)
  })

  it('revokes a client with all its keys', async () => {
    const key = (await cli('clients', 'add', 'kingdee')).lines.at(-1) as string
    expect((await cli('clients', 'revoke', 'kingdee')).code).toBe(0)
    expect(await new ClientService(db).authenticate(key)).toBeUndefined()
    expect((await cli('keys', 'add', 'kingdee')).code).toBe(2)
  })

  it('refuses bad input with a clear message and exit code 2', async () => {
    expect((await cli('clients', 'add', 'bad name')).code).toBe(2)
    expect((await cli('clients', 'add', 'x', '--tax-no', '914403007451947783')).code).toBe(2)
    expect((await cli('clients', 'add', 'sap-prod')).code).toBe(2)
    expect((await cli('keys', 'revoke', 'nope')).code).toBe(2)
    expect((await cli('frobnicate')).code).toBe(2)
    expect(await db.prisma.client.count({ where: { name: { in: ['bad name', 'x'] } } })).toBe(0)
  })
})
