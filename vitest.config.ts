import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // PGlite in memory is ~0.9 GB per instance; two workers fit this 2-core machine.
    maxWorkers: 2,
  },
})
