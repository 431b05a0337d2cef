/**
 * The command lines the console's create and clone forms build are ones the
 * real daemon takes, and they set what the form showed: netvm "none" clears
 * the netvm, memory lands as a number, a TemplateVM gets no template.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createArgv, createChoices, initialValues } from '../../../tui/views/create-form.js';
import { DaemonFixture } from '../../support/daemon-fixture.js';
import { buildOnce } from '../../support/sim-host.js';

beforeAll(buildOnce, 180_000);

let f: DaemonFixture | undefined;
afterEach(async () => {
  await f?.teardown();
  f = undefined;
});

describe('the create form against the daemon', () => {
  it('runs an AppVM with netvm none and memory, and a TemplateVM without template', async () => {
    f = await DaemonFixture.start();
    const reg = f.daemon.ctx.registry;
    const choices = createChoices([], 0);
    const base = { ...initialValues(choices), template: 'debian-12' };
    await f.run(createArgv({ ...base, name: 'offline', label: 'blue', netvm: 'none', memory: '600' }));
    expect(reg.get('offline')?.klass).toBe('AppVM');
    expect(reg.getProperty('offline', 'template').value).toBe('debian-12');
    expect(reg.getProperty('offline', 'netvm')).toEqual({ value: null, isDefault: false });
    expect(reg.getProperty('offline', 'memory')).toEqual({ value: 600, isDefault: false });
    await f.run(createArgv({ ...base, name: 'tpl', class: 'TemplateVM', netvm: 'sys-firewall' }));
    expect(reg.get('tpl')?.klass).toBe('TemplateVM');
    expect(reg.getProperty('tpl', 'netvm').value).toBe('sys-firewall');
    await f.run(['clone', 'offline', 'offline2']);
    expect(reg.getProperty('offline2', 'label').value).toBe('blue');
  });
});
