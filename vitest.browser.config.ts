// Tests that drive a real browser (Debian's chromium). Run by `npm run test:browser` and .ci/run, not by
// `npm test`, so the README's test command needs nothing beyond npm.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: { include: ['test/browser/**/*.browser.ts'], testTimeout: 60_000, hookTimeout: 60_000, maxWorkers: 1 },
})
