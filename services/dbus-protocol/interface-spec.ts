/**
 * A D-Bus interface as data: its name and the signatures of its methods and
 * signals. The agents export exactly these members, and dom0's relay checks
 * every reply and signal it receives against the same signatures, so the two
 * sides cannot drift apart.
 */
import type { interface as dbusInterface } from 'dbus-next';

export interface MethodSpec {
  /** The D-Bus signature of the arguments, '' for none. */
  readonly in: string;
  /** The D-Bus signature of the reply, '' for none. */
  readonly out: string;
}

export interface InterfaceSpec {
  readonly name: string;
  readonly methods: Readonly<Record<string, MethodSpec>>;
  /** Signal name → signature of its arguments. */
  readonly signals: Readonly<Record<string, string>>;
}

type ConfigureMembersArg = Parameters<typeof dbusInterface.Interface.configureMembers>[0];

/**
 * The argument of dbus-next's `Interface.configureMembers` for a spec. Built
 * fresh on each call because dbus-next writes into the objects it is given.
 */
export function dbusMembers(spec: InterfaceSpec): ConfigureMembersArg {
  const methods: NonNullable<ConfigureMembersArg['methods']> = {};
  for (const [name, m] of Object.entries(spec.methods)) methods[name] = { inSignature: m.in, outSignature: m.out };
  const signals: NonNullable<ConfigureMembersArg['signals']> = {};
  for (const [name, signature] of Object.entries(spec.signals)) signals[name] = { signature };
  return { methods, signals };
}
