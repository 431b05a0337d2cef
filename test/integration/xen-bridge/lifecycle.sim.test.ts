import { beforeAll } from 'vitest';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';
import { defineXenLifecycleSuite } from '../../support/xen-lifecycle-suite.js';

let host: SimXenHost;
beforeAll(buildOnce, 120_000);

defineXenLifecycleSuite('xen-bridge lifecycle on the simulated host', {
  env: () => host.env,
  guest: { kernel: '/usr/lib/qtui/vmlinuz' },
  bootTimeoutMs: 20_000,
  setup: async () => {
    host = await SimXenHost.create();
  },
  teardown: () => host.teardown(),
});
