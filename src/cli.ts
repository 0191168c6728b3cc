// `npm run cli -- …`: onboard and manage ERP clients and their API keys. A new key is printed alone on the
// last line (so scripts can take it with `tail -n 1`); it is never shown again.
import { type CliAnswer, sendToAdminSocket } from './clients/admin-socket.ts'
import { ClientError, ClientService } from './clients/service.ts'
import { loadConfig } from './config.ts'
import { DatabaseInUseError } from './db/lock.ts'
import { type Database, openDatabase } from './db/open.ts'

const USAGE = `usage:
  npm run cli -- clients add <name> [--tax-no <taxNo>]… [--business-system-code <code>]
  npm run cli -- clients list
  npm run cli -- clients revoke <name>          (revokes every key of the client)
  npm run cli -- keys add <client name>          (another key, e.g. for rotation)
  npm run cli -- keys revoke <key id>

The database is DATABASE_URL's (default: the embedded one in ./data/pglite). While a gateway runs on the embedded
database, the command is carried out by that gateway.`

export interface CliOutput {
  /** Results; a new key is the last line. */
  out: (line: string) => void
  /** Problems and remarks (which database), kept apart so `tail -n 1` of stdout is the key. */
  err: (line: string) => void
}

export const describeDatabase = (url: string) =>
  url.startsWith('pglite:') ? `embedded PGlite database ${url.slice('pglite:'.length)}` : `Postgres database ${new URL(url).host}${new URL(url).pathname}`

export async function runCli(args: string[], io: CliOutput, databaseUrl: string): Promise<number> {
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
    return await runCliOn(new ClientService(db), args, io)
  } finally {
    await db.close()
  }
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
export async function cliInProcess(clients: ClientService, args: string[]): Promise<CliAnswer> {
  const answer: CliAnswer = { code: 0, out: [], err: [] }
  answer.code = await runCliOn(clients, args, { out: (l) => answer.out.push(l), err: (l) => answer.err.push(l) })
  return answer
}

export async function runCliOn(clients: ClientService, args: string[], io: CliOutput): Promise<number> {
  const { out } = io
  const [noun, verb, target, ...rest] = args
  const options = (flag: string) => rest.flatMap((a, i) => (a === flag && rest[i + 1] ? [rest[i + 1]] : []))
  const unknown = rest.filter((a, i) => a.startsWith('--') && !['--tax-no', '--business-system-code'].includes(a) && !rest[i - 1]?.startsWith('--'))
  try {
    if (unknown.length) throw new ClientError(`unknown option ${unknown[0]}\n${USAGE}`)
    if (noun === 'clients' && verb === 'add' && target) {
      const { client, key } = await clients.addClient(target, options('--tax-no'), options('--business-system-code')[0])
      out(`client ${client.name} added${client.taxNos.length ? ` for ${client.taxNos.join(', ')}` : ' (any tax number)'}; key id ${key.id}. The key is shown once:`)
      out(key.key)
    } else if (noun === 'clients' && verb === 'list') {
      for (const c of await clients.list()) {
        const keys = c.apiKeys.map((k) => `${k.id}${k.revokedAt ? ' (revoked)' : ''}`).join(', ') || 'none'
        out(`${c.name}${c.revokedAt ? ' (revoked)' : ''}\ttax numbers: ${c.taxNos.join(', ') || 'any'}\tkeys: ${keys}`)
      }
    } else if (noun === 'clients' && verb === 'revoke' && target) {
      await clients.revokeClient(target)
      out(`client ${target} and all its keys revoked`)
    } else if (noun === 'keys' && verb === 'add' && target) {
      const key = await clients.addKey(target)
      out(`key ${key.id} added to ${target}. The key is shown once:`)
      out(key.key)
    } else if (noun === 'keys' && verb === 'revoke' && target) {
      await clients.revokeKey(target)
      out(`key ${target} revoked`)
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) }
  process.exitCode = await runCli(process.argv.slice(2), io, loadConfig().databaseUrl)
}
