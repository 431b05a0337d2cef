import { describe, expect, it } from 'vitest';
import { busAddressFrom, dbusNextAddress, decodeNotificationEntry, flagValue, unixSocketOfAddress, isQubeName, notificationToWire, type NotificationEntry } from '../../../services/dbus-protocol/index.js';

const entry: NotificationEntry = { id: 7, appName: 'mail', summary: 'Hi', body: 'there', urgency: 1, time: 1_700_000_000, actions: [['ok', 'OK']] };

describe('decodeNotificationEntry', () => {
  it('round-trips an entry through its wire form', () => {
    expect(decodeNotificationEntry(notificationToWire(entry))).toEqual(entry);
  });

  it.each([
    ['not an array', 'x'],
    ['too few fields', [7, 'mail', 'Hi', 'there', 1, 1]],
    ['id 0', [0, 'mail', 'Hi', 'there', 1, 1, []]],
    ['id over u32', [2 ** 32, 'mail', 'Hi', 'there', 1, 1, []]],
    ['summary over 200 code points', [7, 'mail', 'x'.repeat(201), '', 1, 1, []]],
    ['body over 4000', [7, 'mail', '', 'x'.repeat(4001), 1, 1, []]],
    ['urgency 3', [7, 'mail', '', '', 3, 1, []]],
    ['non-integer time', [7, 'mail', '', '', 1, 1.5, []]],
    ['11 actions', [7, 'mail', '', '', 1, 1, Array.from({ length: 11 }, () => ['k', 'l'])]],
    ['a malformed action', [7, 'mail', '', '', 1, 1, [['k']]]],
    ['a number as text', [7, 42, '', '', 1, 1, []]],
  ])('refuses %s', (_why, value) => {
    expect(typeof decodeNotificationEntry(value)).toBe('string');
  });

  it('accepts text at the limit counted in code points', () => {
    const wire = notificationToWire({ ...entry, summary: '😀'.repeat(200) });
    expect(decodeNotificationEntry(wire)).toMatchObject({ summary: '😀'.repeat(200) });
  });
});

describe('isQubeName', () => {
  it.each(['dom0', 'work', 'sys-net', 'a.b_c-1', 'x'.repeat(31)])('accepts %s', (n) => expect(isQubeName(n)).toBe(true));
  it.each(['', '1work', '../etc', 'a b', 'Domain-0', 'none', 'default', 'work-dm', 'x'.repeat(32)])('refuses %j', (n) => expect(isQubeName(n)).toBe(false));
});

describe('busAddressFrom', () => {
  it('prefers --bus, then DBUS_SESSION_BUS_ADDRESS', () => {
    expect(busAddressFrom(['--bus', 'unix:path=/a'], { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/b' })).toEqual({ address: 'unix:path=/a' });
    expect(busAddressFrom([], { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/b' })).toEqual({ address: 'unix:path=/b' });
  });
  it('explains what is missing', () => {
    expect(busAddressFrom(['--bus'], {})).toBe('--bus needs an ADDRESS');
    expect(busAddressFrom([], {})).toBe('no bus: give --bus ADDRESS or set DBUS_SESSION_BUS_ADDRESS');
  });
});

describe('dbusNextAddress', () => {
  it('sends unix:path= through node’s net module (unix:socket=), keeping other keys and addresses', () => {
    expect(dbusNextAddress('unix:path=/tmp/b/bus,guid=abc')).toBe('unix:socket=/tmp/b/bus,guid=abc');
    expect(dbusNextAddress('unix:guid=abc,path=/tmp/b/bus')).toBe('unix:guid=abc,socket=/tmp/b/bus');
    expect(dbusNextAddress('unix:abstract=/x;tcp:host=h,port=1;unix:path=/p')).toBe('unix:abstract=/x;tcp:host=h,port=1;unix:socket=/p');
  });
});

describe('unixSocketOfAddress and flagValue', () => {
  it('finds the socket path of a unix:path address, in any position', () => {
    expect(unixSocketOfAddress('unix:path=/run/bus,guid=1')).toBe('/run/bus');
    expect(unixSocketOfAddress('tcp:host=h,port=1;unix:guid=1,path=/run/bus')).toBe('/run/bus');
    expect(unixSocketOfAddress('unix:abstract=/x')).toBeUndefined();
  });
  it('reads a flag’s value: absent, missing or given', () => {
    expect(flagValue(['--bus', 'a'], '--vchan')).toBeUndefined();
    expect(flagValue(['--vchan'], '--vchan')).toBe('');
    expect(flagValue(['--vchan', '/local/domain/3/data/vchan/dbus'], '--vchan')).toBe('/local/domain/3/data/vchan/dbus');
  });
});
