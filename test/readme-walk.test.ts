// The newcomer's demo paths, run as the README says, on one embedded database, twice, with a restart between:
// the README's curl walk, Swagger's "Try it out" example, and examples/erp-submit-and-poll.ts. Each must work
// on any database in any order, and the walk must stop loudly at a failing step.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningSandbox, startSandbox } from '../src/sandbox/start.ts'
import { databaseForChild, type ServerProcess, startServer } from './helpers/child.ts'

const README_WALK = /<!-- walk:[^\n]*-->\n```sh\n([\s\S]*?)```/.exec(readFileSync('README.md', 'utf8'))?.[1] as string

let unused: RunningSandbox // startServer wants one; the gateway runs on its own embedded sandbox here (but below)
let dir: string
beforeAll(async () => {
  unused = await startSandbox()
  dir = mkdtempSync(path.join(tmpdir(), 'ruzhang-walk-'))
})
afterAll(async () => {
  await unused.close()
  rmSync(dir, { recursive: true, force: true })
})

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })))
}

const startOnSandbox = () => startServer(unused, `pglite:${dir}`, { PIAOZONE_BASE_URL: '', LOG_LEVEL: 'warn' })

async function demoKey(server: ServerProcess): Promise<string> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const key = /rzk_\S+/.exec(server.output())?.[0]
    if (key) return key
  }
  throw new Error(`no demo key in the start output: ${server.output()}`)
}

async function swaggerExample(server: ServerProcess, key: string) {
  const doc: any = await (await fetch(`${server.base}/docs/json`)).json()
  const body = doc.paths['/v1/recording-tasks'].post.requestBody.content['application/json'].example
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
  const submitted = await fetch(`${server.base}/v1/recording-tasks`, { method: 'POST', headers, body: JSON.stringify(body) })
  expect(submitted.status).toBe(202)
  const { id } = (await submitted.json()) as { id: string }
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const task: any = await (await fetch(`${server.base}/v1/recording-tasks/${id}`, { headers })).json()
    if (task.status !== 'accepted' && task.status !== 'submitted') return task
  }
  throw new Error(`task ${id} did not finish`)
}

async function allThree(server: ServerProcess, key: string) {
  const walk = await run('bash', ['-c', README_WALK], { KEY: key, GW: server.base })
  expect(walk.stderr).toBe('')
  expect(walk.code).toBe(0)
  expect(walk.stdout).toContain('status: completed')
  expect(walk.stdout).toContain('"recorded":true')

  expect(await swaggerExample(server, key)).toMatchObject({ status: 'completed', counts: { succeeded: 1 } })

  const example = await run(process.execPath, ['--import', 'tsx', 'examples/erp-submit-and-poll.ts'], { GATEWAY_URL: server.base, API_KEY: key })
  expect(example.code).toBe(0)
  expect(example.stdout).toMatch(/task \S+: completed/)
}

describe('the demo paths on one embedded database', () => {
  it('all work, twice, with a restart between', { timeout: 180_000 }, async () => {
    expect(README_WALK).toContain('curl')
    const first = await startOnSandbox()
    let key: string
    try {
      key = await demoKey(first)
      await allThree(first, key)
      await allThree(first, key)
    } finally {
      first.child.kill('SIGTERM')
      await first.exited
    }
    const second = await startOnSandbox()
    try {
      await allThree(second, key)
      // The walk stops at the first failing step and shows the gateway's answer; it never goes on with "undefined".
      const refused = await run('bash', ['-c', README_WALK], { KEY: 'rzk_wrong_key', GW: second.base })
      expect(refused.code).not.toBe(0)
      expect(refused.stderr).toContain('UNAUTHORIZED')
      expect(refused.stdout).not.toContain('task undefined')
    } finally {
      second.child.kill('SIGTERM')
      await second.exited
    }
  })
})

describe('the walk on a task that fails', () => {
  it('exits non-zero with a line saying so, and the task with its reasons', { timeout: 60_000 }, async () => {
    // This sandbox refuses invoices it does not know, such as the walk's made-up one: the task ends failed.
    const db = await databaseForChild('walk-failed')
    const server = await startServer(unused, db.databaseUrl, { WORKER_POLL_INTERVAL_MS: '100' })
    try {
      const walk = await run('bash', ['-c', README_WALK], { KEY: db.authorization.slice('Bearer '.length), GW: server.base })
      expect(walk.code).not.toBe(0)
      expect(walk.stdout).toContain('status: failed')
      expect(walk.stderr).toMatch(/^FAILED: task \S+ ended failed/)
      expect(walk.stderr).toContain('未在收票池中找到该发票')
    } finally {
      server.child.kill('SIGTERM')
      await server.exited
      await db.cleanup()
    }
  })
})
