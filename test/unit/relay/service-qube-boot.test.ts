import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qubeBusConfig, rcLocalScript, SERVICE_FEATURE, serviceKindOf, writeServiceQubeBoot } from '../../../services/relay/service-qube-boot.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('service qube boot files', () => {
  it('the feature names the kind', () => {
    expect(serviceKindOf({ [SERVICE_FEATURE]: 'firewall' })).toBe('firewall');
    expect(serviceKindOf({ [SERVICE_FEATURE]: '' })).toBeUndefined();
    expect(serviceKindOf({})).toBeUndefined();
  });

  it('rc.local starts the right agent with the relay vchan, quoting every value for sh', () => {
    const folder = "/q/it's here";
    const script = rcLocalScript({ folder, kind: 'usb', repoRoot: '/repo', vchanProxy: '/repo/bin/sim/vchan-socket-proxy', node: '/usr/bin/node' });
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain(`'/repo/dist/usbvm/usbvm-agent-main.js' '--sysfs' '/q/it'\\''s here/sysfs-usb' '--bus' 'unix:path=/q/it'\\''s here/bus.sock' '--vchan' 'data/vchan/dbus'`);
    expect(script).toContain(`--config-file='/q/it'\\''s here/bus.conf'`);
    // sh itself reads it without a syntax error.
    execFileSync('sh', ['-n', '-c', script]);
    expect(rcLocalScript({ folder, kind: 'firewall', repoRoot: '/repo', vchanProxy: '/p' })).toContain(`'--no-network' '--firewall' '--nft' 'off'`);
    expect(rcLocalScript({ folder, kind: 'network', repoRoot: '/repo', vchanProxy: '/p' })).toContain(`'--simulated-wifi'`);
  });

  it('the bus config escapes the socket path for XML', () => {
    expect(qubeBusConfig('/a&b/<bus>', 'user')).toContain('<listen>unix:path=/a&amp;b/&lt;bus&gt;</listen>');
  });

  it('writes an executable rc.local and the bus config into the domain folder', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'qtui-boot-')), 'sys-gui');
    dirs.push(join(folder, '..'));
    await writeServiceQubeBoot({ folder, kind: 'gui', repoRoot: '/repo', vchanProxy: '/p' });
    expect(statSync(join(folder, 'rc.local')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(folder, 'bus.conf'), 'utf8')).toContain(`unix:path=${join(folder, 'bus.sock')}`);
  });
});
