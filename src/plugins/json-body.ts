// JSON bodies in the charset their Content-Type declares. Fastify's own parser reads every body as UTF-8 whatever
// the charset says, so a GBK body from an older Chinese ERP was stored as U+FFFD. Here a body is read as bytes (the
// 1 MiB limit counts bytes), decoded strictly in its declared charset, then parsed by Fastify's own JSON parser
// (its prototype-poisoning checks and its answers to empty or malformed JSON kept).
import type { FastifyInstance } from 'fastify'
import iconv from 'iconv-lite'
import { AppError } from '../errors.ts'
import { t } from '../i18n/index.ts'

const UTF8 = ['utf-8', 'utf8']
// GB2312 ⊂ GBK ⊂ GB18030 byte for byte, so one GB18030 decoder reads all three: the WHATWG Encoding Standard
// (what browsers do) maps all three labels to it. GBK's one-byte 0x80 (€, Windows code page 936) decodes too.
const GB = ['gb18030', 'gbk', 'gb2312']
const SUPPORTED = 'UTF-8 (the default), GB18030, GBK or GB2312'

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The charset parameter of a Content-Type, lower case and unquoted; undefined when there is none. */
export function declaredCharset(contentType: string): string | undefined {
  for (const parameter of contentType.split(';').slice(1)) {
    const [name, value = ''] = parameter.split('=', 2)
    if (name.trim().toLowerCase() !== 'charset') continue
    const bare = value.trim()
    return (bare.length > 1 && bare.startsWith('"') && bare.endsWith('"') ? bare.slice(1, -1) : bare).toLowerCase()
  }
  return undefined
}

const notValid = (charset: string) =>
  new AppError(400, 'VALIDATION_FAILED', t('the body is not valid {charset}', { charset }), {
    details: [{ field: 'body', rule: t('is not valid {charset}: send it in the charset the Content-Type declares (application/json; charset=utf-8, or charset=GB18030)', { charset }) }],
  })

/** The body's text: 415 for a charset we do not read, 400 for bytes that are not valid in it (never U+FFFD stored). */
export function decodeBody(bytes: Buffer, contentType: string): string {
  const charset = declaredCharset(contentType)
  if (charset === undefined || UTF8.includes(charset)) {
    try {
      return utf8.decode(bytes)
    } catch {
      throw notValid('UTF-8')
    }
  }
  if (GB.includes(charset)) {
    // iconv-lite has no strict mode: it puts U+FFFD where bytes are not GB18030. Refusing every U+FFFD also refuses
    // the one valid sequence for it (84 31 A4 37), which only ever stands for text already lost upstream.
    const text = iconv.decode(bytes, 'gb18030')
    if (text.includes('\uFFFD')) throw notValid('GB18030')
    return text
  }
  const rule = t('charset must be {supported} (got {charset})', { supported: SUPPORTED, charset })
  throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', t("the body's charset {charset} is not supported: send {supported}", { charset, supported: SUPPORTED }), { details: [{ field: 'header content-type', rule }] })
}

export function registerJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser(app.initialConfig.onProtoPoisoning ?? 'error', app.initialConfig.onConstructorPoisoning ?? 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser<Buffer>('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    // A route that takes no body (refresh, cancel, a check …) takes an empty one too: many HTTP clients send
    // Content-Type: application/json on every POST. A route with a body schema still answers an empty body with a 400.
    if (body.length === 0 && !request.routeOptions.schema?.body) return done(null, undefined)
    let text: string
    try {
      text = decodeBody(body, request.headers['content-type'] ?? '')
    } catch (err) {
      // decodeBody throws only AppErrors; anything else is wrapped so Fastify's handler still gets an Error.
      return done(err instanceof Error ? err : new Error(String(err)), undefined)
    }
    parseJson(request, text, done)
  })
}
