import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'prisma/config'

const root = path.dirname(fileURLToPath(import.meta.url))
// Offline: the native schema-engine is downloaded by @prisma/engines' postinstall (blocked by allowScripts and
// unreachable here). `prisma generate|validate|format` only check that the file exists, so point the CLI at a
// stub unless a real engine was downloaded. Migrations are applied by src/db/migrate.ts (see shared PROBE.md).
const hasEngine = ['node_modules/@prisma/engines', 'node_modules/prisma'].some((d) => {
  const dir = path.join(root, d)
  return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('schema-engine-'))
})
if (!hasEngine) process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(root, 'prisma/schema-engine-offline.sh')

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  // Only the CLI's migrate/db commands read this (they need the native engine); the app passes an adapter.
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/ruzhang' },
})
