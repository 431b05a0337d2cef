/**
 * `e`: the properties of the qube under the cursor, set or default as `prefs`
 * shows them, edited in place: Enter opens the value on a line, Enter again
 * sets it through the command table; D resets one to its default after a
 * confirmation. A value the daemon refuses stays on the line with its reason.
 */
import { Box, Text } from 'ink';
import { useState } from 'react';
import { printable } from '../printable.js';
import { decodeProperties, type Property } from './detail-view.js';
import type { InfoView, ViewProps } from './info-view.js';
import { NoteLine, thrown, type Note } from './note-line.js';
import { useCommandData } from './use-command-data.js';
import { SCROLL_KEYS, useScrollList } from './use-scroll-list.js';
import { TypedLineView, useTypedLine } from './use-typed-line.js';

/** A reset runs through the app's confirmation, which says nothing back: read again now and then to show it. */
const REFRESH_MS = 3000;
/** Title and a blank above the list; the edit line and the message below it. */
const CHROME = 4;

/** The decoder draws "no value" as '-'; the command spells it "none". */
const editable = (p: Property): string => (p.value === '-' ? 'none' : p.value);

function PropertiesView({ api, theme, width, height, qube, keys, confirm }: ViewProps) {
  const name = qube?.name ?? '';
  const data = useCommandData(api, ['prefs', name], decodeProperties, REFRESH_MS);
  const props = data.state.kind === 'ok' ? data.state.data : [];
  const listHeight = Math.max(1, height - CHROME);
  const list = useScrollList(props.length, listHeight);
  const line = useTypedLine();
  const [editing, setEditing] = useState<string | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const e = theme.glyphs.ellipsis;

  const submit = (property: string) => (value: string): void => {
    setNote({ text: `prefs ${name} ${property} ${value} ${e}`, error: false });
    void api.run(['prefs', name, property, value]).then(
      (outcome) => {
        if (outcome.ok) {
          line.close();
          setEditing(null);
          setNote({ text: `${property} set to ${value}`, error: false });
          data.reload();
        } else setNote({ text: outcome.error ?? `prefs: ${property} not set`, error: true });
      },
      (err: unknown) => setNote(thrown(err)),
    );
  };

  keys.current = (input, key) => {
    if (editing !== null && line.key(input, key, submit(editing))) {
      if (key.escape) setEditing(null);
      return true;
    }
    if (list.key(input, key)) return true;
    if (key.ctrl || key.meta || qube === null) return false;
    const p = props[list.cursor];
    if (input === 'r') {
      data.reload();
      return true;
    }
    if (!key.return && input !== 'D' && !key.delete) return false;
    if (p === undefined) {
      setNote({ text: 'no property under the cursor', error: true });
    } else if (key.return) {
      setNote(null);
      setEditing(p.name);
      line.open(editable(p));
    } else if (p.isDefault) {
      setNote({ text: `${p.name} already has its default value`, error: false });
    } else {
      confirm({ title: `Reset ${p.name} of ${name}?`, detail: `Now ${p.value}; its default applies once reset.`, argv: ['prefs', '--default', name, p.name] });
    }
    return true;
  };

  const w = Math.max(0, ...props.map((p) => p.name.length));
  const status =
    data.state.kind === 'loading' ? `reading ${e}` : data.state.kind === 'error' ? data.state.message : `${props.length} properties (bold: set; dim: the default)`;
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text wrap="truncate" color={data.state.kind === 'error' ? 'redBright' : undefined}>
        <Text bold>{printable(` ${qube === null ? 'no qube under the cursor: choose one in the table, then e' : name}  `)}</Text>
        <Text dimColor>{printable(status)}</Text>
      </Text>
      <Text> </Text>
      <Box flexDirection="column" height={listHeight}>
        {props.slice(list.top, list.top + listHeight).map((p, i) => {
          const at = list.top + i;
          const here = at === list.cursor;
          return (
            <Text key={p.name} inverse={here} wrap="truncate">
              {`${here ? theme.glyphs.cursor : ' '}  ${printable(p.name.padEnd(w))}  `}
              {p.isDefault ? <Text dimColor>{printable(`${p.value}  (default)`)}</Text> : <Text bold>{printable(p.value)}</Text>}
            </Text>
          );
        })}
      </Box>
      {editing !== null && line.text !== null ? (
        <TypedLineView label={`${editing} =`} text={line.text} hint="Enter sets  Esc cancels" width={width} ellipsis={e} />
      ) : (
        <Text> </Text>
      )}
      <NoteLine note={note} width={width} ellipsis={e} />
    </Box>
  );
}

export const propertiesView: InfoView = {
  name: 'properties',
  key: 'e',
  title: 'Properties',
  help: "edit the qube's properties: set a value, or reset it to its default",
  viewKeys: [...SCROLL_KEYS, { keys: 'Enter', help: 'edit the value' }, { keys: 'D Del', help: 'reset to the default' }, { keys: 'r', help: 'read again' }],
  Component: PropertiesView,
};
