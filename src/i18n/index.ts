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
      const q = options.map((o) => /^\s*q\s*=\s*([01](\.\d{0,3})?)\s*$/.exec(o)?.[1]).find((v) => v !== undefined)
      return { primary: tag.split('-')[0], q: q === undefined ? 1 : Number(q), i }
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

let storedPatterns: { pattern: RegExp; msgid: string; names: string[]; literal: number }[] | undefined

/**
 * A message stored in English (a delivery's lastError, a task's error) in both languages: the catalogue's msgid it
 * was made from, with its parameters read back. Text no msgid makes (a vendor's own words) stays as it is in both.
 */
export function fromEnglish(stored: string, depth = 0): Text {
  storedPatterns ??= Object.keys(ZH).map((msgid) => {
    const names: string[] = []
    const source = msgid
      .split(/(\{\w+\})/)
      .map((part) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1]
        if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        names.push(name)
        return '([\\s\\S]*?)'
      })
      .join('')
    return { pattern: new RegExp(`^${source}$`), msgid, names, literal: msgid.replace(/\{\w+\}/g, '').length }
  })
  // The most specific first: "HTTP {status}" must not be read as "{field}: {rule}".
  storedPatterns.sort((a, b) => b.literal - a.literal)
  for (const { pattern, msgid, names } of storedPatterns) {
    const match = pattern.exec(stored)
    // A parameter may be a message itself ("{message} (refusal {n}; {limit})"): read back too, one level down.
    if (match) return t(msgid, Object.fromEntries(names.map((n, i) => [n, depth < 2 ? fromEnglish(match[i + 1], depth + 1) : match[i + 1]])))
  }
  return { en: stored, zh: stored }
}

/** An error object as a reader sees it: its `message` (stored in English) in the reader's language; codes and a vendor's words as they are. */
export function messageIn<E>(error: E, lang: Lang): E {
  if (lang === 'en' || typeof error !== 'object' || error === null || !('message' in error) || typeof error.message !== 'string') return error
  return { ...error, message: fromEnglish(error.message).zh }
}
