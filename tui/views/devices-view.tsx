/**
 * `D`: the USB devices of sys-usb and the disks of USB storage it lends, with
 * where each is attached or assigned; keys attach, detach, assign and
 * unassign the device under the cursor. Read every second while shown, so a
 * device plugged into sys-usb appears at once; a service qube that is down is
 * said in its line, and read less often until it answers.
 */
import { Box, Text } from 'ink';
import { useState } from 'react';
import type { QubeRowView } from '../console-api.js';
import { fit, printable } from '../printable.js';
import { useConsoleSnapshot } from '../use-console-snapshot.js';
import { AskLineView, useAskLine } from './ask-line.js';
import { decodeBlockRows, decodeUsbRows, sizeText, type BlockRow, type UsbRow } from './device-data.js';
import type { InfoView, ViewKey, ViewProps } from './info-view.js';
import type { Loaded } from './use-command-data.js';
import { useLiveCommand } from './use-live-command.js';
import { SCROLL_KEYS, useScrollList } from './use-scroll-list.js';

const LIVE_MS = 1000;
const DOWN_MS = 5000;
/** Header, two status lines, the column titles, the message line. */
const CHROME = 5;

export type DeviceItem = { kind: 'usb'; usb: UsbRow } | { kind: 'block'; block: BlockRow };

/** NAME takes what the others leave, within bounds; the rest are as wide as what they hold. */
const COLUMNS = [
  { title: 'KIND', width: 5 },
  { title: 'DEVICE', width: 14 },
  { title: 'ID / SIZE', width: 15 },
  { title: 'NAME', width: 0 },
  { title: 'ATTACHED TO', width: 16 },
  { title: 'ASSIGNED TO', width: 12 },
] as const;
const NAME_MIN = 8;
const NAME_MAX = 40;
/** The cursor column and the spaces between columns. */
const ROW_EXTRA = 3 + COLUMNS.length - 1;

function columnWidths(width: number): number[] {
  const fixed = COLUMNS.reduce((sum, c) => sum + c.width, 0) + ROW_EXTRA;
  const name = Math.max(NAME_MIN, Math.min(NAME_MAX, width - fixed));
  return COLUMNS.map((c) => (c.title === 'NAME' ? name : c.width));
}

function cells(item: DeviceItem): string[] {
  if (item.kind === 'usb') {
    const d = item.usb;
    return ['usb', `${d.backend}:${d.port}`, d.id, d.name, d.attachedTo ?? '-', d.assignedTo ?? '-'];
  }
  const b = item.block;
  return ['block', `${b.backend}:${b.device}`, sizeText(b.sizeBytes), `USB disk at ${b.port}${b.readOnly ? ', read-only' : ''}`, b.attachedTo === null ? '-' : `${b.attachedTo} ${b.vdev ?? ''} ${b.access ?? ''}`, '-'];
}

function row(values: readonly string[], widths: readonly number[], ellipsis: string): string {
  return values.map((v, i) => fit(printable(v), widths[i] ?? 10, ellipsis)).join(' ');
}

/** Where each list stands, in one line: how many, or why there is none. */
function status(what: string, state: Loaded<unknown[]>, ellipsis: string): { text: string; error: boolean } {
  if (state.kind === 'loading') return { text: `${what}: reading ${ellipsis}`, error: false };
  if (state.kind === 'error') return { text: `${what}: ${state.message}`, error: true };
  return { text: `${what}: ${state.data.length === 0 ? 'none' : String(state.data.length)}`, error: false };
}

const names = (qubes: readonly QubeRowView[], running: boolean): string[] =>
  qubes.filter((q) => q.klass !== 'AdminVM' && (!running || q.state === 'Running')).map((q) => q.name);

function DevicesView({ api, theme, width, height, keys, run }: ViewProps) {
  const snapshot = useConsoleSnapshot(api);
  const usb = useLiveCommand(api, ['usb-ls'], decodeUsbRows, LIVE_MS, DOWN_MS);
  const block = useLiveCommand(api, ['block-ls'], decodeBlockRows, LIVE_MS, DOWN_MS);
  const ask = useAskLine();
  const [message, setMessage] = useState<string | null>(null);
  const items: DeviceItem[] = [
    ...(usb.state.kind === 'ok' ? usb.state.data.map((u): DeviceItem => ({ kind: 'usb', usb: u })) : []),
    ...(block.state.kind === 'ok' ? block.state.data.map((b): DeviceItem => ({ kind: 'block', block: b })) : []),
  ];
  const listHeight = Math.max(1, height - CHROME);
  const list = useScrollList(items.length, listHeight);
  const e = theme.glyphs.ellipsis;
  const widths = columnWidths(width);

  const act = (argv: string[]): void => {
    setMessage(null);
    void run(argv).then(() => {
      usb.reload();
      block.reload();
    });
  };
  const askQube = (question: string, running: boolean, then: (answer: string) => void): void =>
    ask.ask({ question, words: names(snapshot.qubes, running), answer: then });

  keys.current = (input, key) => {
    if (ask.key(input, key)) return true;
    if (list.key(input, key)) return true;
    if (key.ctrl || key.meta) return false;
    const item = items[list.cursor];
    if (input === 'r') {
      usb.reload();
      block.reload();
      return true;
    }
    if (!['a', 'A', 'd', 's', 'u'].includes(input)) return false;
    if (item === undefined) {
      setMessage('no device under the cursor');
      return true;
    }
    if (item.kind === 'usb') usbKey(input, item.usb);
    else blockKey(input, item.block);
    return true;
  };

  const usbKey = (input: string, d: UsbRow): void => {
    const device = `${d.backend}:${d.port}`;
    if (input === 'a') askQube(`attach ${device} to qube:`, true, (q) => act(['usb-attach', q, d.port]));
    else if (input === 'd') {
      if (d.attachedTo === null) setMessage(`${device} is not attached`);
      else act(['usb-detach', d.attachedTo, d.port]);
    } else if (input === 's') askQube(`assign ${d.id} (attached at each start) to qube:`, false, (q) => act(['usb-assign', q, d.id]));
    else if (input === 'u') {
      if (d.assignedTo === null) setMessage(`${d.id} is not assigned`);
      else act(['usb-assign', d.assignedTo, d.id, '--remove']);
    } else setMessage('A (read-only) is for disks; a attaches a USB device');
  };

  const blockKey = (input: string, b: BlockRow): void => {
    const device = `${b.backend}:${b.device}`;
    if (input === 'a' || input === 'A') {
      const ro = input === 'A' || b.readOnly;
      askQube(`attach disk ${device}${ro ? ' read-only' : ''} to qube:`, true, (q) => act(['block-attach', q, device, ...(ro ? ['--ro'] : [])]));
    } else if (input === 'd') {
      if (b.attachedTo === null) setMessage(`${device} is not attached`);
      else act(['block-detach', b.attachedTo, b.vdev ?? device]);
    } else setMessage('disks are attached for the moment only: no assignment');
  };

  const lines = [status('USB devices', usb.state, e), status('USB disks', block.state, e)];
  return (
    <Box flexDirection="column" height={height} width={width}>
      {lines.map((l, i) => (
        <Text key={i} color={l.error ? 'redBright' : undefined} wrap="truncate">
          {fit(printable(` ${l.text}`), width, e)}
        </Text>
      ))}
      <Text> </Text>
      <Text bold wrap="truncate">
        {fit(`   ${row(COLUMNS.map((c) => c.title), widths, e)}`, width, e)}
      </Text>
      <Box flexDirection="column" height={listHeight}>
        {items.slice(list.top, list.top + listHeight).map((item, i) => {
          const at = list.top + i;
          return (
            <Text key={item.kind === 'usb' ? `u${item.usb.port}` : `b${item.block.device}`} inverse={at === list.cursor} wrap="truncate">
              {fit(`${at === list.cursor ? theme.glyphs.cursor : ' '}  ${row(cells(item), widths, e)}`, width, e)}
            </Text>
          );
        })}
      </Box>
      <AskLineView ask={ask} message={message} width={width} ellipsis={e} />
    </Box>
  );
}

const DEVICE_KEYS: readonly ViewKey[] = [
  { keys: 'a', help: 'attach to a qube' },
  { keys: 'A', help: 'attach a disk read-only' },
  { keys: 'd', help: 'detach' },
  { keys: 's', help: 'assign: attach at start' },
  { keys: 'u', help: 'unassign' },
  { keys: 'r', help: 'read again' },
];

export const devicesView: InfoView = {
  name: 'devices',
  key: 'D',
  title: 'Devices',
  help: 'USB devices and USB disks of sys-usb: attach, detach, assign',
  viewKeys: [...SCROLL_KEYS, ...DEVICE_KEYS],
  Component: DevicesView,
};
