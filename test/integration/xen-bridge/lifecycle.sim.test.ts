import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildOnce, SimXenHost } from '../../support/sim-host.js';
import { lifecycleSuite } from '../../support/xen-lifecycle-suite.js';

let host: SimXenHost;
const suite = lifecycleSuite('xen-bridge lifecycle on the simulated host', {
  env: () => host.env,
  get guest() {
    return { kernel: host.boot.kernel };
  },
  bootTimeoutMs: 20_000,
  setup: async () => {
    host = await SimXenHost.create();
  },
  teardown: () => host.teardown(),
});

describe(suite.title, () => {
  beforeAll(async () => {
    await buildOnce();
    await suite.setup();
  }, 180_000);
  afterAll(suite.teardown);
  for (const step of suite.steps) it(step.name, step.run);
});
