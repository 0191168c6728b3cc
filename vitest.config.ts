import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // *.postgres.test.ts need a Postgres server of their own to break (pg_terminate_backend): they run when
    // TEST_DATABASE_URL names one, as the second run of .ci/run does.
    exclude: process.env.TEST_DATABASE_URL ? [] : ['test/**/*.postgres.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // PGlite in memory is ~0.9 GB per instance; two workers fit this 2-core machine.
    maxWorkers: 2,
  },
})
