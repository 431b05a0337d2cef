/**
 * Service and argument names, checked as qrexec checks them: a call name may
 * hold only ASCII letters, digits and `+-._` (qrexec's RPCNAME_ALLOWED_CHARSET);
 * the service part may not hold '+', which separates it from the argument.
 */

const SERVICE_RE = /^[A-Za-z0-9._-]+$/;
/** The argument after its leading '+'; may be empty and may itself hold '+'. */
const ARGUMENT_RE = /^[A-Za-z0-9+._-]*$/;

/** Why a service name is unacceptable, or null. */
export function serviceNameProblem(service: string): string | null {
  if (service === '') return 'empty service name';
  if (!SERVICE_RE.test(service)) return `service ${JSON.stringify(service)} contains characters other than A-Z a-z 0-9 . _ -`;
  return null;
}

/** Why an argument (without its '+') is unacceptable, or null. */
export function argumentProblem(argument: string): string | null {
  if (!ARGUMENT_RE.test(argument)) return `argument ${JSON.stringify(argument)} contains characters other than A-Z a-z 0-9 + . _ -`;
  return null;
}

/** Splits `SERVICE+ARG` (or `SERVICE`, meaning no argument) as the CLI and qrexec-client take it. */
export function splitServiceSpec(spec: string): { service: string; argument: string } {
  const plus = spec.indexOf('+');
  return plus < 0 ? { service: spec, argument: '' } : { service: spec.slice(0, plus), argument: spec.slice(plus + 1) };
}
