import { defineXenLifecycleSuite } from '../support/xen-lifecycle-suite.js';

// Runs in the lab's dom0 (npm run test:xen): the guest is the lab's busybox PV domU.
defineXenLifecycleSuite('xen-bridge lifecycle on real Xen 4.17', {
  env: () => process.env,
  guest: { kernel: '/var/lib/xenlab/domu/vmlinux', ramdisk: '/var/lib/xenlab/domu/initrd.gz', extra: 'console=hvc0 quiet' },
  bootTimeoutMs: 120_000,
});
