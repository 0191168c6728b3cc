// A Fastify app that behaves like piaozone's 税局入账 endpoints (docs/PIAOZONE.md), so the gateway can
// be run and tested with no vendor account. Where the vendor's behaviour is undocumented, the sandbox's choice
// is written in docs/SANDBOX.md. The endpoints: auth.ts (tokens), envelope.ts and deduction.ts (the
// interfaces), controls.ts (the sandbox's own).
import Fastify from 'fastify'
import { errorMessage } from '../guards.ts'
import { makeCodec } from '../piaozone/codec.ts'
import { refuse, SANDBOX_ERRORS, type SandboxContext } from './answers.ts'
import { registerTokenRoutes } from './auth.ts'
import { registerControlRoutes } from './controls.ts'
import { registerEnvelopeRoutes } from './envelope.ts'
import type { SandboxState } from './state.ts'

export function buildSandbox(state: SandboxState) {
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 })
  const prefix = `/${state.credentials.tenantId}`

  // A body that is not JSON gets a vendor-style refusal, not Fastify's own 400.
  app.setErrorHandler((err, _req, reply) => {
    reply.code(200).send(refuse(SANDBOX_ERRORS.badEnvelope, `请求报文格式错误：${errorMessage(err)}`))
  })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser<string>('*', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body))
    } catch {
      done(new Error('不是合法的JSON'), undefined)
    }
  })

  // Where the sandbox listens, once it does: taxLogin's loginWebUrl points there.
  let origin = ''
  const rememberOrigin = async () => {
    const address = app.server.address()
    if (address && typeof address === 'object') origin = `http://127.0.0.1:${address.port}`
  }
  app.addHook('onReady', rememberOrigin)
  app.addHook('onListen', rememberOrigin)

  const ctx: SandboxContext = { state, codec: makeCodec(state.dataCodec, state.aesKey), prefix, origin: () => origin }
  registerTokenRoutes(app, state, prefix)
  registerEnvelopeRoutes(app, ctx)
  registerControlRoutes(app, state, prefix)
  return app
}
