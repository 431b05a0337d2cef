import type { Result } from '../../../xen-bridge/result.js';
import { parseXenstoreWatch } from '../../../xen-bridge/parsers/xenstore-watch-parser.js';
import { parseXentopBatch } from '../../../xen-bridge/parsers/xentop-parser.js';
import { parseXlBlockList } from '../../../xen-bridge/parsers/xl-block-list-parser.js';
import { parseXlChannelList } from '../../../xen-bridge/parsers/xl-channel-list-parser.js';
import { parseXlInfo } from '../../../xen-bridge/parsers/xl-info-parser.js';
import { parseXlListLong } from '../../../xen-bridge/parsers/xl-list-long-parser.js';
import { parseXlList } from '../../../xen-bridge/parsers/xl-list-parser.js';
import { parseXlNetworkList } from '../../../xen-bridge/parsers/xl-network-list-parser.js';
import { parseXlUptime } from '../../../xen-bridge/parsers/xl-uptime-parser.js';
import { parseXlVcpuList } from '../../../xen-bridge/parsers/xl-vcpu-list-parser.js';
import type { SampleEntry } from './xen-samples.js';

export type FormatName =
  | 'xl list'
  | 'xl list -l'
  | 'xl info'
  | 'xl vcpu-list'
  | 'xl uptime'
  | 'xl network-list'
  | 'xl block-list'
  | 'xl channel-list'
  | 'xentop -b'
  | 'xenstore-watch';

export interface SampleFormat {
  format: FormatName;
  parse: (text: string) => Result<unknown>;
}

/** Which parser reads a sample's stdout, by its command line; null when none should. */
export function formatOf(entry: SampleEntry): SampleFormat | null {
  const command = entry.command.replace(/^sleep \d+; /, '');
  const is = (re: RegExp): boolean => re.test(command);
  if (is(/^xl list -l( |$)/)) return { format: 'xl list -l', parse: parseXlListLong };
  if (is(/^xl (list|claims)( -[vZcn])?( [\w-]+)?$/) && !is(/--/)) return { format: 'xl list', parse: parseXlList };
  if (is(/^xl info( -n)?$/)) return { format: 'xl info', parse: parseXlInfo };
  if (is(/^xl vcpu-list( |$)/)) return { format: 'xl vcpu-list', parse: parseXlVcpuList };
  if (is(/^xl uptime( |$)/)) return { format: 'xl uptime', parse: parseXlUptime };
  if (is(/^xl network-list /)) return { format: 'xl network-list', parse: parseXlNetworkList };
  if (is(/^xl block-list /)) return { format: 'xl block-list', parse: parseXlBlockList };
  if (is(/^xl channel-list /)) return { format: 'xl channel-list', parse: parseXlChannelList };
  if (is(/^xentop -b/)) {
    const repeatedHeaders = / -r( |$)/.test(command);
    return { format: 'xentop -b', parse: (text) => parseXentopBatch(text, { repeatedHeaders }) };
  }
  if (is(/\/tmp\/watch-[\w-]+\.log$/)) return { format: 'xenstore-watch', parse: parseXenstoreWatch };
  return null;
}

/**
 * Commands whose output no parser reads, each with the reason. A sample whose
 * command is neither here nor matched by formatOf fails the coverage test, so
 * a new sample cannot be skipped without anyone noticing.
 */
export const UNPARSED: readonly [RegExp, string][] = [
  [/^xl (vm-list|dmesg|help|domid|domname|cpupool-list|sched-credit2?|top|console)( |$)/, 'no parser: nothing in qtui reads it'],
  [/^xl (-v )?(create|pause|unpause|network-attach|network-detach|block-attach|block-detach|mem-set|mem-max|vcpu-set|reboot|save|restore|rename|shutdown|destroy|frobnicate)( |$)/, 'an action: prints nothing on stdout when it works'],
  [/^xl list --/, 'help text or a bad option'],
  [/^xl -v info \| head/, 'cut short with head'],
  [/^xl dmesg \| tail/, 'cut short with tail'],
  [/^xenstore-(ls|list|read)( |$)/, 'no parser: qtui uses xenstore-watch only'],
  [/^node /, 'the host\'s node, not a Xen tool'],
  [/^\(sleep .*xl console/, 'console session bytes'],
  [/^timeout \d+ xl console/, 'console session bytes'],
];

export function unparsedReason(entry: SampleEntry): string | null {
  return UNPARSED.find(([re]) => re.test(entry.command))?.[1] ?? null;
}
