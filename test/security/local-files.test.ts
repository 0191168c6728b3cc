// What the gateway leaves on the local disk for other users of the machine: the embedded database's directory
// and the admin socket in it are the owner's alone (webhook secrets and invoices are in there), and the socket
// reads no more than a CLI command's worth of body. Always the embedded database: Postgres keeps no files here.
import { spawn } from 'node:child_process'
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_BODY_LIMIT, adminSocketPath, sendToAdminSocket } from '../../src/clients/admin-socket.ts'
import { type RunningSandbox, startSandbox } from '../../src/sandbox/start.ts'
import { freePort, kill, killAtEnd, type ServerProcess, startServer } from '../helpers/child.ts'

let sandbox: RunningSandbox
let parent: string
beforeAll(async () => {
  sandbox = await startSandbox()
  parent = mkdtempSync(path.join(tmpdir(), 'ruzhang-local-files-'))
})
afterAll(async () => {
  await sandbox.close()
  rmSync(parent, { recursive: true, force: true })
})

const modeOf = (file: string) => lstatSync(file).mode & 0o777

/** Every entry under `dir` whose mode lets group or others in, as `0644 base/5/1259`. */
function openToOthers(dir: string): string[] {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true })
  expect(entries.length, 'the walk found the database files').toBeGreaterThan(100)
  return entries.map((e) => path.join(e.parentPath, e.name)).filter((f) => modeOf(f) & 0o077).map((f) => `${modeOf(f).toString(8)} ${path.relative(dir, f)}`)
}

describe('the embedded database directory', () => {
  it('refuses to start on a directory open to others, in one line saying how to fix it', { timeout: 30_000 }, async () => {
    const dir = path.join(parent, 'loose')
    mkdirSync(dir)
    chmodSync(dir, 0o755)
    const child = killAtEnd(spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, DATABASE_URL: `pglite:${dir}`, PORT: String(await freePort()), METRICS_PORT: '0', LOG_LEVEL: 'fatal' },
      stdio: ['ignore', 'ignore', 'pipe'],
    }))
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    // Today's code would start and serve: give up waiting after 15 s rather than hang.
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    const code = await new Promise((resolve) => child.once('exit', resolve))
    clearTimeout(timer)
    expect(code).toBe(1)
    expect(stderr.trim()).toBe(`cannot start: data directory "${dir}" has invalid permissions (0755): it should be u=rwx (0700); fix with: chmod 700 "${dir}"`)
    expect(readdirSync(dir), 'nothing was written into it').toEqual([])
  })

  describe('a fresh one, with the gateway running on it', () => {
    const dataDir = () => path.join(parent, 'fresh', 'pglite')
    let server: ServerProcess
    beforeAll(async () => {
      server = await startServer(sandbox, `pglite:${dataDir()}`)
      // The admin socket opens just after the listener.
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
        if (readdirSync(dataDir()).includes('admin.sock')) break
      }
    })
    afterAll(async () => {
      if (server.child.exitCode === null) await kill(server)
    })

    it('is created 0700, and nothing under it is open to group or others', () => {
      expect(modeOf(dataDir()).toString(8)).toBe('700')
      expect(modeOf(path.dirname(dataDir())).toString(8), 'the parent it had to create too').toBe('700')
      expect(openToOthers(dataDir())).toEqual([])
    })

    it('serves the admin socket 0600 inside it', () => {
      expect(modeOf(adminSocketPath(dataDir())).toString(8)).toBe('600')
    })

    it('answers 413 to a body over the admin socket limit, closes that connection, and goes on serving', async () => {
      const post = (headers: Record<string, string | number>, body: string) =>
        new Promise<{ status?: number; connection?: string }>((resolve, reject) => {
          const req = http.request({ socketPath: adminSocketPath(dataDir()), path: '/cli', method: 'POST', headers }, (res) => {
            res.resume()
            res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection }))
          })
          req.on('error', reject)
          req.end(body)
        })
      const big = JSON.stringify({ args: ['clients', 'list', 'x'.repeat(ADMIN_BODY_LIMIT)] })
      expect(await post({ 'content-type': 'application/json', 'content-length': Buffer.byteLength(big) }, big)).toEqual({ status: 413, connection: 'close' })
      // Without Content-Length (chunked): counted as it arrives.
      expect(await post({ 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, big)).toEqual({ status: 413, connection: 'close' })

      const answer = await sendToAdminSocket(dataDir(), ['clients', 'list'])
      expect(answer?.code).toBe(0)
      expect((await fetch(`${server.base}/live`)).status).toBe(200)
    })

    it('leaves nothing open to others once stopped', async () => {
      server.child.kill('SIGTERM')
      expect(await server.exited).toBe(0)
      expect(openToOthers(dataDir())).toEqual([])
    })
  })
})
