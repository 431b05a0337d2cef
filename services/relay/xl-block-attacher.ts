/**
 * Disks lent by a driver domain (sys-usb's USB storage) to another qube with
 * `xl block-attach QUBE format=raw,vdev=xvdi,access=ro|rw,backend=BACKEND,target=/dev/sdb`:
 * the receiving qube sees that one disk and nothing else of the backend.
 * What is attached where is read from `xl list -l` (libxl keeps hot-plugged
 * disks, with their backend and target, in each domain's configuration).
 */
import type { XlClient } from '../../xen-bridge/xl-client.js';
import { CommandError } from '../commands/command-spec.js';
import type { BlockAttacher, BlockAttachment } from './relay-context.js';
import type { DomainDetail } from '../../xen-bridge/types.js';
import { domainDetails, isBackend, notItsOwnBackend, runningDomid, xlStep } from './xl-domains.js';

/** Lent disks start at xvdi, as Qubes does, clear of the qube's own xvda-xvdd. */
const LENT_VDEVS = 'ijklmnopqrstuvwxyz'.split('').map((c) => `xvd${c}`);

export class XlBlockAttacher implements BlockAttacher {
  constructor(private readonly xl: XlClient) {}

  async attachments(backend: string): Promise<BlockAttachment[]> {
    return lentBy(await domainDetails(this.xl), backend);
  }

  async attach(qube: string, backend: string, target: string, readOnly: boolean): Promise<string> {
    const what = `cannot attach ${backend}:${target} to ${qube}`;
    notItsOwnBackend(what, qube, backend);
    const domains = await domainDetails(this.xl);
    runningDomid(domains, qube, 'a qube receiving a disk');
    const holder = lentBy(domains, backend).find((a) => a.target === target);
    if (holder) throw new CommandError(`${what}: it is already attached to ${holder.qube} as ${holder.vdev}`, 1, 'failed');
    const used = new Set(domains.filter((d) => d.name === qube).flatMap((d) => d.disks.map((x) => x.vdev)));
    const vdev = LENT_VDEVS.find((v) => !used.has(v));
    if (vdev === undefined) throw new CommandError(`${what}: ${qube} has no free device name left (xvdi-xvdz are taken)`, 1, 'failed');
    await xlStep(what, () => this.xl.blockAttach(qube, { target, vdev, format: 'raw', access: readOnly ? 'ro' : 'rw', backend }));
    return vdev;
  }

  async detach(qube: string, vdev: string): Promise<void> {
    // xl names a missing domain clearly enough; no extra listing for it.
    await xlStep(`cannot detach ${vdev} from ${qube}`, () => this.xl.blockDetach(qube, vdev));
  }
}

/** The disks `backend` lends, across `domains`. */
function lentBy(domains: readonly DomainDetail[], backend: string): BlockAttachment[] {
  const backendId = runningDomid(domains, backend, 'the disk backend');
  return domains.flatMap((d) =>
    d.disks.filter((disk) => isBackend(disk.backendDomain, backend, backendId)).map((disk) => ({ qube: d.name, backend, target: disk.target, vdev: disk.vdev, readOnly: disk.readonly })),
  );
}
