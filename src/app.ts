// The whole HTTP application as one function of its dependencies. Only src/server.ts listens; tests and
// scripts call buildApp().
import Fastify, { type FastifyServerOptions } from 'fastify'

export interface AppDeps {
  version?: string
}

export async function buildApp(_deps: AppDeps, opts: FastifyServerOptions = {}) {
  const app = Fastify(opts)
  app.get('/live', async () => ({ status: 'ok' }))
  return app
}
