// The CLI's way into a gateway that runs on the embedded database: PGlite allows one process per directory, so
// the running gateway serves the CLI's commands on a Unix socket inside that directory, and the CLI sends them
// there. Whoever may write the directory may use the socket (it is 0600), so it grants nothing new.
// It is private from the moment it exists, not only after the chmod: connecting needs search permission on the
// directory, which openDatabase made 0700 (or refused to start), and the gateway runs under umask 077
// (src/server.ts). A temporary name renamed into place would leave the socket behind: libuv unlinks the name it bound.
import { chmodSync, rmSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { type Static, Type } from 'typebox'
import { Value } from 'typebox/value'

export const adminSocketPath = (dataDir: string) => path.join(dataDir, 'admin.sock')

/** A CLI command is a few hundred bytes; anything near this is not one, and is not read into memory. */
export const ADMIN_BODY_LIMIT = 64 * 1024

/** What the gateway answers: the command's exit code and its lines. Checked when read, as it comes over a socket. */
const CliAnswer = Type.Object({ code: Type.Number(), out: Type.Array(Type.String()), err: Type.Array(Type.String()) })
export type CliAnswer = Static<typeof CliAnswer>

/**
 * Serves `run(args, lang)` at POST /cli on the directory's admin socket until the returned close() is called. `lang`:
 * the language of the CLI that sent the command, a field of its own (a gateway of an older version ignores it).
 */
export async function serveAdminSocket(dataDir: string, run: (args: string[], lang: string | undefined) => Promise<CliAnswer>): Promise<() => Promise<void>> {
  const socket = adminSocketPath(dataDir)
  rmSync(socket, { force: true }) // left by a process that died; the directory's lock says none runs now
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/cli') return res.writeHead(404).end()
    const tooLarge = () => res.writeHead(413, { connection: 'close' }).end()
    if (Number(req.headers['content-length']) > ADMIN_BODY_LIMIT) return tooLarge()
    try {
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of req) {
        // No encoding is set on the request, so its chunks are bytes; anything else is a 500 below.
        if (!Buffer.isBuffer(chunk)) throw new TypeError('the request body is not bytes')
        size += chunk.length
        if (size > ADMIN_BODY_LIMIT) return tooLarge() // a body sent without Content-Length
        chunks.push(chunk)
      }
      const { args, lang } = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) return res.writeHead(400).end()
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await run(args, typeof lang === 'string' ? lang : undefined)))
    } catch {
      res.writeHead(500).end()
    }
  })
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socket, resolve))
  chmodSync(socket, 0o600)
  return () => new Promise((resolve) => server.close(() => resolve()))
}

/** Sends a CLI command to the gateway serving `dataDir`; undefined when nothing answers there. */
export function sendToAdminSocket(dataDir: string, args: string[], lang?: string): Promise<CliAnswer | undefined> {
  return new Promise((resolve) => {
    const req = http.request({ socketPath: adminSocketPath(dataDir), path: '/cli', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => {
        try {
          const answer: unknown = res.statusCode === 200 ? JSON.parse(body) : undefined
          resolve(Value.Check(CliAnswer, answer) ? answer : undefined)
        } catch {
          resolve(undefined)
        }
      })
    })
    req.on('error', () => resolve(undefined))
    req.end(JSON.stringify({ args, lang }))
  })
}
