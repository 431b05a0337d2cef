/**
 * `N`: sys-net's interfaces (link, addresses, traffic), the Wi-Fi networks it
 * sees with connect, and one qube's firewall rules with add, delete and
 * reset. Everything is read through the command table while the view shows.
 */
import { Box, Text } from 'ink';
import { useRef, useState, type MutableRefObject } from 'react';
import { fit, printable } from '../printable.js';
import { useConsoleSnapshot } from '../use-console-snapshot.js';
import { AskLineView, useAskLine, type AskLine } from './ask-line.js';
import { asArray, asObject, isObject, num, text } from './decode.js';
import { sizeText } from './device-data.js';
import { decodeFirewall, type FirewallList } from './firewall-data.js';
import type { InfoView, ViewKey, ViewKeyHandler, ViewProps } from './info-view.js';
import type { Loaded } from './use-command-data.js';
import { loadStatus } from './load-status.js';
import { useLiveCommand } from './use-live-command.js';
import { useRememberedState } from './use-remembered-state.js';
import { useScrollList } from './use-scroll-list.js';

export interface NetInterfaceRow {
  name: string;
  kind: string;
  state: string;
  addresses: string[];
  rxBytes: number;
  txBytes: number;
}

export interface WifiList {
  qube: string;
  simulated: boolean;
  networks: { ssid: string; signal: number; security: string }[];
}

export interface NetStatus {
  qube: string;
  interfaces: NetInterfaceRow[];
  /** The Wi-Fi network sys-net is on ('' for none); null where it has no Wi-Fi to report. */
  wifi: { ssid: string; simulated: boolean } | null;
}

export function decodeInterfaces(json: unknown): NetStatus {
  const o = asObject(json, 'net-status');
  const wifi = isObject(o.wifi) ? { ssid: text(o.wifi, 'ssid'), simulated: o.wifi.simulated === true } : null;
  return {
    qube: text(o, 'qube'),
    wifi,
    interfaces: asArray(o.interfaces, 'net-status interfaces').map((item) => {
      const i = asObject(item, 'interface');
      const addresses = Array.isArray(i.addresses) ? i.addresses.filter((a): a is string => typeof a === 'string') : [];
      return { name: text(i, 'name'), kind: text(i, 'kind'), state: text(i, 'state'), addresses, rxBytes: Number(text(i, 'rxBytes', '0')) || 0, txBytes: Number(text(i, 'txBytes', '0')) || 0 };
    }),
  };
}

export function decodeWifiList(json: unknown): WifiList {
  const o = asObject(json, 'net-wifi-list');
  const networks = asArray(o.networks, 'net-wifi-list networks').map((item) => {
    const n = asObject(item, 'network');
    return { ssid: text(n, 'ssid'), signal: num(n, 'signal'), security: text(n, 'security') };
  });
  return { qube: text(o, 'qube'), simulated: o.simulated === true, networks };
}

/** A network anyone may join: connecting asks no passphrase. */
export function isOpenNetwork(security: string): boolean {
  return ['', 'open', 'none', '--'].includes(security.trim().toLowerCase());
}

const STATUS_MS = 5000;
const WIFI_MS = 10_000;
/** dom0 keeps the rules: reading them is cheap, and a change made elsewhere shows soon. */
const RULES_MS = 2000;
const DOWN_MS = 10_000;
const MAX_INTERFACE_ROWS = 5;
/** Headings, column titles, blank lines and the message line around the three lists. */
const FIXED_LINES = 6;

type Focus = 'wifi' | 'rules';

function firewallTitle(qube: string | null, state: Loaded<FirewallList>): string {
  if (qube === null) return ' FIREWALL  no qube: f chooses one';
  if (state.kind !== 'ok') return ` FIREWALL of ${qube}`;
  const rules = state.data.rules;
  return rules === null ? ` FIREWALL of ${qube}: accept all (no rules)` : ` FIREWALL of ${qube}: ${rules.length} rule${rules.length === 1 ? '' : 's'}, then drop`;
}

type LineProps = { bold?: boolean; color?: string; dim?: boolean; inverse?: boolean };

/** One line of the view, cut to its width; everything in it is made printable. */
function ViewLine({ text: s, width, ellipsis, ...props }: LineProps & { text: string; width: number; ellipsis: string }) {
  return (
    <Text bold={props.bold} color={props.color} dimColor={props.dim} inverse={props.inverse} wrap="truncate">
      {fit(printable(s), width, ellipsis)}
    </Text>
  );
}

interface RulesProps {
  api: ViewProps['api'];
  theme: ViewProps['theme'];
  qube: string;
  width: number;
  height: number;
  focused: boolean;
  /** The rules' keys, set on every render; the view calls it while the rules have the focus. */
  keys: MutableRefObject<ViewKeyHandler | null>;
  ask: AskLine;
  act(argv: string[]): void;
  say(message: string): void;
  confirm: ViewProps['confirm'];
}

/** A qube's firewall rules, mounted only once a qube is chosen, so nothing is read for none. */
function FirewallRules({ api, theme, qube, width, height, focused, keys, ask, act, say, confirm }: RulesProps) {
  const firewall = useLiveCommand(api, ['firewall-list', qube], decodeFirewall, RULES_MS, DOWN_MS);
  const rules = firewall.state.kind === 'ok' ? (firewall.state.data.rules ?? []) : [];
  const list = useScrollList(rules.length, height - 1);
  const e = theme.glyphs.ellipsis;
  keys.current = (input, key) => {
    if (list.key(input, key)) return true;
    if (input === 'a') {
      ask.ask({ question: `add to ${qube} (e.g. action=accept dsthost=example.com proto=tcp dstports=443):`, answer: (rule) => act(['firewall-add', qube, ...rule.split(/\s+/)]) });
    } else if (input === 'x' || key.delete) {
      const rule = rules[list.cursor];
      if (rule === undefined) say(`${qube} has no rule to delete`);
      else confirm({ title: `Delete rule ${list.cursor} of ${qube}?`, detail: rule, argv: ['firewall-del', qube, String(list.cursor)] });
    } else if (input === 'R') {
      confirm({ title: `Reset the firewall of ${qube}?`, detail: 'Every rule goes; all its traffic is accepted.', argv: ['firewall-reset', qube] });
    } else if (input === 'r') {
      firewall.reload();
      // The view reads its own lists again too.
      return false;
    } else return false;
    return true;
  };
  return (
    <Box flexDirection="column" height={height}>
      <ViewLine text={`${firewallTitle(qube, firewall.state)}${focused ? '  [Tab: Wi-Fi]' : ''}`} width={width} ellipsis={e} bold color="cyan" />
      {loadStatus(firewall.state, rules.length, { loading: 'reading the rules', empty: 'no rules: all traffic accepted' }, width, e)}
      {rules.slice(list.top, list.top + height - 1).map((r, i) => {
        const at = list.top + i;
        const here = focused && at === list.cursor;
        return <ViewLine key={at} text={`${here ? theme.glyphs.cursor : ' '} ${String(at).padStart(3)}  ${r}`} width={width} ellipsis={e} inverse={here} />;
      })}
    </Box>
  );
}

function NetworkView({ api, theme, width, height, qube, keys, run, confirm }: ViewProps) {
  const snapshot = useConsoleSnapshot(api);
  const openedOn = qube?.name ?? '';
  const [fwQube, setFwQube] = useRememberedState<string | null>(api, 'network.firewall', openedOn, qube !== null && qube.klass !== 'AdminVM' ? qube.name : null);
  const [focus, setFocus] = useRememberedState<Focus>(api, 'network.focus', openedOn, 'wifi');
  const [message, setMessage] = useState<string | null>(null);
  const status = useLiveCommand(api, ['net-status'], decodeInterfaces, STATUS_MS, DOWN_MS);
  const wifi = useLiveCommand(api, ['net-wifi-list'], decodeWifiList, WIFI_MS, DOWN_MS);
  const ruleKeys = useRef<ViewKeyHandler | null>(null);
  const ask = useAskLine();
  const e = theme.glyphs.ellipsis;

  const interfaces = status.state.kind === 'ok' ? status.state.data.interfaces : [];
  const sysNet = status.state.kind === 'ok' ? status.state.data.qube : 'sys-net';
  const joined = status.state.kind === 'ok' ? (status.state.data.wifi?.ssid ?? '') : '';
  const networks = wifi.state.kind === 'ok' ? wifi.state.data.networks : [];
  const ifaceRows = Math.max(1, Math.min(interfaces.length, MAX_INTERFACE_ROWS));
  const rest = Math.max(3, height - FIXED_LINES - ifaceRows);
  const wifiRows = Math.max(1, Math.min(Math.max(1, networks.length), Math.floor(rest / 2)));
  const wifiList = useScrollList(networks.length, wifiRows);

  const act = (argv: string[]): void => {
    setMessage(null);
    // The rules section reads again by itself within RULES_MS.
    void run(argv).then(() => {
      wifi.reload();
      status.reload();
    });
  };

  const connect = (): void => {
    const n = networks[wifiList.cursor];
    if (n === undefined) return setMessage('no network under the cursor');
    if (isOpenNetwork(n.security)) return act(['net-connect', n.ssid]);
    ask.ask({ question: `passphrase for ${n.ssid}:`, secret: true, answer: (p) => act(['net-connect', n.ssid, '--passphrase', p]) });
  };

  keys.current = (input, key) => {
    if (ask.key(input, key)) return true;
    if (key.tab) {
      setFocus(focus === 'wifi' ? 'rules' : 'wifi');
      return true;
    }
    if (focus === 'rules' && ruleKeys.current?.(input, key) === true) return true;
    if (focus === 'wifi' && wifiList.key(input, key)) return true;
    if (key.ctrl || key.meta) return false;
    if ((focus === 'wifi' && key.return) || input === 'c') {
      connect();
      return true;
    }
    if (input === 'f') {
      const words = snapshot.qubes.filter((q) => q.klass !== 'AdminVM').map((q) => q.name);
      ask.ask({ question: 'firewall of qube:', words, answer: (q) => (setFwQube(q), setFocus('rules')) });
      return true;
    }
    if (input === 'r') {
      status.reload();
      wifi.reload();
      return true;
    }
    if (input === 'd') {
      if (joined === '') setMessage(`${sysNet} is on no Wi-Fi network`);
      else act(['net-disconnect']);
      return true;
    }
    if (['a', 'x', 'R'].includes(input) || key.delete) {
      setMessage(fwQube === null ? 'choose a qube first: f' : 'Tab to the firewall rules first');
      return true;
    }
    return false;
  };

  const simulated = wifi.state.kind === 'ok' && wifi.state.data.simulated;
  const onWifi = joined === '' ? '' : `  on ${printable(joined)}`;
  return (
    <Box flexDirection="column" height={height} width={width}>
      <ViewLine text={` NETWORK  ${sysNet}`} width={width} ellipsis={e} bold color="cyan" />
      <ViewLine text={`   ${'IFACE'.padEnd(12)}${'KIND'.padEnd(10)}${'STATE'.padEnd(10)}${'RX'.padStart(10)}${'TX'.padStart(10)}  ADDRESSES`} width={width} ellipsis={e} dim />
      <Box flexDirection="column" height={ifaceRows}>
        {loadStatus(status.state, interfaces.length, { loading: `asking ${sysNet}`, empty: 'no interfaces' }, width, e)}
        {interfaces.slice(0, ifaceRows).map((i) => (
          <ViewLine
            key={i.name}
            text={`   ${fit(i.name, 11, e)} ${fit(i.kind, 9, e)} ${fit(i.state, 9, e)} ${sizeText(i.rxBytes).padStart(10)}${sizeText(i.txBytes).padStart(10)}  ${i.addresses.join(' ')}`}
            width={width}
            ellipsis={e}
            color={i.state === 'up' ? 'green' : undefined}
          />
        ))}
      </Box>
      <Text> </Text>
      <ViewLine text={` WI-FI${onWifi}${simulated ? '  (simulated networks)' : ''}${focus === 'wifi' ? '  [Tab: firewall]' : ''}`} width={width} ellipsis={e} bold color="cyan" />
      <Box flexDirection="column" height={wifiRows}>
        {loadStatus(wifi.state, networks.length, { loading: 'listing networks', empty: 'no networks in range' }, width, e)}
        {networks.slice(wifiList.top, wifiList.top + wifiRows).map((n, i) => {
          const at = wifiList.top + i;
          const here = focus === 'wifi' && at === wifiList.cursor;
          const mark = n.ssid === joined ? theme.glyphs.mark : ' ';
          return <ViewLine key={at} text={`${here ? theme.glyphs.cursor : ' '} ${mark}${fit(printable(n.ssid), 32, e)} ${`${n.signal}%`.padStart(4)}  ${n.security}`} width={width} ellipsis={e} inverse={here} />;
        })}
      </Box>
      <Text> </Text>
      {fwQube === null ? (
        <Box flexDirection="column" height={rest - wifiRows}>
          <ViewLine text={firewallTitle(null, { kind: 'loading' })} width={width} ellipsis={e} bold color="cyan" />
        </Box>
      ) : (
        <FirewallRules key={fwQube} api={api} theme={theme} qube={fwQube} width={width} height={rest - wifiRows} focused={focus === 'rules'} keys={ruleKeys} ask={ask} act={act} say={setMessage} confirm={confirm} />
      )}
      <AskLineView ask={ask} message={message} width={width} ellipsis={e} />
    </Box>
  );
}

const NETWORK_KEYS: readonly ViewKey[] = [
  { keys: 'Tab', help: 'Wi-Fi list / firewall rules' },
  { keys: 'Up Down j k', help: 'move in the list' },
  { keys: 'Enter c', help: 'connect to Wi-Fi' },
  { keys: 'd', help: 'disconnect from Wi-Fi' },
  { keys: 'f', help: 'whose firewall to show' },
  { keys: 'a', help: 'add a firewall rule' },
  { keys: 'x Del', help: 'delete the rule (confirms)' },
  { keys: 'R', help: 'reset rules (confirms)' },
  { keys: 'r', help: 'read again' },
];

export const networkView: InfoView = {
  name: 'network',
  key: 'N',
  title: 'Network',
  help: "sys-net's interfaces and Wi-Fi, and a qube's firewall rules",
  viewKeys: NETWORK_KEYS,
  Component: NetworkView,
};
