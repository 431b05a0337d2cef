/**
 * `X`: removing the qube under the cursor. It says what goes (the qube's
 * volumes as the pool holds them), and runs `remove QUBE` only once the
 * qube's exact name is typed: a slip of the finger removes nothing.
 */
import { Box, Text } from 'ink';
import { useState } from 'react';
import { fit, printable } from '../printable.js';
import { useConsoleSnapshot } from '../use-console-snapshot.js';
import { decodeVolumes } from './detail-view.js';
import type { InfoView, ViewProps } from './info-view.js';
import { NoteLine, thrown, type Note } from './note-line.js';
import { useCommandData } from './use-command-data.js';
import { TypedLineView, useTypedLine } from './use-typed-line.js';

function RemoveView({ api, theme, width, height, qube, keys }: ViewProps) {
  const name = qube?.name ?? '';
  const snapshot = useConsoleSnapshot(api);
  const live = snapshot.qubes.find((q) => q.name === name) ?? null;
  const volumes = useCommandData(api, ['volumes', name], decodeVolumes);
  const line = useTypedLine('');
  const [note, setNote] = useState<Note | null>(null);
  const [removed, setRemoved] = useState(false);
  const e = theme.glyphs.ellipsis;

  const submit = (typed: string): void => {
    if (typed !== name) {
      setNote({ text: `"${typed}" is not ${name}: nothing removed`, error: true });
      return;
    }
    setNote({ text: `remove ${name} ${e}`, error: false });
    void api.run(['remove', name]).then(
      (outcome) => {
        if (outcome.ok) setRemoved(true);
        setNote(outcome.ok ? { text: outcome.text?.trim() || `removed ${name}`, error: false } : { text: outcome.error ?? `remove ${name}: failed`, error: true });
      },
      (err: unknown) => setNote(thrown(err)),
    );
  };

  keys.current = (input, key) => {
    // Esc leaves the view; every other key is the name being typed (q included).
    if (qube === null || removed || key.escape) return false;
    return line.key(input, key, submit);
  };

  const lines: { text: string; dim?: boolean; bold?: boolean; color?: string }[] = [];
  if (qube === null) lines.push({ text: 'no qube under the cursor: choose one in the table, then X', dim: true });
  else {
    lines.push({ text: `Remove ${name} (${qube.klass}, ${live?.state ?? 'gone'})?`, bold: true });
    lines.push({ text: '' });
    if (volumes.state.kind === 'loading') lines.push({ text: `its volumes: reading ${e}`, dim: true });
    else if (volumes.state.kind === 'error') lines.push({ text: `its volumes: ${volumes.state.message}`, color: 'redBright' });
    else if (volumes.state.data.length === 0) lines.push({ text: 'it has no volume in the pool' });
    else {
      lines.push({ text: 'These volumes go with it:' });
      for (const v of volumes.state.data) lines.push({ text: `   ${v.volume.padEnd(9)}${v.vdev.padEnd(6)}${(v.sizeMiB === null ? '-' : `${v.sizeMiB} MiB`).padStart(10)}  ${v.source}` });
    }
    lines.push({ text: 'and its properties, firewall rules and device assignments.' });
    lines.push({ text: '' });
    if (live !== null && live.state !== 'Halted') lines.push({ text: `${name} is ${live.state}: it must be halted first (shut it down from the table).`, color: 'yellow' });
  }

  const typed = line.text ?? '';
  const hint = typed === name ? 'Enter removes  Esc back' : 'type the exact name; Esc back';
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Box flexDirection="column" height={Math.max(1, height - 2)}>
        {lines.map((l, i) => (
          <Text key={i} wrap="truncate" dimColor={l.dim} bold={l.bold} color={l.color}>
            {fit(printable(` ${l.text}`), width, e)}
          </Text>
        ))}
      </Box>
      {qube === null || removed ? <Text> </Text> : <TypedLineView label={`type ${name} to remove it:`} text={typed} hint={hint} width={width} ellipsis={e} />}
      <NoteLine note={note} width={width} ellipsis={e} />
    </Box>
  );
}

export const removeView: InfoView = {
  name: 'remove',
  key: 'X',
  title: 'Remove',
  help: 'remove the qube and its volumes, once its name is typed',
  viewKeys: [{ keys: 'NAME Enter', help: 'remove, when NAME is exactly the qube' }],
  Component: RemoveView,
};
