// The operator's tool, run as an operator would, against a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseApiKey } from '../../src/clients/keys.ts'
import { runCli, runCliOn } from '../../src/cli.ts'
import { WebhookEndpoints } from '../../src/webhooks/endpoints.ts'
import { ClientService } from '../../src/clients/service.ts'
import { openTestDatabase } from '../helpers/db.ts'
import { poll } from '../helpers/poll.ts'

let db: Awaited<ReturnType<typeof openTestDatabase>>
let url: string

beforeAll(async () => {
  db = await openTestDatabase()
  url = db.url
})
afterAll(() => db.close())

// PGlite in memory cannot be opened by a second handle, so the CLI runs against the test's own database there.
async function cli(...args: string[]): Promise<{ code: number; lines: string[]; errors: string[] }> {
  const lines: string[] = []
  const errors: string[] = []
  const io = { out: (l: string) => lines.push(l), err: (l: string) => errors.push(l) }
  const code = url === 'pglite:memory' ? await runCliOn({ clients: new ClientService(db), webhooks: new WebhookEndpoints(db.prisma), taxNumbers: { en: 'not checked here', zh: '此处不核验' } }, args, io) : await runCli(args, io, url)
  return { code, lines, errors }
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
    const first = (await cli('clients', 'add', 'yonyou', '--any-tax-no')).lines.at(-1) as string
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
    const key = (await cli('clients', 'add', 'kingdee', '--any-tax-no')).lines.at(-1) as string
    expect((await cli('clients', 'revoke', 'kingdee')).code).toBe(0)
    expect(await new ClientService(db).authenticate(key)).toBeUndefined()
    expect((await cli('keys', 'add', 'kingdee')).code).toBe(2)
  })

  it('denies tax numbers by default: a client gets --tax-no or an explicit --any-tax-no, and the list says which, and when each key was last used', async () => {
    const refused = await cli('clients', 'add', 'no-grant')
    expect(refused.code).toBe(2)
    expect(refused.errors.join('\n')).toMatch(/--tax-no <taxNo>.*or --any-tax-no/)
    expect((await cli('clients', 'add', 'both', '--any-tax-no', '--tax-no', '914403007451947782')).code).toBe(2)
    expect(await db.prisma.client.count({ where: { name: { in: ['no-grant', 'both'] } } })).toBe(0)

    const added = await cli('clients', 'add', 'group-erp', '--any-tax-no')
    expect(added.lines.at(-2)).toContain('group-erp added for any tax number')
    const key = added.lines.at(-1) as string
    expect(await new ClientService(db).authenticate(key)).toMatchObject({ anyTaxNo: true, taxNos: [] })
    // The first use is recorded (off the request's path, so it is looked for a moment).
    const listed = await poll(async () => (await cli('clients', 'list')).lines.find((l) => l.startsWith('group-erp')), (l) => l?.includes('last used') === true, { timeoutMs: 3000, intervalMs: 20, what: 'the first use listed' })
    expect(listed).toMatch(/^group-erp\tfor any tax number\tkeys: [a-z0-9]{12} \(last used \d{4}-\d\d-\d\dT/)
    expect((await cli('clients', 'list')).lines.find((l) => l.startsWith('sap-prod'))).toMatch(/\tfor 914403007451947782, 91440300591872133B\tkeys: [a-z0-9]{12} \(last used /)
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
