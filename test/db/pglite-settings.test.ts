// The embedded database's own settings (src/db/open.ts): a buffer pool of 16 MB, not Postgres's 128 MB, because a
// WebAssembly memory never gives pages back and the default pool alone was 151 MB of the gateway's RSS (issue 23).
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/open.ts'
import { sqlPlannedEachTime } from '../../src/db/sql.ts'

describe('the embedded database', () => {
  it('runs with a small shared buffer pool', async () => {
    const db = await openDatabase('pglite:memory')
    try {
      const [row] = await db.sql.query(sqlPlannedEachTime<{ shared_buffers: string }>('SHOW shared_buffers'))
      expect(row.shared_buffers).toBe('16MB')
    } finally {
      await db.close()
    }
  })
})
