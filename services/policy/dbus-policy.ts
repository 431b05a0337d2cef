/**
 * Relayed D-Bus messages (method calls and signals dom0 passes between a
 * service qube's bus and another qube or dom0) as policy requests:
 *
 *   service   qtui.DBus.INTERFACE   e.g. qtui.DBus.org.qtui.Network1
 *   argument  +MEMBER               the method or signal, e.g. +ListConnections
 *   source    the qube that sent the message (dom0: @adminvm)
 *   target    the qube whose bus receives it (dom0: @adminvm)
 *
 * The interface goes into the service name because qrexec matches an
 * argument only exactly or by `*`: this way `qtui.DBus.org.qtui.Network1 *`
 * covers a whole interface and `… +Connect` one member. D-Bus interface and
 * member names use only [A-Za-z0-9_.], all inside qrexec's call-name
 * characters, so no name is rewritten. The `qtui.DBus.` prefix keeps a
 * service qube from choosing an interface named like another service
 * (say `qubes.Filecopy`) and borrowing that service's rules.
 */
import { evaluate } from './policy-evaluator.js';
import type { Decision, Policy, PolicyQubes, PolicyRequest } from './policy-types.js';

export const DBUS_SERVICE_PREFIX = 'qtui.DBus.';

// The D-Bus specification's rules for interface and member names.
const ELEMENT_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_NAME = 255;

export interface RelayedMessage {
  interface: string;
  member: string;
  source: string;
  target: string;
}

function interfaceProblem(name: string): string | null {
  const elements = name.split('.');
  if (name.length > MAX_NAME || elements.length < 2 || !elements.every((e) => ELEMENT_RE.test(e))) {
    return `invalid D-Bus interface name ${JSON.stringify(name.slice(0, 80))}`;
  }
  return null;
}

function memberProblem(name: string): string | null {
  return name.length <= MAX_NAME && ELEMENT_RE.test(name) ? null : `invalid D-Bus member name ${JSON.stringify(name.slice(0, 80))}`;
}

/** The policy request for a relayed message, or why its names are not acceptable. */
export function dbusRequest(message: RelayedMessage): PolicyRequest | string {
  const problem = interfaceProblem(message.interface) ?? memberProblem(message.member);
  if (problem) return problem;
  return { service: `${DBUS_SERVICE_PREFIX}${message.interface}`, argument: message.member, source: message.source, target: message.target };
}

export function evaluateDBus(policy: Policy, message: RelayedMessage, qubes: PolicyQubes): Decision {
  const request = dbusRequest(message);
  return typeof request === 'string' ? { action: 'deny', reason: request } : evaluate(policy, request, qubes);
}
