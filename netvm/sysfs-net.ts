/**
 * Network interfaces as the kernel lists them under /sys/class/net: kind,
 * operational state, MAC address, MTU and traffic counters. The root is a
 * parameter so the simulated host can point it at its own tree.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InterfaceKind } from '../services/dbus-protocol/index.js';

export const SYSFS_NET = '/sys/class/net';

export interface SysfsInterface {
  name: string;
  kind: InterfaceKind;
  state: string;
  mac: string;
  mtu: number;
  rxBytes: bigint;
  txBytes: bigint;
}

// ARPHRD_LOOPBACK in linux/if_arp.h; ARPHRD_ETHER is 1.
const ARPHRD_LOOPBACK = 772;
const ARPHRD_ETHER = 1;

function read(dir: string, file: string): string {
  try {
    return readFileSync(join(dir, file), 'utf8').trim();
  } catch {
    return '';
  }
}

function counter(dir: string, file: string): bigint {
  const s = read(dir, join('statistics', file));
  return /^\d{1,20}$/.test(s) && BigInt(s) < 1n << 64n ? BigInt(s) : 0n;
}

function kindOf(dir: string): InterfaceKind {
  const type = Number(read(dir, 'type'));
  if (type === ARPHRD_LOOPBACK) return 'loopback';
  if (existsSync(join(dir, 'wireless')) || existsSync(join(dir, 'phy80211'))) return 'wireless';
  if (existsSync(join(dir, 'bridge'))) return 'bridge';
  // Without a `device` link no hardware (or paravirtual device) backs it: veth, dummy, tun…
  if (!existsSync(join(dir, 'device'))) return 'virtual';
  return type === ARPHRD_ETHER ? 'ethernet' : 'other';
}

/** Every interface under `root`, sorted by name; at most `limit`. */
export function readSysfsInterfaces(root: string, limit: number): SysfsInterface[] {
  let names: string[];
  try {
    names = readdirSync(root).sort();
  } catch {
    return [];
  }
  return names.slice(0, limit).map((name) => {
    const dir = join(root, name);
    const mtu = Number(read(dir, 'mtu'));
    return {
      name,
      kind: kindOf(dir),
      state: read(dir, 'operstate').slice(0, 64) || 'unknown',
      mac: read(dir, 'address').slice(0, 64),
      mtu: Number.isInteger(mtu) && mtu >= 0 && mtu <= 0xffff_ffff ? mtu : 0,
      rxBytes: counter(dir, 'rx_bytes'),
      txBytes: counter(dir, 'tx_bytes'),
    };
  });
}
