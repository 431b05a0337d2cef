/** `xl vcpu-set Domain N`: how many of the guest's vCPUs are online (at most its maximum). */
import { updateGuest } from '../guest-update.js';
import { hostCpuCount } from '../host-model.js';
import { xlGetopt } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';

export async function runVcpuSet(ctx: XlContext, args: readonly string[]): Promise<number> {
  const parsed = xlGetopt(ctx, args, [{ short: 'i', long: 'ignore-host' }], 'vcpu-set', 2, () => commandHelp('vcpu-set'));
  if (!parsed.ok) return parsed.exitCode;
  const [qualifier = '', countText = ''] = parsed.value.positional;
  if (!/^\d+$/.test(countText) || Number(countText) < 1) {
    ctx.err(`Invalid argument: ${countText}\n`);
    return 1;
  }
  const count = Number(countText);
  const hostCpus = hostCpuCount();
  if (count > hostCpus && !parsed.value.opts.has('i')) {
    ctx.err(`You are overcommmitting! You have ${hostCpus} physical CPUs and want ${count} vCPUs! Aborting, use --ignore-host to continue\n`);
    return 1;
  }
  return updateGuest(
    ctx,
    qualifier,
    (d) => {
      if (count > d.config.vcpus) {
        ctx.err(`libxl: error: libxl_domain.c:1993:libxl_set_vcpuonline: Domain ${d.domid}:Requested ${count} VCPUs, however maxcpus is ${d.config.vcpus}!: Function not implemented\n`);
        ctx.err(`Setting vcpus failed (rc=-3)\n`);
        return 1;
      }
      d.vcpusOnline = count;
      return 0;
    },
    (domid) => `libxl: error: libxl_domain.c:1974:libxl_set_vcpuonline: Domain ${domid}:Getting domain info list: No such process\n`,
  );
}
