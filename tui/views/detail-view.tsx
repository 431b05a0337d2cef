/**
 * `i`: everything about the qube under the cursor: its properties (set or
 * default, as `prefs` shows them), volumes, devices, firewall summary, and
 * its CPU and memory over the last minutes. The graphs follow the snapshot
 * live; the rest is read through the command table every few seconds, and
 * at once on `r`.
 */
import type { QubeRowView } from '../console-api.js';
import { STATE_COLORS, type Theme } from '../theme.js';
import { labelColor } from '../label-colors.js';
import { useConsoleSnapshot } from '../use-console-snapshot.js';
import { asArray, asObject, isObject, num, text, type JsonObject } from './decode.js';
import { decodeBlockRows, decodeUsbRows, sizeText, usbWhere, type BlockRow, type UsbRow } from './device-data.js';
import { decodeFirewall, type FirewallList } from './firewall-data.js';
import { barGraph, timeColumns } from './history-graph.js';
import type { InfoView, ViewProps } from './info-view.js';
import type { Loaded } from './use-command-data.js';
import { useLiveCommand } from './use-live-command.js';
import { SCROLL_LINES_KEYS, useLineScroll, ViewLines, type Line, type Piece } from './view-lines.js';

/** The window the daemon keeps (services/sessions/live-stats.ts). */
const GRAPH_WINDOW_MS = 5 * 60_000;
const GRAPH_ROWS = 3;
/** The sections change seldom (a property set from the prompt, a device attached): read again now and then. */
const REFRESH_MS = 5000;
/** A service qube down (sys-usb): fewer reads that can only fail. */
const DOWN_MS = 15_000;
const FIREWALL_SHOWN = 3;
const INDENT = '   ';

export interface Property {
  name: string;
  value: string;
  isDefault: boolean;
}

export interface Volume {
  volume: string;
  vdev: string;
  access: string;
  sizeMiB: number | null;
  usedMiB: number | null;
  source: string;
}

function shown(v: unknown): string {
  return v === null || v === undefined ? '-' : typeof v === 'string' ? v : JSON.stringify(v);
}

export function decodeProperties(json: unknown): Property[] {
  return Object.entries(asObject(json, 'prefs')).map(([name, state]) => {
    const s: JsonObject = isObject(state) ? state : {};
    return { name, value: shown(s.value), isDefault: s.isDefault === true };
  });
}

export function decodeVolumes(json: unknown): Volume[] {
  return asArray(asObject(json, 'volumes').volumes, 'volumes').map((item) => {
    const o = asObject(item, 'volume');
    const mib = (k: string): number | null => (typeof o[k] === 'number' ? num(o, k) : null);
    return { volume: text(o, 'volume'), vdev: text(o, 'vdev'), access: text(o, 'access'), sizeMiB: mib('sizeMiB'), usedMiB: mib('usedMiB'), source: text(o, 'source') };
  });
}

const heading = (title: string, rest = ''): Line => [{ text: ` ${title}`, bold: true, color: 'cyan' }, { text: rest, dim: true }];

/** A section still loading or failed, as one line; null once loaded. */
function pending<T>(state: Loaded<T>, ellipsis: string): Line | null {
  if (state.kind === 'loading') return [{ text: `${INDENT}reading ${ellipsis}`, dim: true }];
  if (state.kind === 'error') return [{ text: `${INDENT}${state.message}`, color: 'redBright' }];
  return null;
}

function uptime(sec: number | null): string {
  if (sec === null) return '-';
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(Math.floor(sec % 60)).padStart(2, '0')}s`;
}

function summary(q: QubeRowView, theme: Theme): Line {
  const fact = (k: string, v: string | null): Piece[] => [{ text: `  ${k} `, dim: true }, { text: v ?? '-' }];
  return [
    { text: ` ${theme.glyphs.swatch} `, color: labelColor(q.label, theme.colors) },
    { text: q.name, bold: true },
    { text: `  ${q.state}`, color: STATE_COLORS[q.state] },
    ...fact('class', q.klass),
    ...fact('template', q.template),
    ...fact('netvm', q.netvm),
    ...fact('ip', q.ip),
    ...fact('vcpus', String(q.vcpus)),
    ...fact('up', uptime(q.uptimeSec)),
  ];
}

/** CPU and memory side by side when they fit, one above the other when not. */
export function graphLines(q: QubeRowView, width: number, theme: Theme): Line[] {
  const h = q.history;
  if (h === undefined || h.at.length === 0) return [heading('CPU / MEMORY'), [{ text: `${INDENT}no samples: ${q.state === 'Running' ? 'the first comes within seconds' : 'the qube is not running'}`, dim: true }]];
  const side = width >= 70;
  const graphWidth = Math.max(10, side ? Math.floor((width - 8) / 2) : width - 6);
  const cpuNow = h.cpuPercent[h.cpuPercent.length - 1] ?? 0;
  const memNow = h.memMiB[h.memMiB.length - 1] ?? 0;
  const cpuTop = Math.max(100, ...h.cpuPercent);
  const memTop = Math.max(1, ...h.memMiB);
  const cpuRows = barGraph(timeColumns(h.at, h.cpuPercent, graphWidth, GRAPH_WINDOW_MS), GRAPH_ROWS, cpuTop, theme.glyphs.spark);
  const memRows = barGraph(timeColumns(h.at, h.memMiB, graphWidth, GRAPH_WINDOW_MS), GRAPH_ROWS, memTop, theme.glyphs.spark);
  const cpuTitle = `CPU ${cpuNow.toFixed(1)}% (max ${Math.max(...h.cpuPercent).toFixed(1)})`;
  const memTitle = `MEMORY ${memNow} MiB (max ${memTop})`;
  const frame = (row: string): Piece => ({ text: `${INDENT}${row}`, color: 'cyan' });
  const axis: Piece = { text: `${INDENT}${'-5 min'.padEnd(graphWidth - 3)}now`, dim: true };
  if (side) {
    const pad = (s: string): string => s.padEnd(graphWidth + INDENT.length + 1);
    return [
      [{ text: ` ${pad(cpuTitle)}   ${memTitle}`, bold: true, color: 'cyan' }],
      ...cpuRows.map((r, i): Line => [{ text: `${INDENT}${r}  `, color: 'cyan' }, { text: `${INDENT}${memRows[i] ?? ''}`, color: 'magenta' }]),
      [{ ...axis, text: pad(axis.text) }, axis],
    ];
  }
  return [heading(cpuTitle), ...cpuRows.map((r) => [frame(r)]), [axis], heading(memTitle), ...memRows.map((r): Line => [{ ...frame(r), color: 'magenta' }]), [axis]];
}

function volumeLines(state: Loaded<Volume[]>, ellipsis: string): Line[] {
  const wait = pending(state, ellipsis);
  if (wait !== null || state.kind !== 'ok') return [heading('VOLUMES'), wait ?? []];
  if (state.data.length === 0) return [heading('VOLUMES'), [{ text: `${INDENT}none in the pool`, dim: true }]];
  const mib = (n: number | null): string => (n === null ? '-' : `${n} MiB`);
  return [
    heading('VOLUMES'),
    ...state.data.map((v): Line => [
      { text: `${INDENT}${v.volume.padEnd(9)}${v.vdev.padEnd(6)}${v.access.padEnd(4)}${mib(v.sizeMiB).padStart(10)}  ${`(${mib(v.usedMiB)} used)`.padEnd(16)}` },
      { text: v.source, dim: true },
    ]),
  ];
}

function deviceLines(name: string, usb: Loaded<UsbRow[]>, block: Loaded<BlockRow[]>, ellipsis: string): Line[] {
  const lines: Line[] = [heading('DEVICES')];
  const usbWait = pending(usb, ellipsis);
  if (usbWait !== null) lines.push([{ text: `${INDENT}usb: ` }, ...usbWait.map((p) => ({ ...p, text: p.text.trimStart() }))]);
  const mine = usb.kind === 'ok' ? usb.data.filter((d) => d.attachedTo === name || d.assignedTo === name) : [];
  for (const d of mine) lines.push([{ text: `${INDENT}usb   ${d.backend}:${d.port}  ${d.id}  ` }, { text: d.name, bold: true }, { text: `  ${usbWhere(d)}`, dim: true }]);
  const disks = block.kind === 'ok' ? block.data.filter((d) => d.attachedTo === name) : [];
  for (const d of disks) lines.push([{ text: `${INDENT}block ${d.backend}:${d.device} as ${d.vdev ?? '?'} (${d.access ?? '?'})  ${sizeText(d.sizeBytes)}` }]);
  if (block.kind === 'error') lines.push([{ text: `${INDENT}block: ${block.message}`, dim: true }]);
  if (usbWait === null && mine.length === 0 && disks.length === 0) lines.push([{ text: `${INDENT}none attached or assigned`, dim: true }]);
  return lines;
}

function firewallLines(q: QubeRowView, state: Loaded<FirewallList>, ellipsis: string): Line[] {
  // Rules filter what goes through the netvm: a qube without one has no traffic to filter.
  if (q.netvm === null) return [heading('FIREWALL'), [{ text: `${INDENT}no netvm: no network at all`, dim: true }]];
  const wait = pending(state, ellipsis);
  if (wait !== null || state.kind !== 'ok') return [heading('FIREWALL'), wait ?? []];
  const rules = state.data.rules;
  if (rules === null) return [heading('FIREWALL'), [{ text: `${INDENT}accept all (no rules)` }]];
  const more = rules.length - FIREWALL_SHOWN;
  return [
    heading('FIREWALL', `  ${rules.length} rule${rules.length === 1 ? '' : 's'}, then drop`),
    ...rules.slice(0, FIREWALL_SHOWN).map((r, i): Line => [{ text: `${INDENT}${String(i).padStart(2)}  ${r}` }]),
    ...(more > 0 ? [[{ text: `${INDENT}${ellipsis} ${more} more`, dim: true }]] : []),
  ];
}

function propertyLines(state: Loaded<Property[]>, ellipsis: string): Line[] {
  const wait = pending(state, ellipsis);
  if (wait !== null || state.kind !== 'ok') return [heading('PROPERTIES'), wait ?? []];
  const w = Math.max(0, ...state.data.map((p) => p.name.length));
  return [
    heading('PROPERTIES', '  (set in bold; dim: the default)'),
    ...state.data.map((p): Line => [{ text: `${INDENT}${p.name.padEnd(w)}  ` }, p.isDefault ? { text: `${p.value}  (default)`, dim: true } : { text: p.value, bold: true }]),
  ];
}

function DetailView({ api, theme, width, height, qube, keys }: ViewProps) {
  const name = qube?.name ?? '';
  const snapshot = useConsoleSnapshot(api);
  const live = snapshot.qubes.find((q) => q.name === name) ?? qube;
  const props = useLiveCommand(api, ['prefs', name], decodeProperties, REFRESH_MS, DOWN_MS);
  const volumes = useLiveCommand(api, ['volumes', name], decodeVolumes, REFRESH_MS, DOWN_MS);
  const usb = useLiveCommand(api, ['usb-ls'], decodeUsbRows, REFRESH_MS, DOWN_MS);
  const block = useLiveCommand(api, ['block-ls'], decodeBlockRows, REFRESH_MS, DOWN_MS);
  const firewall = useLiveCommand(api, ['firewall-list', name], decodeFirewall, REFRESH_MS, DOWN_MS);
  const e = theme.glyphs.ellipsis;
  const lines: Line[] =
    live === null
      ? [[{ text: ' no qube under the cursor: choose one in the table, then i', dim: true }]]
      : [
          summary(live, theme),
          [],
          ...graphLines(live, width, theme),
          [],
          ...volumeLines(volumes.state, e),
          [],
          ...deviceLines(name, usb.state, block.state, e),
          [],
          ...firewallLines(live, firewall.state, e),
          [],
          ...propertyLines(props.state, e),
        ];
  const scroll = useLineScroll(lines.length, height);
  keys.current = (input, key) => {
    if (input === 'r' && !key.ctrl && !key.meta) {
      for (const d of [props, volumes, usb, block, firewall]) d.reload();
      return true;
    }
    return scroll.key(input, key);
  };
  return <ViewLines lines={lines} top={scroll.top} height={height} width={width} />;
}

export const detailView: InfoView = {
  name: 'detail',
  key: 'i',
  title: 'Qube',
  help: 'properties, volumes, devices, firewall, CPU and memory of the qube',
  viewKeys: [...SCROLL_LINES_KEYS, { keys: 'r', help: 'read again' }],
  Component: DetailView,
};
