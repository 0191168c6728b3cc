// README.zh-CN.md is the README for Chinese readers. It must keep up with README.md: every npm command, CLI command
// and flag, UPPER_CASE setting and /v1 route that README.md's sections on running, onboarding, the API, configuration,
// integrating and webhooks name must appear in it too, and its curl walk must be README.md's walk with only the
// comments translated. Each check lists what is missing.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const en = readFileSync('README.md', 'utf8')
const zh = readFileSync('README.zh-CN.md', 'utf8')

/** The README.md sections README.zh-CN.md covers, by how their `## ` title begins. */
const SECTIONS = ['Two commands', 'Onboarding an ERP', 'The API (v1)', 'Configuration for real use', 'Integrating an ERP', 'ERP notifications']

const NAMES: Record<string, RegExp> = {
  'npm commands': /\bnpm (?:run [a-z][\w:-]*(?: -- (?:clients|keys|webhooks) [a-z]+)?|[a-z]+)/g,
  'CLI commands': /\b(?:clients|keys|webhooks) (?:add|list|revoke|set|rotate|remove)\b/g,
  'CLI flags': /(?<![\w-])--[a-z][a-z-]*[a-z]\b/g,
  // WORKER_* as written, and every name with an underscore: PIAOZONE_BASE_URL, DATABASE_URL, …
  settings: /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_\*|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g,
  // Up to a query, a bracket or the end of the path: /v1/invoices/{invoiceNo}/entry-status
  routes: /\/v1\/[\w{}$./-]*[\w}$]/g,
}

function sectionsOf(markdown: string): Map<string, string> {
  const found = new Map<string, string>()
  for (const part of markdown.split(/^## /m).slice(1)) {
    const title = SECTIONS.find((t) => part.startsWith(t))
    if (title) found.set(title, part)
  }
  return found
}

const names = (text: string, pattern: RegExp) => [...new Set(text.match(pattern) ?? [])].sort()

/** The walk's commands: whole-line comments dropped, trailing ` # …` comments cut. */
function walkCommands(markdown: string): string[] | undefined {
  const block = /<!-- walk:[^\n]*-->\n```sh\n([\s\S]*?)```/.exec(markdown)?.[1]
  return block
    ?.split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .map((line) => line.replace(/\s+#\s.*$/, '').trimEnd())
    .filter(Boolean)
}

describe('README.zh-CN.md keeps up with README.md', () => {
  const covered = sectionsOf(en)
  const text = [...covered.values()].join('\n')

  it('finds every covered section of README.md', () => {
    expect([...covered.keys()].sort()).toEqual([...SECTIONS].sort())
  })

  for (const [kind, pattern] of Object.entries(NAMES)) {
    it(`names every one of README.md's ${kind}`, () => {
      const wanted = names(text, pattern)
      expect(wanted.length, `no ${kind} found in README.md: the pattern no longer fits`).toBeGreaterThan(2)
      // Compared as whole names, so PIAOZONE_USER_TYPE does not stand in for PIAOZONE_USER.
      const present = new Set(names(zh, pattern))
      const missing = wanted.filter((name) => !present.has(name))
      expect(missing, `README.zh-CN.md lacks these ${kind} that README.md names`).toEqual([])
    })
  }

  it('runs the same curl walk, comments aside', () => {
    const english = walkCommands(en)
    expect(english?.length, 'README.md has no walk block').toBeGreaterThan(10)
    expect(walkCommands(zh)).toEqual(english)
  })

  it('is linked right under README.md\'s title', () => {
    const [title, ...rest] = en.split('\n')
    expect(title).toMatch(/^# /)
    expect(rest.find((line) => line.trim())).toBe('中文说明：[README.zh-CN.md](README.zh-CN.md)')
  })
})
