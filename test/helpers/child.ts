// The real server (src/server.ts) as a child process against an in-test sandbox, for tests of what only a
// process shows: SIGKILL, SIGTERM, the metrics port.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'
import { runCli } from '../../src/cli.ts'
import { clientConfigFor, type RunningSandbox } from '../../src/sandbox/start.ts'
import { openTestDatabase } from './db.ts'

// Every child started here (or handed to killAtEnd by a test that spawns its own) that still runs. A test that
// times out never reaches its own kill, and its server would live on (adopted by init) holding a port, a database
// and a CPU: so whatever is left is killed when the test file ends (this module is loaded once per test file, so the
// hook is that file's), or when its worker process exits.
const running = new Set<ChildProcess>()

/** Kills `child` when this test file ends if it still runs then; returns it. For a test that spawns a process itself. */
export function killAtEnd<C extends ChildProcess>(child: C): C {
  running.add(child)
  child.once('exit', () => running.delete(child))
  return child
}

afterAll(async () => {
  await Promise.all(
    [...running].map((child) => {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      return exited
    }),
  )
})
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as net.AddressInfo
  await new Promise((r) => server.close(r))
  return port
}

export interface ServerProcess {
  child: ChildProcess
  base: string
  output: () => string
  exited: Promise<number | null>
}

export async function startServer(sandbox: RunningSandbox, databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort()
  const c = clientConfigFor(sandbox)
  const child = killAtEnd(spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      PIAOZONE_BASE_URL: c.baseUrl,
      PIAOZONE_APP_ID: c.appId,
      PIAOZONE_APP_SECRET: c.appSecret,
      PIAOZONE_ACCOUNT_ID: c.accountId,
      PIAOZONE_USER: c.user,
      PIAOZONE_BUSINESS_SYSTEM_CODE: c.businessSystemCode,
      WORKER_IDLE_MS: '20',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }))
  let output = ''
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`)
    const up = await fetch(`${base}/live`).then((r) => r.ok, () => false)
    if (up) return { child, base, output: () => output, exited }
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill('SIGKILL')
  throw new Error(`server did not start: ${output}`)
}

/** `npm run cli -- …` as a process of its own, as an operator runs it. */
export function runCliProcess(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = killAtEnd(spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }))
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })))
}

export async function kill(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL')
  await server.exited
}

/**
 * A database the child server can open: a throw-away one on the Postgres server (TEST_DATABASE_URL), or a
 * PGlite directory (one process at a time). It holds one client; its API key is returned.
 */
export async function databaseForChild(name: string): Promise<{ databaseUrl: string; authorization: string; cleanup: () => Promise<void> }> {
  let databaseUrl: string
  let cleanup: () => Promise<void>
  if (process.env.TEST_DATABASE_URL) {
    const db = await openTestDatabase()
    databaseUrl = db.url
    cleanup = db.close
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), `ruzhang-${name}-`))
    databaseUrl = `pglite:${dir}`
    cleanup = async () => rmSync(dir, { recursive: true, force: true })
  }
  // The operator's onboarding step, before any server runs.
  const lines: string[] = []
  if ((await runCli(['clients', 'add', `${name}-erp`, '--any-tax-no'], { out: (l) => lines.push(l), err: () => {} }, databaseUrl)) !== 0) throw new Error('could not add a client')
  return { databaseUrl, authorization: `Bearer ${lines.at(-1)}`, cleanup }
}
