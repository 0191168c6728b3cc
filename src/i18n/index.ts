// Every message a person reads, in English and in Simplified Chinese. A message is written once, in English, as a
// msgid with {named} parameters (`t('no task {id}', { id })`); ./zh.ts holds its Chinese. The reader's language is
// chosen where the message is shown: an HTTP answer by the request's Accept-Language, the CLI by --lang, LC_ALL or
// LANG. Codes (`TASK_NOT_FOUND`, `02`) never change with the language; a test fails on a msgid without Chinese.
import { ZH } from './zh.ts'

export type Lang = 'en' | 'zh'

/** A message in both languages, chosen when it is shown. */
export interface Text {
  en: string
  zh: string
}

type Param = string | number | Text

const isText = (v: unknown): v is Text => typeof v === 'object' && v !== null && 'en' in v && 'zh' in v

function fill(template: string, params: Record<string, Param>, lang: Lang): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    if (value === undefined) return whole
    return isText(value) ? value[lang] : String(value)
  })
}

/** The message `msgid` (English, with {named} parameters) in both languages. */
export function t(msgid: string, params: Record<string, Param> = {}): Text {
  return { en: fill(msgid, params, 'en'), zh: fill(ZH[msgid] ?? msgid, params, 'zh') }
}

/** A message in one language; a plain string (a vendor's own words, a name) is shown as it is. */
export const say = (text: Text | string, lang: Lang): string => (typeof text === 'string' ? text : text[lang])

/** Whether the catalogue has the message's Chinese (the catalogue test uses it). */
export const hasChinese = (msgid: string): boolean => msgid in ZH

/**
 * The language an Accept-Language header prefers among the two: its highest-weighted tag that is Chinese or English
 * (`zh-CN,zh;q=0.9,en;q=0.8` → zh; `en-US,zh;q=0.5` → en). English when it names neither, or is absent.
 */
export function preferredLang(header: string | undefined): Lang {
  if (!header) return 'en'
  const ranked = header
    .slice(0, 400)
    .split(',')
    .map((part, i) => {
      const [tag, ...options] = part.trim().toLowerCase().split(';')
      const weight = options.find((o) => /^\s*q\s*=/.test(o))
      // A weight that is not a valid qvalue (RFC 9110: 0 to 1, three decimals at most) ranks the tag last.
      const q = weight === undefined ? 1 : Number(/^\s*q\s*=\s*([01](\.\d{0,3})?)\s*$/.exec(weight)?.[1] ?? 0)
      return { primary: tag.split('-')[0], q: q <= 1 ? q : 0, i }
    })
    .filter((r) => r.q > 0 && (r.primary === 'zh' || r.primary === 'en'))
    .sort((a, b) => b.q - a.q || a.i - b.i)
  return ranked[0]?.primary === 'zh' ? 'zh' : 'en'
}

/** A `lang` setting (`zh`, `zh-CN`, `zh_CN.UTF-8`, `en` …) as one of the two; undefined when it names neither. */
export function langOf(value: string | undefined): Lang | undefined {
  const primary = value?.toLowerCase().split(/[-_.@]/)[0]
  return primary === 'zh' || primary === 'en' ? primary : undefined
}

/** The CLI's language: --lang, else LC_ALL, LC_MESSAGES, LANG (the POSIX order), else English. */
export function cliLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  return langOf(flag) ?? langOf(env.LC_ALL || env.LC_MESSAGES || env.LANG) ?? 'en'
}

/** A msgid cut at its parameters: the literal text around them, and each parameter's name. */
interface Template {
  msgid: string
  literals: string[]
  names: string[]
  /** How much of it is literal: the most specific template is tried first. */
  weight: number
}

let templates: Template[] | undefined

function templatesOf(): Template[] {
  templates ??= Object.keys(ZH)
    .map((msgid) => {
      const parts = msgid.split(/\{(\w+)\}/)
      const literals = parts.filter((_, i) => i % 2 === 0)
      return { msgid, literals, names: parts.filter((_, i) => i % 2 === 1), weight: literals.join('').length }
    })
    .sort((a, b) => b.weight - a.weight)
  return templates
}

/**
 * The parameters of `stored` read as `template`, or undefined when it is not one. Literals are found left to right
 * (each at its first place after the last), the last one at the very end: linear in the text, whatever it holds.
 */
function readAs(stored: string, { literals, names }: Template): Record<string, string> | undefined {
  if (!stored.startsWith(literals[0]) || !stored.endsWith(literals[literals.length - 1])) return undefined
  if (names.length === 0) return stored === literals[0] ? {} : undefined
  const values: string[] = []
  let at = literals[0].length
  for (let i = 1; i < literals.length - 1; i++) {
    const found = stored.indexOf(literals[i], at)
    if (found < 0) return undefined
    values.push(stored.slice(at, found))
    at = found + literals[i].length
  }
  const end = stored.length - literals[literals.length - 1].length
  if (end < at) return undefined
  values.push(stored.slice(at, end))
  // A number, code, id or status never holds a space: "piaozone answered HTTP {status}" is not a reading of
  // "piaozone answered HTTP 503 (refusal 2; given up after 5)".
  if (names.some((n, i) => ATOMIC.has(n) && /\s/.test(values[i]))) return undefined
  return Object.fromEntries(names.map((n, i) => [n, values[i]]))
}

/** Parameters that are one word: a number, a code, an id, a status, a date, a name. */
const ATOMIC = new Set([
  'address', 'amount', 'amountMin', 'at', 'bad', 'charset', 'code', 'count', 'current', 'days', 'expected', 'fields', 'from', 'full', 'id',
  'index', 'interfaceCode', 'invoice', 'invoiceNo', 'issueDate', 'keyId', 'kind', 'length', 'max', 'method', 'month', 'more', 'ms', 'n', 'name',
  'option', 'pid', 'runId', 'seconds', 'seller', 'sentAt', 'source', 'status', 'taskId', 'taxNo', 'today', 'type', 'until', 'vendorCode',
])

/** Parameters that are messages of the catalogue themselves, read back in turn; every other one (a vendor's words, a code, a number) is kept as it is. */
const NESTED = new Set(['message', 'limit', 'why', 'where', 'problem', 'rule', 'what', 'rights', 'url'])

/**
 * A message stored in English (a delivery's lastError, a task's error) in both languages: the catalogue's msgid it
 * was made from, with its parameters read back. Text no msgid makes (a vendor's own words) stays as it is in both.
 */
export function fromEnglish(stored: string, depth = 0): Text {
  for (const template of templatesOf()) {
    const params = readAs(stored, template)
    if (!params) continue
    // A parameter may be a message itself ("{message} (refusal {n}; {limit})"): read back too, one level down.
    return t(template.msgid, Object.fromEntries(Object.entries(params).map(([n, v]) => [n, depth < 2 && NESTED.has(n) ? fromEnglish(v, depth + 1) : v])))
  }
  return { en: stored, zh: stored }
}

/** A message stored in English, in the reader's language: English as it is (nothing to read back), else its Chinese. */
export function readBack<S extends string | null>(stored: S, lang: Lang): S | string {
  return lang === 'en' || stored === null ? stored : fromEnglish(stored).zh
}

/** An error object as a reader sees it: its `message` (stored in English) in the reader's language; codes and a vendor's words as they are. */
export function messageIn<E>(error: E, lang: Lang): E {
  if (typeof error !== 'object' || error === null || !('message' in error) || typeof error.message !== 'string') return error
  return { ...error, message: readBack(error.message, lang) }
}
