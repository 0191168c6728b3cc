// The embedded default as a newcomer meets it: the gateway running on ./data/pglite, and the operator's CLI run
// beside it. One process per embedded database, and nothing the CLI says it did is ever lost.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'
import { killAtEnd, runCliProcess, type ServerProcess, startServer } from '../helpers/child.ts'
import { poll } from '../helpers/poll.ts'

let sandbox: RunningSandbox
let dir: string
let env: { DATABASE_URL: string }
beforeAll(async () => {
  sandbox = await startSandbox()
  dir = mkdtempSync(path.join(tmpdir(), 'ruzhang-embedded-'))
  env = { DATABASE_URL: `pglite:${dir}` }
})
afterAll(async () => {
  await sandbox.close()
  rmSync(dir, { recursive: true, force: true })
})

const tasks = (server: ServerProcess, key: string) => fetch(`${server.base}/v1/recording-tasks`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status)

/** The start banner and log come a moment after /live answers. */
function waitFor<T>(found: () => T | undefined | false): Promise<T> {
  return poll(found, (value): value is T => Boolean(value), { timeoutMs: 10_000, intervalMs: 50, what: 'the output' })
}

async function stop(server: ServerProcess) {
  server.child.kill('SIGTERM')
  expect(await server.exited).toBe(0)
}

describe('the CLI beside a gateway on the embedded database', () => {
  it('is carried out by the running gateway, takes effect at once, and survives a restart', { timeout: 90_000 }, async () => {
    const server = await startServer(sandbox, env.DATABASE_URL)
    let keepKey = ''
    try {
      const added = await runCliProcess(['clients', 'add', 'other-erp', '--any-tax-no'], env)
      expect(added).toMatchObject({ code: 0 })
      expect(added.stderr).toContain(`database: embedded PGlite database ${dir}`)
      expect(added.stderr).toContain('carried out by the gateway running on it')
      const key = added.stdout.trim().split('\n').at(-1) as string
      expect(key).toMatch(/^rzk_/)
      expect(await tasks(server, key)).toBe(200)

      const revoked = await runCliProcess(['clients', 'revoke', 'other-erp'], env)
      expect(revoked.code).toBe(0)
      expect(await tasks(server, key)).toBe(401)

      keepKey = (await runCliProcess(['clients', 'add', 'kept-erp', '--any-tax-no'], env)).stdout.trim().split('\n').at(-1) as string
      expect(await tasks(server, keepKey)).toBe(200)
      // A refusal comes back as the CLI's own, with its exit code.
      expect(await runCliProcess(['keys', 'add', 'nobody'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining("no active client named 'nobody'") })
    } finally {
      await stop(server)
    }
    const again = await startServer(sandbox, env.DATABASE_URL)
    try {
      expect(await tasks(again, keepKey)).toBe(200)
      expect((await runCliProcess(['clients', 'list'], env)).stdout).toMatch(/other-erp \(revoked\)[\s\S]*kept-erp\t/)
    } finally {
      await stop(again)
    }
    // With no gateway running, the CLI opens the database itself.
    const alone = await runCliProcess(['clients', 'list'], env)
    expect(alone).toMatchObject({ code: 0 })
    expect(alone.stderr).not.toContain('carried out by the gateway')
  })

  it('answers --help with the usage and exit 0', async () => {
    const help = await runCliProcess(['--help'], env)
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('npm run cli -- clients add <name>') })
  })

  it('refuses a second gateway on the same embedded database at once, with one line that says what to do', async () => {
    const first = await startServer(sandbox, env.DATABASE_URL)
    try {
      const second = killAtEnd(spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { ...process.env, ...env, PORT: '0', METRICS_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] }))
      let stderr = ''
      second.stderr.on('data', (d) => (stderr += d))
      const code = await new Promise((resolve) => second.once('exit', resolve))
      expect(code).toBe(1)
      expect(stderr).toContain(`cannot start: the embedded database ${dir} is open in process ${first.child.pid}; stop that process first`)
      expect(stderr).not.toMatch(/\n\s+at /) // no stack trace
      expect(await tasks(first, 'rzk_x_y')).toBe(401) // the first one is untouched
    } finally {
      await stop(first)
    }
  })
})

describe('clients made for the sandbox', () => {
  it('stop working when the gateway starts against a real vendor, and the log says so', { timeout: 60_000 }, async () => {
    const sandboxDir = mkdtempSync(path.join(tmpdir(), 'ruzhang-demo-'))
    const url = `pglite:${sandboxDir}`
    try {
      const inSandbox = await startServer(sandbox, url, { PIAOZONE_BASE_URL: '' })
      const demoKey = await waitFor(() => /rzk_\S+/.exec(inSandbox.output())?.[0])
      expect(await tasks(inSandbox, demoKey)).toBe(200)
      await stop(inSandbox)

      const real = await startServer(sandbox, url, { LOG_LEVEL: 'warn' })
      try {
        await waitFor(() => real.output().includes('revoked 1 client(s) made for the built-in sandbox (demo)'))
        expect(await tasks(real, demoKey)).toBe(401)
      } finally {
        await stop(real)
      }
    } finally {
      rmSync(sandboxDir, { recursive: true, force: true })
    }
  })
})
