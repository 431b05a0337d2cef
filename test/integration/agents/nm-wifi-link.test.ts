/**
 * sys-net's NetworkManager client against a stand-in NetworkManager on a real
 * private dbus-daemon (network-manager-stand-in.ts), and against a bus where
 * no NetworkManager answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DBusError, type MessageBus } from 'dbus-next';
import { startDbusDaemon, type DbusDaemon } from '../../support/dbus-daemon.js';
import { NetworkManagerWifiLink } from '../../../netvm/nm-wifi-link.js';
import { connectBus, QTUI_ERRORS } from '../../../services/dbus-protocol/index.js';
import { NetworkManagerStandIn } from './network-manager-stand-in.js';

let daemon: DbusDaemon;
let nmBus: MessageBus;
let nm: NetworkManagerStandIn;
let link: NetworkManagerWifiLink;

beforeAll(async () => {
  daemon = await startDbusDaemon();
  nmBus = await connectBus(daemon.address);
  nm = new NetworkManagerStandIn(nmBus);
  await nm.start();
  link = new NetworkManagerWifiLink(daemon.address);
});

afterAll(async () => {
  nmBus?.disconnect();
  await daemon?.stop();
});

async function errorName(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'no error',
    (e: unknown) => (e instanceof DBusError ? e.type : String(e)),
  );
}

describe('NetworkManagerWifiLink', () => {
  it('lists the access points of the Wi-Fi device, strongest first, not simulated', async () => {
    expect(await link.networks()).toEqual({
      simulated: false,
      networks: [
        { ssid: 'office', bssid: '02:00:00:00:02:01', signal: 70, security: 'WPA2' },
        { ssid: 'guest', bssid: '02:00:00:00:02:02', signal: 40, security: 'open' },
      ],
    });
  });

  it('joins with AddAndActivateConnection and a WPA-PSK profile; reads the joined network; disconnects', async () => {
    expect(await link.connection()).toEqual({ simulated: false, ssid: '' });
    await link.connect('office', 'office-passphrase');
    const settings = nm.added.at(-1);
    expect(settings?.['802-11-wireless']?.ssid?.value).toEqual(Buffer.from('office'));
    expect(settings?.['802-11-wireless-security']?.['key-mgmt']?.value).toBe('wpa-psk');
    expect(await link.connection()).toEqual({ simulated: false, ssid: 'office' });
    await link.disconnect();
    expect(await link.connection()).toEqual({ simulated: false, ssid: '' });
    await link.connect('guest', '');
    expect(nm.added.at(-1)?.['802-11-wireless-security']).toBeUndefined();
    expect(await link.connection()).toEqual({ simulated: false, ssid: 'guest' });
  });

  it('a wrong passphrase is AuthFailed, an SSID not in range UnknownNetwork', async () => {
    expect(await errorName(link.connect('office', 'not-the-passphrase'))).toBe(QTUI_ERRORS.AuthFailed);
    expect(await errorName(link.connect('elsewhere', 'office-passphrase'))).toBe(QTUI_ERRORS.UnknownNetwork);
  });

  it('where no NetworkManager owns its name, every call is NotSupported', async () => {
    const other = await startDbusDaemon();
    try {
      const none = new NetworkManagerWifiLink(other.address);
      expect(await errorName(none.networks())).toBe(QTUI_ERRORS.NotSupported);
      expect(await errorName(none.connect('office', 'office-passphrase'))).toBe(QTUI_ERRORS.NotSupported);
    } finally {
      await other.stop();
    }
  });
});
