// The ceilings the gateway is measured against: the same machine answering a small JSON body with bare
// node:http, and with a bare Fastify route.   Usage: node --import tsx bench/ceiling-servers.ts http|fastify PORT
import http from 'node:http'
import Fastify from 'fastify'

const [kind, portText] = process.argv.slice(2)
const port = Number(portText)
const body = { status: 'ok', id: '0b5a1c6e-8f3d-4d2a-9c55-2f7e9a1b3c4d' }

if (kind === 'http') {
  const text = JSON.stringify(body)
  http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(text)).listen(port, '127.0.0.1')
} else {
  const app = Fastify({ logger: false })
  app.get('/', async () => body)
  await app.listen({ host: '127.0.0.1', port })
}
