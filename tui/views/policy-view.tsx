/**
 * `P`: the policy as the daemon read it: its files (Enter shows one,
 * scrollable), and a tester (`t`) that decides one request and shows the
 * deciding file and line.
 */
import type { Key } from 'ink';
import { Box, Text } from 'ink';
import type { MutableRefObject } from 'react';
import { useRef } from 'react';
import { fit, printable } from '../printable.js';
import { useRefState } from '../use-ref-state.js';
import type { InfoView, ViewKeyHandler, ViewProps } from './info-view.js';
import { decodePolicyFile, decodePolicyFiles } from './policy-data.js';
import { PolicyTesterForm, TESTER_LINES, usePolicyTester } from './policy-tester.js';
import { loadStatus } from './load-status.js';
import { useCommandData } from './use-command-data.js';
import { useScrollList } from './use-scroll-list.js';
import type { Line } from './view-lines.js';
import { useLineScroll, ViewLines } from './view-lines.js';

type Shown = { kind: 'files' } | { kind: 'file'; file: string } | { kind: 'tester' };

const FILES_ARGV = ['policy-files'];
const NUMBER_WIDTH = 5;

function fileLines(text: string, errors: readonly { line: number; message: string }[]): Line[] {
  const byLine = new Map(errors.map((e) => [e.line, e.message]));
  return text.split('\n').map((l, i) => {
    const error = byLine.get(i + 1);
    const comment = l.trimStart().startsWith('#');
    return [
      { text: String(i + 1).padStart(NUMBER_WIDTH - 1) + ' ', dim: true },
      { text: l, ...(comment ? { dim: true } : {}), ...(error === undefined ? {} : { color: 'redBright' }) },
      ...(error === undefined ? [] : [{ text: `  ! ${error}`, color: 'redBright', bold: true }]),
    ];
  });
}

/** One policy file, mounted while shown so it is read when opened. */
function PolicyFile({ props, file, keys }: { props: ViewProps; file: string; keys: MutableRefObject<ViewKeyHandler | null> }) {
  const { state } = useCommandData(props.api, ['policy-files', file], decodePolicyFile);
  const lines = state.kind === 'ok' ? fileLines(state.data.text, state.data.errors) : [];
  const height = Math.max(1, props.height - 1);
  const scroll = useLineScroll(lines.length, height);
  keys.current = (input, key) => scroll.key(input, key);
  const e = props.theme.glyphs.ellipsis;
  return (
    <Box flexDirection="column" height={props.height}>
      <Text bold wrap="truncate">
        {fit(printable(` ${file}${state.kind === 'ok' ? `  ${lines.length} lines${state.data.errors.length > 0 ? `, ${state.data.errors.length} errors` : ''}` : ''}  (Esc: the file list)`), props.width, e)}
      </Text>
      {state.kind === 'ok' ? (
        <ViewLines lines={lines} top={scroll.top} height={height} width={props.width} />
      ) : (
        <Text color={state.kind === 'error' ? 'redBright' : undefined} dimColor={state.kind === 'loading'} wrap="truncate">
          {fit(printable(state.kind === 'error' ? ` ${state.message}` : ` reading ${file} ${e}`), props.width, e)}
        </Text>
      )}
    </Box>
  );
}

function PolicyView(props: ViewProps) {
  const { api, theme, width, height, keys, qube } = props;
  const [shown, setShown, shownRef] = useRefState<Shown>({ kind: 'files' });
  const { state } = useCommandData(api, FILES_ARGV, decodePolicyFiles);
  const files = state.kind === 'ok' ? state.data : [];
  const tester = usePolicyTester(api, { service: 'qubes.ClipboardPaste', source: qube?.name ?? '', target: '@adminvm' });
  const testerOpen = shown.kind === 'tester';
  const listHeight = Math.max(1, height - 1 - (testerOpen ? TESTER_LINES : 0));
  const list = useScrollList(files.length, listHeight);
  const fileKeys = useRef<ViewKeyHandler | null>(null);
  const e = theme.glyphs.ellipsis;

  keys.current = (input: string, key: Key): boolean => {
    const now = shownRef.current;
    if (now.kind === 'file') {
      if (key.escape || key.backspace) {
        setShown({ kind: 'files' });
        return true;
      }
      return fileKeys.current?.(input, key) ?? false;
    }
    if (now.kind === 'tester') {
      if (tester.key(input, key)) return true;
      setShown({ kind: 'files' });
      return true;
    }
    if (key.return) {
      const f = files[list.cursor];
      if (f !== undefined) setShown({ kind: 'file', file: f.file });
      return true;
    }
    if (input === 't' && !key.ctrl && !key.meta) {
      setShown({ kind: 'tester' });
      return true;
    }
    return list.key(input, key);
  };

  if (shown.kind === 'file') return <PolicyFile props={props} file={shown.file} keys={fileKeys} />;

  return (
    <Box flexDirection="column" height={height}>
      {testerOpen ? <PolicyTesterForm tester={tester} width={width} ellipsis={e} /> : null}
      <Text bold wrap="truncate">
        {fit(` ${'FILE'.padEnd(Math.max(10, width - 20))}${'RULES'.padStart(7)}${'ERRORS'.padStart(8)}`, width, e)}
      </Text>
      <Box flexDirection="column" height={listHeight}>
        {loadStatus(state, files.length, { loading: 'reading the policy', empty: 'the policy has no files' }, width, e) ??
          files.slice(list.top, list.top + listHeight).map((f, i) => (
            <Text key={f.file} inverse={!testerOpen && list.top + i === list.cursor} wrap="truncate">
              {' '}
              {fit(printable(f.file), Math.max(10, width - 20), e)}
              {String(f.rules).padStart(7)}
              <Text color={f.errors > 0 ? 'redBright' : undefined}>{String(f.errors).padStart(8)}</Text>
            </Text>
          ))}
      </Box>
    </Box>
  );
}

export const policyView: InfoView = {
  name: 'policy',
  key: 'P',
  title: 'Policy',
  help: 'the policy files, and a tester',
  viewKeys: [
    { keys: 'Up Down j k', help: 'move / scroll' },
    { keys: 'PgUp PgDn g G', help: 'a screen / first / last' },
    { keys: 'Enter', help: 'show the file (Esc: back to the list)' },
    { keys: 't', help: 'tester: Tab next field, Enter decides, Esc closes' },
  ],
  Component: PolicyView,
};
