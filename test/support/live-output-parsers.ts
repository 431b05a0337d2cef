/** Which parser reads which live `xl` output, for the suite that runs against a host. */
import type { Result } from '../../xen-bridge/result.js';
import { parseXlInfo } from '../../xen-bridge/parsers/xl-info-parser.js';
import { parseXlList } from '../../xen-bridge/parsers/xl-list-parser.js';
import { parseXlUptime } from '../../xen-bridge/parsers/xl-uptime-parser.js';
import { parseXlVcpuList } from '../../xen-bridge/parsers/xl-vcpu-list-parser.js';

const PARSERS: Record<string, (text: string) => Result<unknown>> = {
  'xl list -v': parseXlList,
  'xl list -n': parseXlList,
  'xl list -Z': parseXlList,
  'xl info -n': parseXlInfo,
  'xl vcpu-list': parseXlVcpuList,
  'xl uptime -s': parseXlUptime,
};

export function parseLive(what: string, text: string): Result<unknown> {
  const parse = PARSERS[what];
  if (!parse) throw new Error(`no parser registered for ${what}`);
  return parse(text);
}
