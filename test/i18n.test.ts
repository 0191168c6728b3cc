// Chinese for Chinese readers: every message a person reads, in the language the request (or the CLI's settings)
// prefers; codes never change with it. The catalogue test fails on a message written without its Chinese.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliOn, takeLang } from '../src/cli.ts'
import { cliLang, fromEnglish, hasChinese, preferredLang, t } from '../src/i18n/index.ts'
import { SANDBOX_TAX_NOS } from '../src/sandbox/seed.ts'
import { ZH } from '../src/i18n/zh.ts'
import { freshInvoices, type Gateway, GUIDE_SUBMIT, startGateway, waitForStatus } from './helpers/gateway.ts'

const CJK = /[\u4e00-\u9fff]/
const ZH_HEADERS = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' }

/** Every .ts file under src/. */
function sources(dir = 'src'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name)
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : []
  })
}

/**
 * The msgids the code uses: each t('…') in src, and each schema's `x-rule` as the OpenAPI document has it (the error
 * handler shows those through t(); test/openapi.test.ts keeps the document in step with the routes).
 */
function msgidsInSource(): Set<string> {
  const found = new Set<string>()
  const literal = String.raw`(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")`
  for (const file of sources()) {
    for (const m of readFileSync(file, 'utf8').matchAll(new RegExp(String.raw`\bt\(\s*${literal}`, 'g'))) found.add((m[1] ?? m[2]).replace(/\\(['"\\])/g, '$1'))
  }
  JSON.parse(readFileSync('openapi/openapi.json', 'utf8'), (key, value) => {
    if (key === 'x-rule' && typeof value === 'string') found.add(value)
    return value
  })
  return found
}

describe('the message catalogue', () => {
  it('has the Chinese of every message the code writes, and nothing the code does not use', () => {
    const used = msgidsInSource()
    expect(used.size).toBeGreaterThan(150)
    expect([...used].filter((id) => !hasChinese(id))).toEqual([])
    expect(Object.keys(ZH).filter((id) => !used.has(id))).toEqual([])
  })

  it('keeps every parameter of a message in its Chinese, and the Chinese is Chinese', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const [msgid, zh] of Object.entries(ZH)) {
      expect(names(zh), msgid).toEqual(names(msgid))
      expect(CJK.test(zh) || /[：（]/.test(zh), msgid).toBe(true)
    }
  })

  it('reads a stored English message back in both languages, the most specific message first', () => {
    expect(fromEnglish('HTTP 503')).toEqual(t('HTTP {status}', { status: 503 }))
    expect(fromEnglish('could not connect (ECONNREFUSED)').zh).toBe('无法连接（ECONNREFUSED）')
    const refused = t('target resolves to a {kind} address ({address}); set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it', { kind: 'private', address: '10.0.0.5' })
    expect(fromEnglish(refused.en)).toEqual(refused)
    // Words no message makes (a vendor's own) stay as they are in both languages.
    expect(fromEnglish('发票当前入账状态为02')).toEqual({ en: '发票当前入账状态为02', zh: '发票当前入账状态为02' })
  })
})

describe('choosing the language', () => {
  it('takes the highest-weighted of zh and en from Accept-Language, English otherwise', () => {
    expect(preferredLang('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh')
    expect(preferredLang('zh')).toBe('zh')
    expect(preferredLang('zh-Hans-CN')).toBe('zh')
    expect(preferredLang('en-US,zh;q=0.5')).toBe('en')
    expect(preferredLang('en;q=0.4, zh-TW;q=0.6')).toBe('zh')
    expect(preferredLang('fr-FR, zh;q=0.3')).toBe('zh')
    expect(preferredLang('zh;q=0, en;q=0.1')).toBe('en')
    expect(preferredLang('de-DE')).toBe('en')
    expect(preferredLang(undefined)).toBe('en')
    expect(preferredLang('*')).toBe('en')
  })

  it('takes the CLI language from --lang, then LC_ALL, LC_MESSAGES, LANG', () => {
    expect(cliLang(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh')
    expect(cliLang(undefined, { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en')
    expect(cliLang('zh', { LC_ALL: 'C' })).toBe('zh')
    expect(cliLang(undefined, { LANG: 'C.UTF-8' })).toBe('en')
    expect(takeLang(['clients', 'list', '--lang', 'zh'], {})).toEqual({ args: ['clients', 'list'], lang: 'zh' })
    expect(takeLang(['--lang=en', 'clients', 'list'], { LANG: 'zh_CN.UTF-8' })).toEqual({ args: ['clients', 'list'], lang: 'en' })
  })
})

describe('answers in the language the request prefers', () => {
  let gw: Gateway
  beforeAll(async () => {
    gw = await startGateway()
  })
  afterAll(() => gw.close())

  /** The same request in English and in Chinese: the same status and code; the Chinese words are Chinese. */
  type Request = Omit<Parameters<Gateway['inject']>[0], 'headers'> & { headers?: Record<string, string> }
  async function both(opts: Request, status: number, code: string, send: (o: Request) => ReturnType<Gateway['inject']> = gw.inject) {
    const en = await send({ ...opts, headers: { ...opts.headers, 'accept-language': 'en-US,en;q=0.9' } })
    const zh = await send({ ...opts, headers: { ...opts.headers, ...ZH_HEADERS } })
    expect([en.statusCode, zh.statusCode], `${opts.method} ${opts.url}`).toEqual([status, status])
    expect([en.json().code, zh.json().code]).toEqual([code, code])
    const body = zh.json()
    expect(body.message, `${opts.url}: ${body.message}`).toMatch(CJK)
    expect(en.json().message).not.toBe(body.message)
    for (const d of body.details ?? []) expect(d.rule, `${d.field}: ${d.rule}`).toMatch(CJK)
    expect((body.details ?? []).map((d: { field: string }) => d.field)).toEqual((en.json().details ?? []).map((d: { field: string }) => d.field))
    return body
  }

  it('words every kind of refusal in Chinese for zh, keeping codes and fields', async () => {
    const line = GUIDE_SUBMIT.invoices[0]
    const zh = await both(
      {
        method: 'POST',
        url: '/v1/recording-tasks',
        payload: {
          taxNo: '914403007451947783',
          nextEntryMarkStatus: '06',
          extra: 1,
          invoices: [
            { ...line, invoiceCode: '4403191130' },
            { ...line, invoiceNo: '04512345', invoiceCode: '', serialNo: 'x y' },
            { ...line, invoiceNo: '12345', recordedTime: '2025-11-26', recordedPeriod: '2099-01' },
          ],
        },
      },
      400,
      'VALIDATION_FAILED',
    )
    expect(zh.details.length).toBeGreaterThan(5)
    expect(zh.message).toMatch(/另有 \d+ 个问题/)

    await both({ method: 'POST', url: '/v1/recording-tasks', payload: { taxNo: GUIDE_SUBMIT.taxNo, nextEntryMarkStatus: '02', invoices: [] } }, 400, 'VALIDATION_FAILED')
    await both({ method: 'POST', url: '/v1/recording-tasks', payload: '{"taxNo":', headers: { 'content-type': 'application/json' } }, 400, 'VALIDATION_FAILED')
    await both({ method: 'POST', url: '/v1/recording-tasks', payload: 'taxNo=1', headers: { 'content-type': 'text/plain' } }, 415, 'UNSUPPORTED_MEDIA_TYPE')
    await both({ method: 'GET', url: '/v1/recording-tasks/6f1d0c52-3b7a-4c1e-9d3f-0a2b4c6d8e10' }, 404, 'TASK_NOT_FOUND')
    await both({ method: 'GET', url: '/v1/recording-tasks/not-a-uuid' }, 400, 'VALIDATION_FAILED')
    await both({ method: 'GET', url: '/v1/invoices?cursor=bm90LWEtY3Vyc29y' }, 400, 'VALIDATION_FAILED')
    await both({ method: 'GET', url: '/v1/nowhere' }, 404, 'NOT_FOUND')
    await both({ method: 'GET', url: `/v1/invoices/25442000000199990001/entry-status?taxNo=${GUIDE_SUBMIT.taxNo}` }, 404, 'INVOICE_NOT_FOUND')
    await both({ method: 'POST', url: '/v1/webhook-deliveries/msg_0123456789abcdef0123456789abcdef/redeliver' }, 404, 'DELIVERY_NOT_FOUND')
    await both({ method: 'PUT', url: '/v1/auto-entry/rules/nightly', payload: { enabled: true, priority: 1, match: {}, action: { nextEntryMarkStatus: '06' }, schedule: '0 22 * *' } }, 400, 'VALIDATION_FAILED')

    // Without a key, with a wrong one, and for a tax number the client was not granted.
    await both({ method: 'GET', url: '/v1/recording-tasks' }, 401, 'UNAUTHORIZED', (o) => gw.app.inject(o))
    await both({ method: 'GET', url: '/v1/recording-tasks', headers: { authorization: 'Bearer rzk_nope' } }, 401, 'UNAUTHORIZED', (o) => gw.app.inject(o))
    const narrow = (await gw.app.clients.addClient('narrow-zh', ['91440300591872133B'])).key.key
    const forbidden = await both({ method: 'POST', url: '/v1/recording-tasks', payload: GUIDE_SUBMIT }, 403, 'FORBIDDEN', (o) =>
      gw.app.inject({ ...o, headers: { ...o.headers, authorization: `Bearer ${narrow}` } }),
    )
    expect(forbidden.details[0].rule).toContain('91440300591872133B')
  })

  it('words the refusals of a task in Chinese: a reused key, a resume, a retry', async () => {
    const invoices = freshInvoices(gw.sandbox, GUIDE_SUBMIT.taxNo, 2)
    const body = { taxNo: GUIDE_SUBMIT.taxNo, nextEntryMarkStatus: '02', invoices: [invoices[0]] }
    const first = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: body, headers: { 'idempotency-key': 'zh-1' } })
    expect(first.statusCode).toBe(202)
    const other = { ...body, invoices: [invoices[1]] }
    await both({ method: 'POST', url: '/v1/recording-tasks', payload: other, headers: { 'idempotency-key': 'zh-1' } }, 422, 'IDEMPOTENCY_CONFLICT')
    const id = first.json().id
    await waitForStatus(gw, id, ['completed'])
    await both({ method: 'POST', url: `/v1/recording-tasks/${id}/resume` }, 409, 'TASK_NOT_STALLED')
    await both({ method: 'POST', url: `/v1/recording-tasks/${id}/retry-failed` }, 409, 'NOTHING_FAILED')
    await both({ method: 'POST', url: `/v1/recording-tasks/${id}/cancel` }, 409, 'TASK_NOT_CANCELLABLE')
    // 02 → 02 is not a change the tax bureau makes: the rule names the states in Chinese.
    const again = await both({ method: 'POST', url: '/v1/recording-tasks', payload: body }, 400, 'VALIDATION_FAILED')
    expect(again.details[0].rule).toContain('税局只允许 02 → 03|06')
  })

  it("shows a task's error in the reader's language, from the database and from the cache of finished tasks alike", async () => {
    // An invoice piaozone does not have: every invoice refused, so the task fails with the gateway's own words.
    const unknown = { invoiceNo: '25449999999999990001', invoiceCode: '', recordedTime: '20251126', recordedPeriod: '202511' }
    const submitted = await gw.inject({ method: 'POST', url: '/v1/recording-tasks', payload: { ...GUIDE_SUBMIT, invoices: [unknown] } })
    const id = submitted.json().id
    await waitForStatus(gw, id, ['failed'])
    const read = async (lang: string) => (await gw.inject({ method: 'GET', url: `/v1/recording-tasks/${id}`, headers: { 'accept-language': lang } })).json().error
    const english = { code: 'ALL_INVOICES_REFUSED', message: "piaozone refused every invoice; each invoice's failReason says why" }
    const chinese = { code: 'ALL_INVOICES_REFUSED', message: 'piaozone 拒绝了全部发票；原因见每张发票的 failReason' }
    for (let i = 0; i < 2; i++) {
      expect(await read('zh-CN')).toMatchObject(chinese)
      expect(await read('en')).toMatchObject(english)
    }
    const listed = await gw.inject({ method: 'GET', url: `/v1/recording-tasks?status=failed`, headers: ZH_HEADERS })
    expect(listed.json().items.find((task: { id: string }) => task.id === id).error).toMatchObject(chinese)
    // A vendor client message with a message inside: read back at both levels.
    const nested = t('{message} (refusal {n}; {limit})', { message: t('piaozone answered HTTP {status}', { status: 503 }).en, n: 2, limit: t('given up after {max}', { max: 5 }) })
    expect(fromEnglish(nested.en).zh).toBe('piaozone 应答 HTTP 503（第 2 次拒绝；第 5 次拒绝后放弃）')
    // The vendor's own words inside our message stay as the vendor wrote them, even when they read like ours.
    const refused = t('piaozone {interfaceCode} answered {vendorCode}: {vendorMessage}', { interfaceCode: 'invoiceRecorded', vendorCode: '9999', vendorMessage: 'none: revoked' })
    expect(fromEnglish(refused.en).zh).toBe('piaozone invoiceRecorded 应答 9999：none: revoked')
  })

  it("words an automatic-入账 candidate's reasons in the reader's language, rule by rule", async () => {
    const rule = {
      enabled: true,
      priority: 1,
      match: { sources: ['tax_bureau'], requireVoucher: true },
      action: { nextEntryMarkStatus: '02', recordedPeriod: 'run', recordedTime: 'run' },
      schedule: '0 0 1 1 *',
    }
    expect((await gw.inject({ method: 'PUT', url: '/v1/auto-entry/rules/zh-rule', payload: rule })).statusCode).toBe(201)
    const [invoice] = freshInvoices(gw.sandbox, GUIDE_SUBMIT.taxNo, 1)
    const candidate = { invoiceNo: invoice.invoiceNo, invoiceType: '82', issueDate: '20251101', source: 'scan' }
    const put = (lang: string) =>
      gw.inject({ method: 'PUT', url: '/v1/auto-entry/candidates', payload: { taxNo: GUIDE_SUBMIT.taxNo, invoices: [candidate] }, headers: { 'accept-language': lang } })
    const en = (await put('en')).json().items[0]
    const zh = (await put('zh-CN')).json().items[0]
    expect([en.standing, zh.standing]).toEqual(['not_matched', 'not_matched'])
    expect(en.notMatchedBy['zh-rule']).toEqual(['source scan is not one of tax_bureau', 'no voucher is posted for it yet'])
    expect(zh.notMatchedBy['zh-rule']).toEqual(['来源 scan 不是 tax_bureau 之一', '尚未为其过账凭证'])
    expect(zh.reasons).toEqual(['没有已启用的规则选中它'])
    const listed = await gw.inject({ method: 'GET', url: `/v1/auto-entry/candidates?taxNo=${GUIDE_SUBMIT.taxNo}`, headers: ZH_HEADERS })
    expect(listed.json().items.find((c: { invoiceNo: string }) => c.invoiceNo === invoice.invoiceNo).reasons).toEqual(['没有已启用的规则选中它'])
    const withdrawn = await gw.inject({ method: 'DELETE', url: `/v1/auto-entry/candidates/${invoice.invoiceNo}?taxNo=${GUIDE_SUBMIT.taxNo}`, headers: ZH_HEADERS })
    expect(withdrawn.json().reasons).toEqual(['已撤回：其单据已解除关联'])
  })

  it("words a tax number check's problems in the reader's language, the vendor's words as they are", async () => {
    const check = (lang: string) => gw.inject({ method: 'POST', url: `/v1/tax-numbers/${SANDBOX_TAX_NOS.channelUnsupported}/check`, headers: { 'accept-language': lang } })
    const [en, zh] = [(await check('en')).json(), (await check('zh-CN')).json()]
    expect(zh.problems.map((p: { code: string }) => p.code)).toEqual(en.problems.map((p: { code: string }) => p.code))
    expect(zh.problems.length).toBeGreaterThan(0)
    for (const p of zh.problems) expect(p.message).toMatch(CJK)
    expect(zh.problems.map((p: { vendorMessage?: string }) => p.vendorMessage)).toEqual(en.problems.map((p: { vendorMessage?: string }) => p.vendorMessage))
    expect(en.problems.find((p: { code: string }) => p.code === 'ETAX_ACCOUNT_CANNOT_RECEIVE')?.message).toContain('开票 only')
    expect(zh.problems.find((p: { code: string }) => p.code === 'ETAX_ACCOUNT_CANNOT_RECEIVE')?.message).toContain('仅开票')
  })

  it("shows a delivery's lastError in the reader's language", async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number }
        server.close(() => resolve(port))
      })
    })
    const client = await gw.app.clients.addClient('zh-hooks', 'any')
    await gw.app.webhooks.set('zh-hooks', `http://127.0.0.1:${closed}/hooks`)
    const erp = (o: Parameters<Gateway['inject']>[0]) => gw.app.inject({ ...o, headers: { authorization: `Bearer ${client.key.key}`, ...o.headers } })
    const submitted = await erp({ method: 'POST', url: '/v1/recording-tasks', payload: { ...GUIDE_SUBMIT, invoices: freshInvoices(gw.sandbox, GUIDE_SUBMIT.taxNo, 1) } })
    const taskId = submitted.json().id
    const delivery = (lang: string) => erp({ method: 'GET', url: `/v1/webhook-deliveries?taskId=${taskId}`, headers: { 'accept-language': lang } }).then((r) => r.json().items[0])
    await expect.poll(() => delivery('en'), { timeout: 10_000, interval: 25 }).toSatisfy((d: { attempts?: number } | undefined) => (d?.attempts ?? 0) >= 1)
    expect((await delivery('en')).lastError).toBe('could not connect (ECONNREFUSED)')
    expect((await delivery('zh-CN')).lastError).toBe('无法连接（ECONNREFUSED）')
  })

  it('writes CSV column headers in Chinese for lang=zh or a zh Accept-Language, the rows unchanged', async () => {
    const csv = async (query: string, headers: Record<string, string> = {}) => {
      const res = await gw.inject({ method: 'GET', url: `/v1/invoices?taxNo=${GUIDE_SUBMIT.taxNo}&format=csv${query}`, headers })
      expect(res.statusCode).toBe(200)
      const [header, ...rows] = res.body.replace(/^\uFEFF/, '').trim().split('\r\n')
      return { header, rows }
    }
    const en = await csv('')
    expect(en.header.startsWith('taxNo,invoiceNo,invoiceCode,outcome')).toBe(true)
    const zh = await csv('&lang=zh')
    expect(zh.header.startsWith('购方税号,发票号码,发票代码,结果,入账状态')).toBe(true)
    expect(zh.rows).toEqual(en.rows)
    expect((await csv('', ZH_HEADERS)).header).toBe(zh.header)
    expect((await csv('&lang=en', ZH_HEADERS)).header).toBe(en.header)
    const period = GUIDE_SUBMIT.invoices[0].recordedPeriod.slice(0, 6)
    const summary = await gw.inject({ method: 'GET', url: `/v1/reports/entry-summary?taxNo=${GUIDE_SUBMIT.taxNo}&recordedPeriod=${period}&format=csv&lang=zh` })
    expect(summary.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('类别,目标入账状态,结果,失败原因,张数')
  })
})

describe('the CLI in the language of its settings', () => {
  let gw: Gateway
  beforeAll(async () => {
    gw = await startGateway()
  })
  afterAll(() => gw.close())

  async function cli(lang: 'en' | 'zh', ...args: string[]) {
    const out: string[] = []
    const err: string[] = []
    const code = await runCliOn({ clients: gw.app.clients, webhooks: gw.app.webhooks, taxNumbers: gw.app.taxNumbers }, args, { out: (l) => out.push(l), err: (l) => err.push(l) }, lang)
    return { code, out, err }
  }

  it('prints results, refusals and the usage in Chinese with zh, and the key alone on the last line either way', async () => {
    const added = await cli('zh', 'clients', 'add', 'erp-zh', '--any-tax-no')
    expect(added.code).toBe(0)
    expect(added.out.at(-2)).toMatch(/^已添加客户端 erp-zh，可代理任意税号；密钥 id /)
    expect(added.out.at(-1)).toMatch(/^rzk_/)
    const listed = await cli('zh', 'clients', 'list')
    expect(listed.out.find((l) => l.startsWith('erp-zh'))).toMatch(/可代理任意税号\t密钥：.*（从未使用）|可代理任意税号\t密钥：.* \(从未使用\)/)
    for (const args of [
      ['clients', 'add', 'erp-zh', '--any-tax-no'],
      ['clients', 'add', 'bad name', '--any-tax-no'],
      ['clients', 'add', 'x', '--tax-no', '914403007451947783'],
      ['keys', 'revoke', 'nope'],
      ['webhooks', 'set', 'erp-zh', 'ftp://erp.example.com'],
      ['webhooks', 'rotate', 'erp-zh', '--grace-hours', '9999'],
      ['clients', 'frobnicate'],
      ['clients', 'add', 'x', '--bogus'],
    ]) {
      const zh = await cli('zh', ...args)
      const en = await cli('en', ...args)
      expect([zh.code, en.code], args.join(' ')).toEqual([2, 2])
      expect(zh.err.join('\n'), args.join(' ')).toMatch(CJK)
      expect(en.err.join('\n')).not.toBe(zh.err.join('\n'))
    }
    expect((await cli('zh', 'clients', 'frobnicate')).err.join('\n')).toContain('用法：')
    expect((await cli('en', 'clients', 'frobnicate')).err.join('\n')).toContain('usage:')
  })
})
