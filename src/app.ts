// The whole HTTP application as one function of its dependencies. Only src/server.ts listens; tests and
// scripts call buildApp().
import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyServerOptions } from 'fastify'
import { Type } from 'typebox'
import type { PrismaClient } from './generated/prisma/client.ts'
import { PiaozoneClient, type PiaozoneConfig } from './piaozone/client.ts'
import { ClientService } from './clients/service.ts'
import { registerAuth } from './plugins/auth.ts'
import { registerErrorHandler } from './plugins/errors.ts'
import { limitByClient, registerSecurity, type SecurityOptions } from './plugins/security.ts'
import { registerSwagger } from './plugins/swagger.ts'
import { registerValidation } from './plugins/validation.ts'
import { RecordingRepository } from './recording/repository.ts'
import { recordingRoutes } from './recording/routes.ts'
import { ErrorBody } from './recording/schemas.ts'
import { RecordingService } from './recording/service.ts'
import { Worker, type WorkerConfig } from './recording/worker.ts'

export const VERSION = '0.1.0'

declare module 'fastify' {
  interface FastifyInstance {
    /** The worker (its loop runs only with startWorker; refresh uses it either way). */
    worker: Worker
    vendor: PiaozoneClient
    clients: ClientService
  }
}

export interface AppDeps {
  prisma: PrismaClient
  piaozone: PiaozoneConfig
  batchSize: number
  worker: WorkerConfig
  /** Run the worker loop in this process (the refresh route works either way). */
  startWorker: boolean
  security: SecurityOptions
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/

export async function buildApp(deps: AppDeps, opts: FastifyServerOptions = {}) {
  const app = Fastify({
    bodyLimit: 1024 * 1024,
    // Take the caller's x-request-id when it is well-formed, so one id follows the request through the ERP,
    // our logs, the stored task and the vendor call log.
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    },
    ...opts,
  })
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })

  const repo = new RecordingRepository(deps.prisma)
  const vendor = new PiaozoneClient(deps.piaozone, {
    logger: app.log,
    onCall: (call) => {
      repo.recordCall({ ...call, taskId: call.context }).catch((err) => app.log.error({ err }, 'could not store the vendor call record'))
    },
  })
  const service = new RecordingService(repo, vendor, deps.batchSize)
  const worker = new Worker(repo, vendor, deps.worker, app.log)
  const clients = new ClientService(deps.prisma)

  app.decorateRequest('client', null)
  await registerSecurity(app, deps.security)
  await registerSwagger(app, VERSION)
  registerErrorHandler(app)
  registerValidation(app)
  app.addSchema(ErrorBody)

  app.get(
    '/live',
    { schema: { tags: ['health'], summary: 'The process is up (checks nothing else)', response: { 200: Type.Object({ status: Type.Literal('ok'), version: Type.String() }) } } },
    async () => ({ status: 'ok' as const, version: VERSION }),
  )
  await app.register(async (v1) => {
    registerAuth(v1, clients)
    limitByClient(v1)
    await v1.register(recordingRoutes, {
      service,
      worker,
      caller: (request) => {
        const c = request.client as NonNullable<typeof request.client>
        return { clientId: c.clientId, apiKeyId: c.apiKeyId, requestId: request.id, taxNos: c.taxNos, businessSystemCode: c.businessSystemCode }
      },
    })
  })

  if (deps.startWorker) app.addHook('onReady', async () => worker.start())
  app.addHook('onClose', async () => worker.stop())
  app.decorate('worker', worker)
  app.decorate('vendor', vendor)
  app.decorate('clients', clients)
  return app
}
