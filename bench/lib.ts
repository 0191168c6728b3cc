// Shared pieces of the benchmark: child processes, load runs, percentiles, peak memory.
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import autocannon from 'autocannon'

export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as net.AddressInfo
  await new Promise((r) => server.close(r))
  return port
}

export interface Proc {
  child: ChildProcess
  output: () => string
  stop(): Promise<void>
}

/** Runs a TypeScript entry point through tsx, or compiled JavaScript (a .js path) as production does. */
export function spawnNode(args: string[], env: Record<string, string> = {}): Proc {
  const loader = args.some((a) => a.endsWith('.js')) ? [] : ['--import', 'tsx']
  const child = spawn(process.execPath, [...loader, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const exited = new Promise((r) => child.once('exit', r))
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

export async function waitForHttp(url: string, proc: Proc, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`process exited: ${proc.output()}`)
    if (await fetch(url).then((r) => r.status < 500, () => false)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${url} did not answer: ${proc.output()}`)
}

/** Peak resident set size of a process so far (VmHWM), in MB. */
export const peakRssMb = (pid: number) => procStatusMb(pid, 'VmHWM')
/** Resident set size of a process now (VmRSS), in MB. */
export const rssMb = (pid: number) => procStatusMb(pid, 'VmRSS')

function procStatusMb(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`))
  return Math.round(Number(line?.replace(/\D/g, '')) / 1024)
}

export interface Figure {
  rps: number
  p50: number
  p99: number
  errors: number
  non2xx: number
}

export async function load(opts: autocannon.Options): Promise<Figure> {
  let firstError: string | undefined
  const result = await autocannon({
    connections: 10,
    duration: 8,
    ...opts,
    // Say what went wrong: a row of error responses would otherwise pass for a fast one.
    setupClient: (client) => {
      let body = ''
      client.on('body', (b: Buffer) => (body = b.toString('utf8')))
      client.on('response', (status: number) => {
        if (status >= 300 && !firstError) firstError = `${status} ${body.slice(0, 300)}`
      })
    },
  })
  if (firstError) console.log(`   first non-2xx answer for ${opts.method ?? 'GET'} ${opts.url}: ${firstError}`)
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits
