/**
 * org.qtui.Firewall1, served by sys-firewall's agent: dom0 hands it each
 * downstream qube's rules (Qubes' qvm-firewall text, one rule per string),
 * and the agent compiles all of them into one nftables ruleset and applies
 * it (or only checks it, where it may not apply).
 * - SetRules(qube, ip4, ip6, rules) → warnings: replaces that qube's rules;
 *   ip4/ip6 are its addresses ('' when it has none). A malformed rule is
 *   refused with QTUI_ERRORS.InvalidArgs naming the rule; warnings say which
 *   qube was blocked entirely and why (a host name that did not resolve).
 * - RemoveQube(qube); GetRules(qube) → rules in canonical text;
 *   ListQubes() → names; Ruleset() → the nft text last compiled.
 * - State() → (state, message): state is one of FIREWALL_STATES.
 * - RulesetChanged(state, message) after each compile.
 */
import type { InterfaceSpec } from './interface-spec.js';

/** applied: nft -f loaded it; checked: nft -c accepted it (not applied here); compiled: no nft; failed: nft refused it. */
export const FIREWALL_STATES = ['applied', 'checked', 'compiled', 'failed'] as const;
export type FirewallState = (typeof FIREWALL_STATES)[number];

export const FIREWALL_LIMITS = {
  qubes: 256,
  rulesPerQube: 512,
  ruleText: 1024,
  /** Ruleset() text; larger would mean thousands of resolved addresses. */
  ruleset: 4 << 20,
  message: 4096,
} as const;

export const QTUI_FIREWALL = {
  busName: 'org.qtui.Firewall1',
  objectPath: '/org/qtui/Firewall1',
  spec: {
    name: 'org.qtui.Firewall1',
    methods: {
      SetRules: { in: 'sssas', out: 'as' },
      RemoveQube: { in: 's', out: '' },
      GetRules: { in: 's', out: 'as' },
      ListQubes: { in: '', out: 'as' },
      Ruleset: { in: '', out: 's' },
      State: { in: '', out: 'ss' },
    },
    signals: {
      RulesetChanged: 'ss',
    },
  },
} as const satisfies { busName: string; objectPath: string; spec: InterfaceSpec };
