/**
 * A qube whose kernel is not installed in dom0 fails to start with xl's own
 * report (the simulated xl opens the kernel as real xl does), and the
 * command says which file is missing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CommandError } from '../../../services/commands/command-spec.js';
import { DaemonFixture } from '../../support/daemon-fixture.js';
import { buildOnce } from '../../support/sim-host.js';

let fx: DaemonFixture;
beforeAll(async () => {
  await buildOnce();
  fx = await DaemonFixture.start();
}, 180_000);
afterAll(async () => {
  await fx?.teardown();
});

it('qtui start of a qube with a kernel that is not there shows xl’s message and starts nothing', async () => {
  await fx.run(['prefs', 'work', 'kernel', '9.9.9-missing']);
  const failure = await fx.run(['start', 'work']).then(
    () => null,
    (e: unknown) => e,
  );
  expect(failure).toBeInstanceOf(CommandError);
  const message = (failure as CommandError).message;
  expect(message).toMatch(/xc: error: panic: xg_dom_core\.c:205: failed to open file '[^']*\/vm-kernels\/9\.9\.9-missing\/vmlinuz': No such file or directory/);
  expect(message).toContain('xc_dom_kernel_file failed: No such file or directory');
  expect(await fx.running()).not.toContain('work');
  // The default kernel is installed: back on it, the qube starts.
  await fx.run(['prefs', '--default', 'work', 'kernel']);
  await fx.run(['start', 'work']);
  expect(await fx.running()).toContain('work');
});
