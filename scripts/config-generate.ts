// `npm run config:generate`: docs/CONFIGURATION.md and .env.example from the one configuration schema
// (src/config-schema.ts). test/config.test.ts fails when either is out of date.
import { writeFileSync } from 'node:fs'
import { VARIABLES } from '../src/config-schema.ts'

export const CONFIG_DOC = new URL('../docs/CONFIGURATION.md', import.meta.url)
export const ENV_EXAMPLE = new URL('../.env.example', import.meta.url)

export function renderConfigDoc(): string {
  const rows = VARIABLES.map((v) => {
    const rule = v.kind === 'enum' ? `one of ${v.values?.join(', ')}` : v.kind === 'int' ? `whole number ${v.min}–${v.max}` : v.kind === 'list' ? 'comma-separated list' : 'text'
    const needed = v.requiredForVendor ? 'yes, with `PIAOZONE_BASE_URL`' : ''
    return `| \`${v.name}\` | ${v.default === undefined ? '' : `\`${v.default}\``} | ${rule} | ${needed} | ${v.secret ? 'secret. ' : ''}${v.description} |`
  })
  return `# Configuration

Generated from \`src/config-schema.ts\` by \`npm run config:generate\`; do not edit by hand. Every variable is read from the
environment and validated at start; a bad value stops the start with a message naming the variable and its rule.

| variable | default | rule | required | meaning |
|---|---|---|---|---|
${rows.join('\n')}
`
}

export function renderEnvExample(): string {
  const lines = VARIABLES.map((v) => `# ${v.description}\n${v.default === undefined ? '# ' : ''}${v.name}=${v.secret ? '' : (v.default ?? '')}`)
  return `# Generated from src/config-schema.ts by \`npm run config:generate\`. Copy to .env: npm start and npm run cli read it; variables set in the environment win.\n\n${lines.join('\n\n')}\n`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(CONFIG_DOC, renderConfigDoc())
  writeFileSync(ENV_EXAMPLE, renderEnvExample())
  console.log('wrote docs/CONFIGURATION.md and .env.example')
}
