/** The policy engine's public face: load a policy.d, decide requests, print decisions. */
export { loadPolicy, MAX_INCLUDE_DEPTH } from './policy-loader.js';
export { evaluate } from './policy-evaluator.js';
export { askTargets } from './ask-targets.js';
export { formatDecision, formatPolicyErrors, type DecisionFormat } from './decision-format.js';
export { splitServiceSpec } from './rpc-names.js';
export { ADMIN_SERVICE, ROLE_TAG, evaluateCommand, policyAuthorizer, roleSource } from './command-policy.js';
export { DBUS_SERVICE_PREFIX, dbusRequest, evaluateDBus, type RelayedMessage } from './dbus-policy.js';
export { defaultPolicyDir, installDefaultPolicy } from './default-policy.js';
export type { Decision, Policy, PolicyAction, PolicyQube, PolicyQubeClass, PolicyQubes, PolicyRequest, PolicyRule, PolicySyntaxError } from './policy-types.js';
