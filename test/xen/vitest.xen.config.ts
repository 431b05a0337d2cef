import { defineConfig } from 'vitest/config';

/** The suite that runs inside the lab's dom0, against the real xl. */
export default defineConfig({
  test: {
    include: ['test/xen/**/*.xen.test.ts'],
    // Under software emulation a domain takes seconds to build and boot.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
