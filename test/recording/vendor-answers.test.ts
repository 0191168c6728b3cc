// The classification table of docs/DESIGN.md, row by row: what each vendor answer means for a submit (4.16)
// and for a query (4.17). Pure: no database, no sandbox.
import { describe, expect, it } from 'vitest'
import { AuthError, BusinessError, ProtocolError, TransportError } from '../../src/piaozone/errors.ts'
import { type AnswerRules, classifyQueryFailure, classifySubmitFailure, taskError } from '../../src/recording/vendor-answers.ts'

const rules: AnswerRules = { finalCodes: ['2002', '0105'], retryCodes: ['1009'], retryPattern: /繁忙|频繁/ }
const refused = (code: string, message = '', needsTaxLogin = false) => new BusinessError(code, message, 'invoiceRecorded', needsTaxLogin)

describe('a failed submit (4.16)', () => {
  it.each([
    ['a final code', refused('2002', '该组织的收票通道不支持税局入账操作'), 'final'],
    ['another configured final code', refused('0105', '参数错误'), 'final'],
    ['the tax-bureau session gone, even with a final code', refused('2002', '请重新登录', true), 'tax_login'],
    ['a retry code', refused('1009', '限流'), 'not_sent'],
    ['a busy message under an unknown code', refused('7777', '系统繁忙，请稍后再试'), 'not_sent'],
    ['an unknown code', refused('9999', '系统异常'), 'refused'],
    ['an empty code with success:false', refused('', '失败'), 'refused'],
    ['credentials or a twice-refused token', new AuthError('HTTP 401', '', 'access_token'), 'not_sent'],
    ['no connection made', new TransportError('connect', false, 'ECONNREFUSED'), 'not_sent'],
    ['a connect timeout', new TransportError('connect_timeout', false, 'timeout'), 'not_sent'],
    ['a response timeout', new TransportError('response_timeout', true, 'timeout'), 'unknown_fate'],
    ['a dropped connection', new TransportError('connection_dropped', true, 'reset'), 'unknown_fate'],
    ['HTTP 5xx', new TransportError('http_status', true, '502', 502), 'unknown_fate'],
    ['a garbled answer', new ProtocolError('not JSON'), 'unknown_fate'],
    ['a success with no task number', new ProtocolError('no task number'), 'unknown_fate'],
    ['HTTP 404 or a redirect', new ProtocolError('HTTP 404', 404), 'unknown_fate'],
    ['a bug of ours', new TypeError('x is undefined'), 'unknown_fate'],
  ])('%s → %s', (_, err, verdict) => {
    expect(classifySubmitFailure(err, rules)).toBe(verdict)
  })
})

describe('a failed query (4.17): never an outcome for the invoices', () => {
  it.each([
    ['the tax-bureau session gone', refused('0301', '税局登录已失效', true), 'tax_login'],
    ['task not found (0201)', refused('0201', '未查询到相关任务'), 'not_found'],
    ['a final submit code', refused('2002', '该组织的收票通道不支持税局入账操作'), 'retry'],
    ['an unknown code', refused('9999', '系统异常'), 'retry'],
    ['a processing answer', refused('0202', '任务处理中'), 'retry'],
    ['credentials refused', new AuthError('2', '第三方应用不存在', 'app_token'), 'retry'],
    ['a dropped connection', new TransportError('connection_dropped', true, 'reset'), 'retry'],
    ['a garbled answer', new ProtocolError('not JSON'), 'retry'],
  ])('%s → %s', (_, err, verdict) => {
    expect(classifyQueryFailure(err)).toBe(verdict)
  })
})

describe('the error a task shows', () => {
  it('keeps the vendor\'s code and Chinese message beside ours', () => {
    expect(taskError(refused('9999', '系统异常'), 'UPSTREAM_RETRYING')).toEqual({
      code: 'UPSTREAM_RETRYING', message: 'piaozone invoiceRecorded answered 9999: 系统异常', vendorCode: '9999', vendorMessage: '系统异常',
    })
    expect(taskError(new AuthError('HTTP 401', '', 'access_token'))).toMatchObject({ code: 'UPSTREAM_AUTH', vendorCode: 'HTTP 401' })
    expect(taskError(new TransportError('connect', false, 'could not connect'))).toEqual({ code: 'UPSTREAM_UNAVAILABLE', message: 'could not connect' })
  })

  it('says nothing of our internals for our own bugs', () => {
    expect(taskError(new TypeError('secret internals'))).toEqual({ code: 'INTERNAL', message: 'unexpected error in the worker' })
  })
})
