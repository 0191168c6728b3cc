// `npm run cli -- …`: onboard and manage ERP clients, their API keys and their webhook endpoints. A new key or
// signing secret is printed alone on the last line (so scripts can take it with `tail -n 1`); it is never shown again.
import path from 'node:path'
import { type CliAnswer, sendToAdminSocket } from './clients/admin-socket.ts'
import { ClientError, ClientService, DEMO_CLIENT } from './clients/service.ts'
import { type Config, loadConfig, readDotEnv } from './config.ts'
import { DatabaseInUseError } from './db/lock.ts'
import { type Database, openDatabase } from './db/open.ts'
import { PiaozoneAccounts } from './piaozone/accounts.ts'
import { RecordingRepository } from './recording/repository.ts'
import { TaxSessions } from './recording/tax-sessions.ts'
import { TaxNumbers } from './tax-numbers/service.ts'
import { WebhookEndpoints } from './webhooks/endpoints.ts'

const USAGE = `usage:
  npm run cli -- clients add <name> --tax-no <taxNo> [--tax-no …] [--business-system-code <code>]   (checks each tax number with piaozone)
  npm run cli -- clients add <name> --any-tax-no [--business-system-code <code>]   (every tax number the accounts serve)
  npm run cli -- clients list                    (each client's tax numbers, and when each key was last used)
  npm run cli -- clients revoke <name>          (revokes every key of the client)
  npm run cli -- keys add <client name>          (another key, e.g. for rotation; on the sandbox, \`keys add demo\` makes the demo client again)
  npm run cli -- keys revoke <key id>
  npm run cli -- webhooks set <client name> <url>     (https://; http:// to loopback with WEBHOOK_ALLOW_PRIVATE_TARGETS; prints the signing secret)
  npm run cli -- webhooks list
  npm run cli -- webhooks rotate <client name> [--grace-hours <h>]   (new secret; the old one also signs for h hours, default 24)
  npm run cli -- webhooks remove <client name>

Settings come from the environment, then from .env in the working directory (as for npm start). The database is
DATABASE_URL's (default: the embedded one in ./data/pglite). While a gateway runs on the embedded database, the
command is carried out by that gateway.`

export interface CliOutput {
  /** Results; a new key is the last line. */
  out: (line: string) => void
  /** Problems and remarks (which database), kept apart so `tail -n 1` of stdout is the key. */
  err: (line: string) => void
}

export const describeDatabase = (url: string) =>
  url.startsWith('pglite:') ? `embedded PGlite database ${url.slice('pglite:'.length)}` : `Postgres database ${new URL(url).host}${new URL(url).pathname}`

/** The piaozone accounts the CLI checks tax numbers with (none: the built-in sandbox, which runs inside the gateway). */
export type CliVendorConfig = Pick<Config, 'piaozoneAccounts' | 'piaozoneClient'> & { taxSessionMaxAgeMs: number; webhooks?: Pick<Config['webhooks'], 'allowPrivateTargets'> }

export async function runCli(args: string[], io: CliOutput, databaseUrl: string, vendor?: CliVendorConfig): Promise<number> {
  if (args.length === 0 || ['--help', '-h', 'help'].includes(args[0])) {
    io.out(USAGE)
    return args.length === 0 ? 2 : 0
  }
  io.err(`database: ${describeDatabase(databaseUrl)}`)
  let db: Database
  try {
    db = await openDatabase(databaseUrl)
  } catch (err) {
    if (!(err instanceof DatabaseInUseError)) throw err
    return forward(err, args, io)
  }
  try {
    // As config.ts decides: without a piaozone account (the sandbox), loopback and private targets are allowed.
    const webhooks = new WebhookEndpoints(db.prisma, vendor?.webhooks?.allowPrivateTargets ?? !vendor?.piaozoneAccounts)
    // The demo client is made again only on the embedded database (the newcomer's): on a Postgres server this shell's
    // settings say nothing of the gateways that use it, which may talk to real piaozone.
    const sandbox = !vendor?.piaozoneAccounts && databaseUrl.startsWith('pglite:')
    return await runCliOn({ clients: new ClientService(db), webhooks, taxNumbers: taxNumbersFor(db, vendor, io), sandbox }, args, io)
  } finally {
    await db.close()
  }
}

/**
 * Tax number checks from this process, with the configured piaozone accounts. Without any (the built-in sandbox
 * runs inside the gateway, not here), a string saying why nothing can be checked.
 */
function taxNumbersFor(db: Database, config: CliVendorConfig | undefined, io: CliOutput): TaxNumbers | string {
  if (!config?.piaozoneAccounts) {
    return 'not checked: no piaozone account is configured here (the built-in sandbox runs inside the gateway); check with POST /v1/tax-numbers/{taxNo}/check once the gateway runs'
  }
  const vendor = new PiaozoneAccounts(config.piaozoneAccounts.map((a) => ({ ...a, ...config.piaozoneClient })))
  const repo = new RecordingRepository(db)
  const warn = (obj: object, msg?: string) => io.err(`${msg ?? ''} ${JSON.stringify(obj)}`.trim())
  return new TaxNumbers(db.sql, repo, vendor, new TaxSessions(repo, vendor, config.taxSessionMaxAgeMs, { warn }))
}

/** The embedded database is held by a running gateway: that gateway carries the command out. */
async function forward(inUse: DatabaseInUseError, args: string[], io: CliOutput): Promise<number> {
  const answer = await sendToAdminSocket(inUse.dir, args)
  if (!answer) {
    io.err(`${inUse.message}, which does not take CLI commands. Stop that process and run the command again (two processes must never open one embedded database).`)
    return 1
  }
  io.err(`(carried out by the gateway running on it, process ${inUse.pid})`)
  for (const line of answer.err) io.err(line)
  for (const line of answer.out) io.out(line)
  return answer.code
}

/** A command run by the gateway itself, for a CLI that reached it over the admin socket. */
export async function cliInProcess(services: CliServices, args: string[]): Promise<CliAnswer> {
  const answer: CliAnswer = { code: 0, out: [], err: [] }
  answer.code = await runCliOn(services, args, { out: (l) => answer.out.push(l), err: (l) => answer.err.push(l) })
  return answer
}

export interface CliServices {
  clients: ClientService
  webhooks: WebhookEndpoints
  /** Checks a new client's tax numbers; a string: why they cannot be checked here. */
  taxNumbers: TaxNumbers | string
  /** The built-in sandbox is the vendor: `keys add demo` makes the demo client again if it is missing or revoked. */
  sandbox?: boolean
}

export async function runCliOn({ clients, webhooks, taxNumbers, sandbox }: CliServices, args: string[], io: CliOutput): Promise<number> {
  const { out } = io
  const [noun, verb, target, ...rest] = args
  const options = (flag: string) => rest.flatMap((a, i) => (a === flag && rest[i + 1] ? [rest[i + 1]] : []))
  const flags = ['--tax-no', '--business-system-code', '--grace-hours']
  const switches = ['--any-tax-no']
  const unknown = rest.filter((a, i) => a.startsWith('--') && !flags.includes(a) && !switches.includes(a) && !flags.includes(rest[i - 1]))
  try {
    if (unknown.length) throw new ClientError(`unknown option ${unknown[0]}\n${USAGE}`)
    if (noun === 'clients' && verb === 'add' && target) {
      const any = rest.includes('--any-tax-no')
      if (any && options('--tax-no').length) throw new ClientError('give either --tax-no (once per tax number) or --any-tax-no, not both')
      const { client, key } = await clients.addClient(target, any ? 'any' : options('--tax-no'), options('--business-system-code')[0])
      for (const taxNo of client.taxNos) out(await checkLine(taxNumbers, taxNo, { clientId: client.id, taxNos: client.taxNos }))
      out(`client ${client.name} added ${grant(client)}; key id ${key.id}. The key is shown once:`)
      out(key.key)
    } else if (noun === 'clients' && verb === 'list') {
      for (const c of await clients.list()) {
        const used = (at: Date | null) => (at ? `last used ${at.toISOString()}` : 'never used')
        const keys = c.apiKeys.map((k) => `${k.id} (${k.revokedAt ? 'revoked' : used(k.lastUsedAt)})`).join(', ') || 'none'
        out(`${c.name}${c.revokedAt ? ' (revoked)' : ''}\t${grant(c)}\tkeys: ${keys}`)
      }
    } else if (noun === 'clients' && verb === 'revoke' && target) {
      await clients.revokeClient(target)
      out(`client ${target} and all its keys revoked`)
    } else if (noun === 'keys' && verb === 'add' && target) {
      if (target === DEMO_CLIENT && sandbox === false) {
        const own = 'make a client of your own: npm run cli -- clients add my-erp --tax-no <taxNo> (or --any-tax-no)'
        if (!(await clients.hasActiveClient(DEMO_CLIENT))) throw new ClientError(`no active client named 'demo': the demo client is made again only on the built-in sandbox's embedded database; ${own}`)
      }
      const key = sandbox && target === DEMO_CLIENT ? await clients.addDemoKey() : { ...(await clients.addKey(target)), madeAgain: false }
      out(`key ${key.id} added to ${target}${key.madeAgain ? ' (the demo client made again: sandbox mode)' : ''}. The key is shown once:`)
      out(key.key)
    } else if (noun === 'keys' && verb === 'revoke' && target) {
      await clients.revokeKey(target)
      out(`key ${target} revoked`)
    } else if (noun === 'webhooks' && verb === 'set' && target && rest[0] && !rest[0].startsWith('--')) {
      const secret = await webhooks.set(target, rest[0])
      out(`webhook endpoint of ${target} set to ${rest[0]}. Its signing secret (Standard Webhooks) is shown once:`)
      out(secret)
    } else if (noun === 'webhooks' && verb === 'list') {
      for (const e of await webhooks.list()) out(`${e.client}\t${e.url}${e.rotating ? `\tprevious secret signs too until ${e.rotating.toISOString()}` : ''}`)
    } else if (noun === 'webhooks' && verb === 'rotate' && target) {
      const hours = Number(options('--grace-hours')[0] ?? 24)
      if (!(hours >= 0 && hours <= 720)) throw new ClientError('--grace-hours must be a number of hours from 0 to 720')
      const { secret, oldValidUntil } = await webhooks.rotate(target, hours * 3_600_000)
      out(`new signing secret for ${target}; the old one signs too until ${oldValidUntil.toISOString()}. Shown once:`)
      out(secret)
    } else if (noun === 'webhooks' && verb === 'remove' && target) {
      const abandoned = await webhooks.remove(target)
      out(`webhook endpoint of ${target} removed${abandoned ? `; ${abandoned} undelivered event(s) given up` : ''}`)
    } else {
      throw new ClientError(USAGE)
    }
    return 0
  } catch (err) {
    if (!(err instanceof ClientError)) throw err
    io.err(err.message)
    return 2
  }
}

/** What a client may act for, in words. */
const grant = (c: { taxNos: string[]; anyTaxNo: boolean }) =>
  c.anyTaxNo ? 'for any tax number' : c.taxNos.length ? `for ${c.taxNos.join(', ')}` : 'for no tax number'

/** One line saying whether a tax number is ready for 入账, and if not, why (POST /v1/tax-numbers/{taxNo}/check). */
async function checkLine(taxNumbers: CliServices['taxNumbers'], taxNo: string, caller: { clientId: string; taxNos: string[] }): Promise<string> {
  if (typeof taxNumbers === 'string') return `${taxNo}: ${taxNumbers}`
  const found = await taxNumbers.check(taxNo, caller).catch((err: Error) => ({ ready: false, account: null, problems: [{ code: 'NOT_CHECKED', message: err.message }] }))
  const account = found.account ? ` (piaozone account ${found.account})` : ''
  if (found.ready) return `${taxNo}${account}: ready for 入账`
  const problems = found.problems.map((p) => `${p.code}: ${p.message}${'vendorCode' in p && p.vendorCode ? ` [piaozone ${p.vendorCode} ${p.vendorMessage ?? ''}]` : ''}`)
  return `${taxNo}${account}: NOT ready — ${problems.join('; ')}`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) }
  // The settings npm start reads, so the CLI works on the gateway's database.
  const dotEnv = readDotEnv()
  if (dotEnv) io.err(`settings: the environment, then ${path.resolve(dotEnv)}`)
  const config = loadConfig()
  process.exitCode = await runCli(process.argv.slice(2), io, config.databaseUrl, { ...config, taxSessionMaxAgeMs: config.worker.taxSessionMaxAgeMs })
}
