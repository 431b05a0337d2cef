/**
 * What each admin role may run, decided by the same engine and the same
 * grammar as every qube-to-qube call, modelled on Qubes' Admin API (where
 * `admin.vm.Start` is a qrexec call from the managing qube to the qube it
 * starts):
 *
 *   service   qtui.Admin
 *   argument  +COMMAND        the command table's name, e.g. +ls, +start, +create-dispvm
 *   source    role-ROLE       the client's role as a pseudo-qube: role-viewer,
 *                             role-operator, role-admin (all tagged qtui-role)
 *   target    the qube the command acts on, or @adminvm for the host as a whole
 *
 *   qtui.Admin  +start  role-operator  @anyvm    allow
 *   qtui.Admin  *       role-admin     *         allow
 *
 * The role pseudo-qubes exist only inside evaluateCommand(), laid over the
 * real qube table, so no real qube can stand in for a role, and a role is
 * never a source in any other service's request.
 */
import type { Caller, Role } from '../commands/command-spec.js';
import type { Authorizer } from '../commands/command-table.js';
import { evaluate } from './policy-evaluator.js';
import type { Decision, Policy, PolicyQube, PolicyQubes } from './policy-types.js';

export const ADMIN_SERVICE = 'qtui.Admin';
export const ROLE_TAG = 'qtui-role';
const ROLE_PREFIX = 'role-';
const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

export function roleSource(role: Role): string {
  return `${ROLE_PREFIX}${role}`;
}

function roleQube(name: string): PolicyQube | undefined {
  const role = ROLES.find((r) => roleSource(r) === name);
  return role && { name, klass: 'AppVM', tags: [ROLE_TAG] };
}

function withRoles(qubes: PolicyQubes | undefined): PolicyQubes {
  return { get: (name) => roleQube(name) ?? qubes?.get(name) };
}

/** May a client with this role run this command (on this qube, or on the host: '@adminvm')? */
export function evaluateCommand(policy: Policy, role: Role, command: string, qubes?: PolicyQubes, target = '@adminvm'): Decision {
  return evaluate(policy, { service: ADMIN_SERVICE, argument: command, source: roleSource(role), target }, withRoles(qubes));
}

/**
 * The command table's second opinion. `ask` counts as a refusal: a command
 * runs unattended (CLI, SSH exec), with no one to put a question to.
 */
export function policyAuthorizer(currentPolicy: () => Policy, qubes?: PolicyQubes): Authorizer {
  return (command: string, caller: Caller) => {
    const d = evaluateCommand(currentPolicy(), caller.role, command, qubes);
    return d.action === 'allow' ? { allowed: true, reason: d.reason } : { allowed: false, reason: d.action === 'ask' ? `${d.reason}, which a command cannot do` : d.reason };
  };
}
