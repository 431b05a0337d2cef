/**
 * The system a fresh host starts with, laid out as a default Qubes 4.2
 * install: service qubes for network, firewall, USB and GUI, the usual
 * templates, Whonix, and the work/personal/untrusted/vault AppVMs.
 * sys-gui is black: the GUI domain sees every window, so it is trusted like dom0.
 */
import type { RegistryOptions } from './registry.js';
import { Registry } from './registry.js';

export const SEED_TEMPLATES = ['fedora-41', 'fedora-41-minimal', 'debian-12', 'whonix-gateway-17', 'whonix-workstation-17'] as const;

export function seedRegistry(options: RegistryOptions = {}): Registry {
  const reg = new Registry(options);
  for (const t of SEED_TEMPLATES) reg.add('TemplateVM', t, { label: 'black' });
  reg.setGlobal('default_template', 'fedora-41');

  reg.add('AppVM', 'sys-net', { label: 'red', provides_network: true, netvm: null, autostart: true });
  reg.add('AppVM', 'sys-firewall', { label: 'green', provides_network: true, netvm: 'sys-net', autostart: true });
  reg.setGlobal('default_netvm', 'sys-firewall');
  reg.add('AppVM', 'sys-usb', { label: 'red', netvm: null, autostart: true });
  reg.add('AppVM', 'sys-gui', { label: 'black', netvm: null });

  reg.add('AppVM', 'sys-whonix', { label: 'black', template: 'whonix-gateway-17', provides_network: true, netvm: 'sys-firewall' });
  reg.add('AppVM', 'anon-whonix', { label: 'red', template: 'whonix-workstation-17', netvm: 'sys-whonix' });

  // Which agent each service qube runs (services/relay reads this feature).
  reg.setFeature('sys-net', 'qtui-service', 'network');
  reg.setFeature('sys-firewall', 'qtui-service', 'firewall');
  reg.setFeature('sys-usb', 'qtui-service', 'usb');
  reg.setFeature('sys-gui', 'qtui-service', 'gui');

  reg.add('AppVM', 'work', { label: 'blue' });
  reg.add('AppVM', 'personal', { label: 'yellow' });
  reg.add('AppVM', 'untrusted', { label: 'red' });
  reg.add('AppVM', 'vault', { label: 'black', netvm: null });
  reg.add('AppVM', 'default-dvm', { label: 'red', template_for_dispvms: true });
  reg.setGlobal('default_dispvm', 'default-dvm');

  reg.setGlobal('updatevm', 'sys-firewall');
  reg.setGlobal('clockvm', 'sys-net');
  return reg;
}
