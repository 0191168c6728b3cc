// `npm run db:migrate`: apply pending migrations to DATABASE_URL (the gateway also does this at start).
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/open.ts'

const db = await openDatabase(loadConfig().databaseUrl, console.log)
await db.close()
console.log('database is up to date')
