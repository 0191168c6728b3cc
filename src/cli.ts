// `npm run cli -- …`: onboard and manage ERP clients and their API keys. A new key is printed alone on the
// last line (so scripts can take it with `tail -n 1`); it is never shown again.
import { loadConfig } from './config.ts'
import { ClientError, ClientService } from './clients/service.ts'
import { openDatabase } from './db/open.ts'

const USAGE = `usage:
  npm run cli -- clients add <name> [--tax-no <taxNo>]… [--business-system-code <code>]
  npm run cli -- clients list
  npm run cli -- clients revoke <name>          (revokes every key of the client)
  npm run cli -- keys add <client name>          (another key, e.g. for rotation)
  npm run cli -- keys revoke <key id>`

export async function runCli(args: string[], out: (line: string) => void, databaseUrl: string): Promise<number> {
  const db = await openDatabase(databaseUrl)
  try {
    return await runCliOn(new ClientService(db.prisma), args, out)
  } finally {
    await db.close()
  }
}

export async function runCliOn(clients: ClientService, args: string[], out: (line: string) => void): Promise<number> {
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
    console.error(err.message)
    return 2
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(process.argv.slice(2), (line) => console.log(line), loadConfig().databaseUrl)
}
