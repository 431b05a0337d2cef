/**
 * org.qtui.Firewall1 (see services/dbus-protocol/firewall.ts) over a
 * FirewallEngine.
 */
import { DBusError, interface as dbusInterface, type MessageBus } from 'dbus-next';
import { dbusMembers, ownBusName, QTUI_ERRORS, QTUI_FIREWALL, type FirewallState } from '../services/dbus-protocol/index.js';
import { FirewallEngine, FirewallRuleError, type FirewallEngineOptions } from './firewall-engine.js';
import { formatRule } from './firewall-rules.js';

function invalid(e: unknown): never {
  if (e instanceof FirewallRuleError) throw new DBusError(QTUI_ERRORS.InvalidArgs, e.message);
  throw e;
}

class Firewall1Interface extends dbusInterface.Interface {
  constructor(private readonly engine: FirewallEngine) {
    super(QTUI_FIREWALL.spec.name);
  }

  async SetRules(qube: string, ip4: string, ip6: string, rules: string[]): Promise<string[]> {
    try {
      return await this.engine.setRules(qube, ip4, ip6, rules);
    } catch (e) {
      return invalid(e);
    }
  }

  async RemoveQube(qube: string): Promise<void> {
    await this.engine.removeQube(qube);
  }

  GetRules(qube: string): string[] {
    const rules = this.engine.rules(qube);
    if (!rules) throw new DBusError(QTUI_ERRORS.InvalidArgs, `no rules for ${JSON.stringify(qube.slice(0, 40))}`);
    return rules.map(formatRule);
  }

  ListQubes(): string[] {
    return this.engine.qubeNames();
  }

  Ruleset(): string {
    return this.engine.currentRuleset();
  }

  State(): [string, string] {
    return this.engine.currentState();
  }

  RulesetChanged(state: FirewallState, message: string): [string, string] {
    return [state, message];
  }
}
Firewall1Interface.configureMembers(dbusMembers(QTUI_FIREWALL.spec));

export interface FirewallService {
  readonly engine: FirewallEngine;
  stop(): Promise<void>;
}

export async function startFirewallService(bus: MessageBus, options: Omit<FirewallEngineOptions, 'onCompiled'>): Promise<FirewallService> {
  // The engine reports compiles to the interface declared next; it compiles
  // only when asked through that interface, by which time it exists.
  const engine: FirewallEngine = new FirewallEngine({ ...options, onCompiled: (state, message) => iface.RulesetChanged(state, message) });
  const iface = new Firewall1Interface(engine);
  bus.export(QTUI_FIREWALL.objectPath, iface);
  try {
    await ownBusName(bus, QTUI_FIREWALL.busName);
  } catch (e) {
    bus.unexport(QTUI_FIREWALL.objectPath, iface);
    throw e;
  }
  return {
    engine,
    async stop() {
      await engine.settled();
      engine.dispose();
      bus.unexport(QTUI_FIREWALL.objectPath, iface);
      await bus.releaseName(QTUI_FIREWALL.busName);
    },
  };
}
