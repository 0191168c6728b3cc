import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/errors.ts'
import { registerErrorHandler } from '../../src/plugins/errors.ts'

async function appThrowing(err: Error) {
  const app = Fastify({ logger: false })
  registerErrorHandler(app)
  app.get('/boom', async () => {
    throw err
  })
  await app.ready()
  return app
}

describe('the error handler', () => {
  it('answers a 5xx with a bare message, never the error, its stack or its data', async () => {
    const app = await appThrowing(Object.assign(new Error('invalid input syntax at postgres://admin:hunter2@db:5432'), { meta: { table: 'RecordingTask' } }))
    const res = await app.inject({ url: '/boom' })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'Internal Server Error', requestId: expect.any(String) })
    expect(res.body).not.toMatch(/hunter2|syntax|RecordingTask|at /)
  })

  it('answers an unreachable database with 503 and Retry-After, also without internals', async () => {
    const app = await appThrowing(Object.assign(new Error('connect ECONNREFUSED postgres://admin:hunter2@db:5432'), { code: 'ECONNREFUSED', meta: { table: 'RecordingTask' } }))
    const res = await app.inject({ url: '/boom' })
    expect(res.statusCode).toBe(503)
    expect(res.headers['retry-after']).toBe('5')
    expect(res.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: expect.stringContaining('nothing was stored') })
    expect(res.body).not.toMatch(/hunter2|ECONNREFUSED|RecordingTask|at /)
  })

  it('renders an AppError with its code, details and the vendor answer', async () => {
    const app = await appThrowing(new AppError(502, 'UPSTREAM_REJECTED', 'piaozone refused invoiceRecorded', { vendor: { errorCode: '2002', message: '该组织的收票通道不支持税局入账操作' } }))
    const res = await app.inject({ url: '/boom' })
    expect(res.statusCode).toBe(502)
    expect(res.json()).toMatchObject({ code: 'UPSTREAM_REJECTED', vendor: { errorCode: '2002', message: '该组织的收票通道不支持税局入账操作' } })
  })

  it('answers an unknown route with 404 in the same shape', async () => {
    const app = await appThrowing(new Error('x'))
    const res = await app.inject({ url: '/nope?x=1' })
    expect(res.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', message: 'no route GET /nope' })
  })
})
