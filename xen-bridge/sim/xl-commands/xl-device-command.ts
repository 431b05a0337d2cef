/**
 * The one shape of `xl <kind>-attach`, `<kind>-list` and `<kind>-detach` for
 * the device kinds that are a list of records in the guest (block, network):
 * parse the spec, check the backend domain, add the record and announce it
 * on xenstore; print the table; find the record, remove it and announce it.
 * What differs between kinds is a SimDeviceKind.
 */
import { backendDomid, domidOfName, findGuest, resolveDomain } from '../domain-ref.js';
import { updateGuest } from '../guest-update.js';
import { appendXenstoreEvents, readSimState, type SimDomain, type SimState } from '../sim-state.js';
import { xlGetopt, type OptionSpec } from '../xl-getopt.js';
import { commandHelp } from '../xl-help-text.js';
import type { XlContext } from '../xl-context.js';

type Run = (ctx: XlContext, args: readonly string[]) => Promise<number>;

export interface SimDeviceKind<Spec extends { backend?: string }, Dev extends { backend: string }> {
  /** xl's word for the kind: `block` in block-attach. */
  name: string;
  /** The kind's folder under /local/domain/N/device/ in xenstore: vbd, vif. */
  xenstore: string;
  /** Fewest words attach takes, the domain included. */
  attachMinArgs: number;
  detachOptions: readonly OptionSpec[];
  /** libxl's message for a domid that names no domain. */
  missingDomid(domid: number): string;
  /** The spec from attach's words; undefined after printing xl's message. */
  parse(ctx: XlContext, words: readonly string[]): Spec | undefined;
  devices(d: SimDomain): Dev[];
  /** The record for a spec, or the message xl prints when libxl refuses it. */
  create(d: SimDomain, spec: Spec): Dev | string;
  /** The device's number under device/<xenstore>/. */
  xenstoreId(dev: Dev): number;
  listHeader: string;
  row(domid: number, backendId: number, dev: Dev): string;
  /** Where `which` (detach's word) is in the list; -1 after printing xl's message. */
  find(ctx: XlContext, d: SimDomain, which: string): number;
}

export interface DeviceCommands {
  attach: Run;
  list: Run;
  detach: Run;
}

export function deviceCommands<Spec extends { backend?: string }, Dev extends { backend: string }>(kind: SimDeviceKind<Spec, Dev>): DeviceCommands {
  /** Runs a change of one guest's devices: `apply` returns an exit code, or the xenstore path to announce on success. */
  const change = async (ctx: XlContext, qualifier: string, apply: (d: SimDomain, state: SimState) => string | number): Promise<number> => {
    let event = '';
    const code = await updateGuest(
      ctx,
      qualifier,
      (d, state) => {
        const r = apply(d, state);
        if (typeof r === 'number') return r;
        event = r;
        return 0;
      },
      kind.missingDomid,
    );
    if (code === 0) appendXenstoreEvents(ctx.simDir, [event]);
    return code;
  };
  const eventPath = (d: SimDomain, dev: Dev): string => `/local/domain/${d.domid}/device/${kind.xenstore}/${kind.xenstoreId(dev)}`;

  return {
    async attach(ctx, args) {
      const parsed = xlGetopt(ctx, args, [], `${kind.name}-attach`, kind.attachMinArgs, () => commandHelp(`${kind.name}-attach`));
      if (!parsed.ok) return parsed.exitCode;
      const [qualifier = '', ...words] = parsed.value.positional;
      const spec = kind.parse(ctx, words);
      if (!spec) return 1;
      return change(ctx, qualifier, (d, state) => {
        if (spec.backend !== undefined && domidOfName(state, spec.backend) === undefined) {
          ctx.err(`${spec.backend} is an invalid domain identifier\n`);
          return 1;
        }
        const dev = kind.create(d, spec);
        if (typeof dev === 'string') {
          ctx.err(dev);
          return 1;
        }
        kind.devices(d).push(dev);
        return eventPath(d, dev);
      });
    },

    list(ctx, args) {
      const parsed = xlGetopt(ctx, args, [], `${kind.name}-list`, 1, () => commandHelp(`${kind.name}-list`));
      if (!parsed.ok) return Promise.resolve(parsed.exitCode);
      const state = readSimState(ctx.simDir, ctx.env);
      ctx.out(kind.listHeader);
      for (const qualifier of parsed.value.positional) {
        const domid = resolveDomain(ctx, state, qualifier);
        if (domid === undefined) return Promise.resolve(1);
        const d = findGuest(state, domid);
        for (const dev of d ? kind.devices(d) : []) ctx.out(kind.row(domid, backendDomid(state, dev.backend), dev));
      }
      return Promise.resolve(0);
    },

    async detach(ctx, args) {
      const parsed = xlGetopt(ctx, args, kind.detachOptions, `${kind.name}-detach`, 2, () => commandHelp(`${kind.name}-detach`));
      if (!parsed.ok) return parsed.exitCode;
      const [qualifier = '', which = ''] = parsed.value.positional;
      return change(ctx, qualifier, (d) => {
        const at = kind.find(ctx, d, which);
        if (at < 0) return 1;
        const [dev] = kind.devices(d).splice(at, 1);
        return dev ? eventPath(d, dev) : 1;
      });
    },
  };
}
