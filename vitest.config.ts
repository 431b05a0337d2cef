import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/xen/**', 'node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Ink renders only a final frame when it believes it runs in CI; the
    // daemons these tests start in-process render for interactive clients.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
  },
});
