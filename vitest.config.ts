import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests run the real promtool/amtool and the built CLI: allow for process start-up, not for speed targets.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
