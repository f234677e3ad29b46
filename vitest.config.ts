import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // CI also writes a JSON report, from which .ci/run prints a plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', {outputFile: '.ci/vitest-report.json'}]] : ['default'],
    // Tests run the real promtool/amtool and the built CLI: allow for process start-up, not for speed targets.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
