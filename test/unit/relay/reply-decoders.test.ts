import { describe, expect, it } from 'vitest';
import { NETWORK_LIMITS, USB_LIMITS } from '../../../services/dbus-protocol/index.js';
import { decodeClipboardPaste, decodeFirewallState, decodeInterfaces, decodeNothing, decodeRuleTexts, decodeUsbDevices, decodeWifi } from '../../../services/relay/reply-decoders.js';

const lo = ['lo', 'loopback', 'unknown', '00:00:00:00:00:00', 65536, ['127.0.0.1/8'], 1n, 2n];
const usb = ['1-1', 1, 4, '0781', '5581', 'SanDisk', 'Ultra', 'ABC', ['08'], '480'];

describe('reply decoders', () => {
  it('accept well-formed replies', () => {
    expect(decodeInterfaces([[lo]])).toEqual([expect.objectContaining({ name: 'lo', rxBytes: 1n })]);
    expect(decodeWifi([true, [['net', 'aa:bb', 80, 'WPA2']]])).toEqual({ simulated: true, networks: [{ ssid: 'net', bssid: 'aa:bb', signal: 80, security: 'WPA2' }] });
    expect(decodeUsbDevices([[usb]])).toEqual([expect.objectContaining({ port: '1-1', classes: ['08'] })]);
    expect(decodeRuleTexts([['action=accept']])).toEqual(['action=accept']);
    expect(decodeFirewallState(['checked', 'ok'])).toEqual({ state: 'checked', message: 'ok' });
    expect(decodeNothing([])).toBeNull();
    expect(decodeClipboardPaste(['work', Buffer.from('hi')])).toEqual({ source: 'work', data: Buffer.from('hi') });
  });

  it.each([
    ['not a list', () => decodeInterfaces(['lo'])],
    ['two arguments', () => decodeInterfaces([[lo], [lo]])],
    ['a bad item', () => decodeInterfaces([[lo, ['eth0\x1b', 'ethernet', 'up', '', 1, [], 0n, 0n]]])],
    ['too many interfaces', () => decodeInterfaces([Array.from({ length: NETWORK_LIMITS.interfaces + 1 }, () => lo)])],
    ['too many devices', () => decodeUsbDevices([Array.from({ length: USB_LIMITS.devices + 1 }, () => usb)])],
    ['wifi without the simulated flag', () => decodeWifi([[['net', 'aa:bb', 80, 'WPA2']]])],
    ['an unknown firewall state', () => decodeFirewallState(['melted', ''])],
    ['a rule over the size limit', () => decodeRuleTexts([['x'.repeat(2000)]])],
    ['a non-empty body where none is due', () => decodeNothing(['surprise'])],
    ['clipboard data over 64000 bytes', () => decodeClipboardPaste(['work', Buffer.alloc(64_001)])],
  ])('refuse %s', (_what, decode) => {
    expect(typeof decode()).toBe('string');
  });
});
