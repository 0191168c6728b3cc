// `npm run cli -- …`: onboard and manage ERP clients, their API keys and their webhook endpoints. A new key or
// signing secret is printed alone on the last line (so scripts can take it with `tail -n 1`); it is never shown again.
import path from 'node:path'
import { type CliAnswer, sendToAdminSocket } from './clients/admin-socket.ts'
import { ClientError, ClientService, DEMO_CLIENT } from './clients/service.ts'
import { cliLang, fromEnglish, type Lang, say, type Text, t } from './i18n/index.ts'
import { type Config, loadConfig, readDotEnv } from './config.ts'
import { DatabaseInUseError } from './db/lock.ts'
import { type Database, openDatabase } from './db/open.ts'
import { PiaozoneAccounts } from './piaozone/accounts.ts'
import { RecordingRepository } from './recording/repository.ts'
import { TaxSessions } from './tax-numbers/sessions.ts'
import { TaxNumbers } from './tax-numbers/service.ts'
import { WebhookEndpoints } from './webhooks/endpoints.ts'

const USAGE_EN = `usage:
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
command is carried out by that gateway. Messages are in Chinese with --lang zh (or LC_ALL/LANG zh_CN.UTF-8), else English.`

const USAGE_ZH = `用法：
  npm run cli -- clients add <名称> --tax-no <税号> [--tax-no …] [--business-system-code <代码>]   （逐个向 piaozone 核验税号）
  npm run cli -- clients add <名称> --any-tax-no [--business-system-code <代码>]   （可代理各账号所服务的全部税号）
  npm run cli -- clients list                    （各客户端的税号，以及每个密钥最近一次使用的时间）
  npm run cli -- clients revoke <名称>          （吊销该客户端的全部密钥）
  npm run cli -- keys add <客户端名称>          （再加一个密钥，例如用于轮换；在沙箱上，\`keys add demo\` 会重新创建 demo 客户端）
  npm run cli -- keys revoke <密钥 id>
  npm run cli -- webhooks set <客户端名称> <url>     （https://；配合 WEBHOOK_ALLOW_PRIVATE_TARGETS 可用 http:// 指向本机回环地址；打印签名密钥）
  npm run cli -- webhooks list
  npm run cli -- webhooks rotate <客户端名称> [--grace-hours <小时>]   （新密钥；旧密钥在 h 小时内仍可签名，默认 24）
  npm run cli -- webhooks remove <客户端名称>

配置先取环境变量，再取工作目录下的 .env（与 npm start 相同）。数据库为 DATABASE_URL 所指（默认：./data/pglite 中的
嵌入式数据库）。若有网关正在嵌入式数据库上运行，命令交由该网关执行。加 --lang en（或 LC_ALL/LANG 为英文）则以英文输出。`

const usage = (lang: Lang) => (lang === 'zh' ? USAGE_ZH : USAGE_EN)

export interface CliOutput {
  /** Results; a new key is the last line. */
  out: (line: string) => void
  /** Problems and remarks (which database), kept apart so `tail -n 1` of stdout is the key. */
  err: (line: string) => void
}

export const describeDatabase = (url: string): Text =>
  url.startsWith('pglite:')
    ? t('embedded PGlite database {path}', { path: url.slice('pglite:'.length) })
    : t('Postgres database {where}', { where: `${new URL(url).host}${new URL(url).pathname}` })

/** `--lang <x>` or `--lang=x` taken out of the arguments, and the language it and the environment choose. */
export function takeLang(args: string[], env: NodeJS.ProcessEnv): { args: string[]; lang: Lang } {
  const at = args.findIndex((a) => a === '--lang' || a.startsWith('--lang='))
  if (at < 0) return { args, lang: cliLang(undefined, env) }
  const inline = args[at].startsWith('--lang=')
  const flag = inline ? args[at].slice('--lang='.length) : args[at + 1]
  return { args: [...args.slice(0, at), ...args.slice(at + (inline ? 1 : 2))], lang: cliLang(flag, env) }
}

/** The piaozone accounts the CLI checks tax numbers with (none: the built-in sandbox, which runs inside the gateway). */
export type CliVendorConfig = Pick<Config, 'piaozoneAccounts' | 'piaozoneClient'> & { taxSessionMaxAgeMs: number; webhooks?: Pick<Config['webhooks'], 'allowPrivateTargets'> }

export async function runCli(argv: string[], io: CliOutput, databaseUrl: string, vendor?: CliVendorConfig, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { args, lang } = takeLang(argv, env)
  if (args.length === 0 || ['--help', '-h', 'help'].includes(args[0])) {
    io.out(usage(lang))
    return args.length === 0 ? 2 : 0
  }
  io.err(say(t('database: {database}', { database: describeDatabase(databaseUrl) }), lang))
  let db: Database
  try {
    db = await openDatabase(databaseUrl)
  } catch (err) {
    if (!(err instanceof DatabaseInUseError)) throw err
    return forward(err, args, io, lang)
  }
  try {
    // As config.ts decides: without a piaozone account (the sandbox), loopback and private targets are allowed.
    const webhooks = new WebhookEndpoints(db.prisma, vendor?.webhooks?.allowPrivateTargets ?? !vendor?.piaozoneAccounts)
    // The demo client is made again only on the embedded database (the newcomer's): on a Postgres server this shell's
    // settings say nothing of the gateways that use it, which may talk to real piaozone.
    const sandbox = !vendor?.piaozoneAccounts && databaseUrl.startsWith('pglite:')
    return await runCliOn({ clients: new ClientService(db), webhooks, taxNumbers: taxNumbersFor(db, vendor, io), sandbox }, args, io, lang)
  } finally {
    await db.close()
  }
}

/**
 * Tax number checks from this process, with the configured piaozone accounts. Without any (the built-in sandbox
 * runs inside the gateway, not here), a string saying why nothing can be checked.
 */
function taxNumbersFor(db: Database, config: CliVendorConfig | undefined, io: CliOutput): TaxNumbers | Text {
  if (!config?.piaozoneAccounts) {
    return t('not checked: no piaozone account is configured here (the built-in sandbox runs inside the gateway); check with POST /v1/tax-numbers/<taxNo>/check once the gateway runs')
  }
  const vendor = new PiaozoneAccounts(config.piaozoneAccounts.map((a) => ({ ...a, ...config.piaozoneClient })))
  const repo = new RecordingRepository(db)
  const warn = (obj: object, msg?: string) => io.err(`${msg ?? ''} ${JSON.stringify(obj)}`.trim())
  return new TaxNumbers(db.sql, vendor, new TaxSessions(repo, vendor, config.taxSessionMaxAgeMs, { warn }))
}

/** The embedded database is held by a running gateway: that gateway carries the command out. */
async function forward(inUse: DatabaseInUseError, args: string[], io: CliOutput, lang: Lang): Promise<number> {
  const answer = await sendToAdminSocket(inUse.dir, args, lang)
  if (!answer) {
    const message = t('{inUse}, which does not take CLI commands. Stop that process and run the command again (two processes must never open one embedded database).', { inUse: fromEnglish(inUse.message) })
    io.err(say(message, lang))
    return 1
  }
  io.err(say(t('(carried out by the gateway running on it, process {pid})', { pid: inUse.pid }), lang))
  for (const line of answer.err) io.err(line)
  for (const line of answer.out) io.out(line)
  return answer.code
}

/** A command run by the gateway itself, for a CLI that reached it over the admin socket. */
export async function cliInProcess(services: CliServices, args: string[], lang?: string): Promise<CliAnswer> {
  const answer: CliAnswer = { code: 0, out: [], err: [] }
  answer.code = await runCliOn(services, args, { out: (l) => answer.out.push(l), err: (l) => answer.err.push(l) }, cliLang(lang, {}))
  return answer
}

export interface CliServices {
  clients: ClientService
  webhooks: WebhookEndpoints
  /** Checks a new client's tax numbers; a text: why they cannot be checked here. */
  taxNumbers: TaxNumbers | Text
  /** The built-in sandbox is the vendor: `keys add demo` makes the demo client again if it is missing or revoked. */
  sandbox?: boolean
}

export async function runCliOn({ clients, webhooks, taxNumbers, sandbox }: CliServices, args: string[], io: CliOutput, lang: Lang = 'en'): Promise<number> {
  const out = (line: string | Text) => io.out(say(line, lang))
  const [noun, verb, target, ...rest] = args
  const options = (flag: string) => rest.flatMap((a, i) => (a === flag && rest[i + 1] ? [rest[i + 1]] : []))
  const flags = ['--tax-no', '--business-system-code', '--grace-hours']
  const switches = ['--any-tax-no']
  const unknown = rest.filter((a, i) => a.startsWith('--') && !flags.includes(a) && !switches.includes(a) && !flags.includes(rest[i - 1]))
  try {
    if (unknown.length) throw new ClientError(t('unknown option {option}', { option: unknown[0] }), true)
    if (noun === 'clients' && verb === 'add' && target) {
      const any = rest.includes('--any-tax-no')
      if (any && options('--tax-no').length) throw new ClientError(t('give either --tax-no (once per tax number) or --any-tax-no, not both'))
      const { client, key } = await clients.addClient(target, any ? 'any' : options('--tax-no'), options('--business-system-code')[0])
      for (const taxNo of client.taxNos) out(await checkLine(taxNumbers, taxNo, { clientId: client.id, taxNos: client.taxNos }))
      out(t('client {name} added {grant}; key id {keyId}. The key is shown once:', { name: client.name, grant: grant(client), keyId: key.id }))
      out(key.key)
    } else if (noun === 'clients' && verb === 'list') {
      for (const c of await clients.list()) {
        const used = (at: Date | null) => (at ? t('last used {at}', { at: at.toISOString() }) : t('never used'))
        const keys = c.apiKeys.map((k) => `${k.id} (${say(k.revokedAt ? t('revoked') : used(k.lastUsedAt), lang)})`).join(', ') || say(t('none'), lang)
        out(`${c.name}${c.revokedAt ? ` (${say(t('revoked'), lang)})` : ''}\t${say(grant(c), lang)}\t${say(t('keys: {keys}', { keys }), lang)}`)
      }
    } else if (noun === 'clients' && verb === 'revoke' && target) {
      await clients.revokeClient(target)
      out(t('client {name} and all its keys revoked', { name: target }))
    } else if (noun === 'keys' && verb === 'add' && target) {
      if (target === DEMO_CLIENT && sandbox === false) {
        const refusal = t("no active client named 'demo': the demo client is made again only on the built-in sandbox's embedded database; make a client of your own: npm run cli -- clients add my-erp --tax-no <taxNo> (or --any-tax-no)")
        if (!(await clients.hasActiveClient(DEMO_CLIENT))) throw new ClientError(refusal)
      }
      const key = sandbox && target === DEMO_CLIENT ? await clients.addDemoKey() : { ...(await clients.addKey(target)), madeAgain: false }
      out(key.madeAgain ? t('key {keyId} added to {name} (the demo client made again: sandbox mode). The key is shown once:', { keyId: key.id, name: target }) : t('key {keyId} added to {name}. The key is shown once:', { keyId: key.id, name: target }))
      out(key.key)
    } else if (noun === 'keys' && verb === 'revoke' && target) {
      await clients.revokeKey(target)
      out(t('key {keyId} revoked', { keyId: target }))
    } else if (noun === 'webhooks' && verb === 'set' && target && rest[0] && !rest[0].startsWith('--')) {
      const secret = await webhooks.set(target, rest[0])
      out(t('webhook endpoint of {name} set to {url}. Its signing secret (Standard Webhooks) is shown once:', { name: target, url: rest[0] }))
      out(secret)
    } else if (noun === 'webhooks' && verb === 'list') {
      for (const e of await webhooks.list()) out(`${e.client}\t${e.url}${e.rotating ? `\t${say(t('previous secret signs too until {until}', { until: e.rotating.toISOString() }), lang)}` : ''}`)
    } else if (noun === 'webhooks' && verb === 'rotate' && target) {
      const hours = Number(options('--grace-hours')[0] ?? 24)
      if (!(hours >= 0 && hours <= 720)) throw new ClientError(t('--grace-hours must be a number of hours from 0 to 720'))
      const { secret, oldValidUntil } = await webhooks.rotate(target, hours * 3_600_000)
      out(t('new signing secret for {name}; the old one signs too until {until}. Shown once:', { name: target, until: oldValidUntil.toISOString() }))
      out(secret)
    } else if (noun === 'webhooks' && verb === 'remove' && target) {
      const abandoned = await webhooks.remove(target)
      out(abandoned ? t('webhook endpoint of {name} removed; {count} undelivered event(s) given up', { name: target, count: abandoned }) : t('webhook endpoint of {name} removed', { name: target }))
    } else {
      io.err(usage(lang))
      return 2
    }
    return 0
  } catch (err) {
    if (!(err instanceof ClientError)) throw err
    io.err(say(err.text, lang))
    if (err.withUsage) io.err(usage(lang))
    return 2
  }
}

/** What a client may act for, in words. */
const grant = (c: { taxNos: string[]; anyTaxNo: boolean }) =>
  c.anyTaxNo ? t('for any tax number') : c.taxNos.length ? t('for {taxNos}', { taxNos: c.taxNos.join(', ') }) : t('for no tax number')

/** One line saying whether a tax number is ready for 入账, and if not, why (POST /v1/tax-numbers/{taxNo}/check). */
async function checkLine(taxNumbers: CliServices['taxNumbers'], taxNo: string, caller: { clientId: string; taxNos: string[] }): Promise<Text> {
  if (!(taxNumbers instanceof TaxNumbers)) return t('{taxNo}: {why}', { taxNo, why: taxNumbers })
  const found = await taxNumbers.check(taxNo, caller).catch((err: Error) => ({ ready: false, account: null, problems: [{ code: 'NOT_CHECKED', message: err.message }] }))
  const where = found.account ? t('{taxNo} (piaozone account {account})', { taxNo, account: found.account }) : taxNo
  if (found.ready) return t('{where}: ready for 入账', { where })
  const line = (lang: Lang) =>
    found.problems.map((p) => `${p.code}: ${fromEnglish(p.message)[lang]}${'vendorCode' in p && p.vendorCode ? ` [piaozone ${p.vendorCode} ${p.vendorMessage ?? ''}]` : ''}`).join('; ')
  return t('{where}: NOT ready — {problems}', { where, problems: { en: line('en'), zh: line('zh') } })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const io = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) }
  // The settings npm start reads, so the CLI works on the gateway's database.
  const dotEnv = readDotEnv()
  if (dotEnv) io.err(say(t('settings: the environment, then {file}', { file: path.resolve(dotEnv) }), takeLang(process.argv.slice(2), process.env).lang))
  const config = loadConfig()
  process.exitCode = await runCli(process.argv.slice(2), io, config.databaseUrl, { ...config, taxSessionMaxAgeMs: config.worker.taxSessionMaxAgeMs })
}
