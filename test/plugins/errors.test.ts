import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { t } from '../../src/i18n/index.ts'
import { AppError, validationFailed } from '../../src/errors.ts'
import { MAX_DETAILS, registerErrorHandler } from '../../src/plugins/errors.ts'
import { registerValidation } from '../../src/plugins/validation.ts'

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
    const app = await appThrowing(new AppError(502, 'UPSTREAM_REJECTED', t('piaozone refused {interfaceCode}', { interfaceCode: 'invoiceRecorded' }), { vendor: { errorCode: '2002', message: '该组织的收票通道不支持税局入账操作' } }))
    const res = await app.inject({ url: '/boom' })
    expect(res.statusCode).toBe(502)
    expect(res.json()).toMatchObject({ code: 'UPSTREAM_REJECTED', vendor: { errorCode: '2002', message: '该组织的收票通道不支持税局入账操作' } })
  })

  it('makes the message of a 400 stand alone: the first problem, and how many more there are', async () => {
    const one = await (await appThrowing(validationFailed([{ field: 'taxNo', rule: t('must be 18 characters (统一社会信用代码) or 15, 17 or 20 (older taxpayer ids); got {length}', { length: 3 }) }]))).inject({ url: '/boom' })
    expect(one.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: 'taxNo: must be 18 characters (统一社会信用代码) or 15, 17 or 20 (older taxpayer ids); got 3', details: [{ field: 'taxNo', rule: 'must be 18 characters (统一社会信用代码) or 15, 17 or 20 (older taxpayer ids); got 3' }] })
    const rule = t('must be 20 digits (数电) or 8 digits (legacy, with invoiceCode)')
    const problems = [1, 2, 3].map((i) => ({ field: `invoices[${i}].invoiceNo`, rule }))
    const three = await (await appThrowing(validationFailed(problems))).inject({ url: '/boom' })
    expect(three.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: `invoices[1].invoiceNo: ${rule.en} (and 2 more problems)`,
      details: problems.map((p) => ({ field: p.field, rule: rule.en })),
    })

    // The schema's own problems: the same words, and past MAX_DETAILS it says how many are listed.
    const app = Fastify({ logger: false })
    registerValidation(app)
    registerErrorHandler(app)
    const item = { type: 'object', required: ['invoiceNo'], properties: { invoiceNo: { type: 'string' } } }
    app.post('/things', { schema: { body: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: item } } } } }, async () => 'ok')
    const some = await app.inject({ method: 'POST', url: '/things', payload: { items: [{}, {}] } })
    expect(some.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: 'items[0].invoiceNo: is required (and 1 more problem)' })
    expect(some.json().details).toHaveLength(2)
    const many = await app.inject({ method: 'POST', url: '/things', payload: { items: Array.from({ length: MAX_DETAILS + 5 }, () => ({})) } })
    expect(many.json().message).toBe(`items[0].invoiceNo: is required (and ${MAX_DETAILS + 4} more problems; the first ${MAX_DETAILS} are listed in details)`)
    expect(many.json().details).toHaveLength(MAX_DETAILS)
  })

  it('answers an unknown route with 404 in the same shape', async () => {
    const app = await appThrowing(new Error('x'))
    const res = await app.inject({ url: '/nope?x=1' })
    expect(res.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', message: 'no route GET /nope' })
  })
})
