// Runs in the lab's dom0 (npm run test:xen) under node's own test runner,
// compiled by tsconfig.xen.json: the guest is the lab's busybox PV domU.
import { after, before, describe, it } from 'node:test';
import { lifecycleSuite } from '../support/xen-lifecycle-suite.js';

const suite = lifecycleSuite('xen-bridge lifecycle on real Xen 4.17', {
  env: () => process.env,
  guest: { kernel: '/var/lib/xenlab/domu/vmlinux', ramdisk: '/var/lib/xenlab/domu/initrd.gz', extra: 'console=hvc0 quiet' },
  bootTimeoutMs: 120_000,
});

void describe(suite.title, { timeout: 900_000 }, () => {
  before(suite.setup, { timeout: 120_000 });
  after(suite.teardown, { timeout: 120_000 });
  for (const step of suite.steps) void it(step.name, { timeout: 300_000 }, step.run);
});
