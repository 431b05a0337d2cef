/** The console as one client sees it: the qube table and what overlays it. */
import { Box, Text, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CommandPrompt } from './command-prompt.js';
import { splitCommandLine } from './command-words.js';
import type { ConfirmRequest } from './confirm-dialog.js';
import { ConfirmDialog } from './confirm-dialog.js';
import type { CommandOutcome, ConsoleApi, QubeRowView } from './console-api.js';
import { FilterLine } from './filter-line.js';
import { HelpOverlay } from './help-overlay.js';
import type { TableAction } from './keymap.js';
import { LOCAL_COMMANDS, tableActions } from './keymap.js';
import { columnFor, fitColumns, isSortKey, SORT_KEYS } from './qube-columns.js';
import type { SortOrder } from './qube-list.js';
import { scrollTop, visibleQubes } from './qube-list.js';
import { GUTTER_WIDTH, QubeTable } from './qube-table.js';
import { StatusLine } from './status-line.js';
import type { Theme } from './theme.js';
import type { ToastMessage } from './toast.js';
import { Toast } from './toast.js';
import { isTooSmall, TooSmall } from './too-small.js';
import { useConsoleSnapshot } from './use-console-snapshot.js';
import { useRefState } from './use-ref-state.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface ConsoleAppProps {
  api: ConsoleApi;
  theme: Theme;
  onDetach(): void;
}

type Mode = { kind: 'table' } | { kind: 'filter' } | { kind: 'prompt' } | { kind: 'help' } | { kind: 'confirm'; request: ConfirmRequest };

/** Title, message, input and status lines around the table. */
const CHROME_LINES = 4;
/** How long an outcome stays on the message line. */
const TOAST_MS = 8000;
const HISTORY_MAX = 100;

function indexOf(list: readonly QubeRowView[], name: string | null): number {
  const i = name === null ? -1 : list.findIndex((q) => q.name === name);
  return i < 0 ? 0 : i;
}

export function ConsoleApp({ api, theme, onDetach }: ConsoleAppProps) {
  const snapshot = useConsoleSnapshot(api);
  const { columns: width, rows } = useTerminalSize();
  const [sort, setSort] = useState<SortOrder>({ key: 'name', descending: false });
  const [filter, setFilter] = useState('');
  const [selected, setSelected, selectedRef] = useRefState<string | null>(null);
  const [marks, setMarks, marksRef] = useRefState<ReadonlySet<string>>(new Set());
  const [mode, setMode] = useState<Mode>({ kind: 'table' });
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const [history, setHistory] = useState<string[]>([]);
  const [candidates, setCandidates] = useState<string[]>([]);

  const shown = useMemo(() => visibleQubes(snapshot.qubes, filter, sort), [snapshot.qubes, filter, sort]);
  // Keys can arrive faster than renders: handlers read the latest list from here.
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const columns = useMemo(() => fitColumns(width - GUTTER_WIDTH), [width]);
  // The whole terminal: ScreenDiffStream sends the client only what changed.
  const height = rows;
  const mainHeight = height - CHROME_LINES;
  const bodyHeight = mainHeight - 1;
  const cursor = indexOf(shown, selected);
  const topRef = useRef(0);
  const top = scrollTop(topRef.current, cursor, bodyHeight, shown.length);
  topRef.current = top;

  useEffect(() => {
    if (toast === null || toast.level === 'busy') return;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  const run = useCallback(
    async (argv: string[]) => {
      const what = argv.join(' ');
      setToast({ text: `${what} …`, level: 'busy' });
      let outcome: CommandOutcome;
      try {
        outcome = await api.run(argv);
      } catch (err) {
        outcome = { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      setToast(
        outcome.ok
          ? { text: outcome.text?.trim() || `${what}: done`, level: 'info' }
          : { text: `${what}: ${outcome.error ?? 'failed'}`, level: 'error' },
      );
    },
    [api],
  );

  const current = (): QubeRowView | undefined => shownRef.current[indexOf(shownRef.current, selectedRef.current)];

  const move = (delta: number): void =>
    setSelected((prev) => {
      const list = shownRef.current;
      const i = Math.min(list.length - 1, Math.max(0, indexOf(list, prev) + delta));
      return list[i]?.name ?? prev;
    });

  /** The marked qubes still in view, or else the one under the cursor. */
  const targets = (): QubeRowView[] => {
    const marked = shownRef.current.filter((q) => marksRef.current.has(q.name));
    if (marked.length > 0) return marked;
    const q = current();
    return q ? [q] : [];
  };

  const power = (command: string, applies: (q: QubeRowView) => boolean = () => true): void => {
    const chosen = targets().filter(applies);
    if (chosen.length === 0) setToast({ text: `${command}: no qube to act on`, level: 'error' });
    else void run([command, ...chosen.map((q) => q.name)]);
  };

  const act = (action: TableAction): void => {
    switch (action) {
      case 'up':
        return move(-1);
      case 'down':
        return move(1);
      case 'pageUp':
        return move(-bodyHeight);
      case 'pageDown':
        return move(bodyHeight);
      case 'home':
        return move(-Infinity);
      case 'end':
        return move(Infinity);
      case 'mark': {
        const q = current();
        if (!q) return;
        setMarks((prev) => {
          const next = new Set(prev);
          if (!next.delete(q.name)) next.add(q.name);
          return next;
        });
        return move(1);
      }
      case 'filter':
        return setMode({ kind: 'filter' });
      case 'sortNext':
        return setSort((s) => ({ key: SORT_KEYS[(SORT_KEYS.indexOf(s.key) + 1) % SORT_KEYS.length] ?? 'name', descending: false }));
      case 'sortReverse':
        return setSort((s) => ({ ...s, descending: !s.descending }));
      case 'start':
        return power('start');
      case 'shutdown':
        return power('shutdown');
      case 'restart':
        return power('restart');
      case 'pause': {
        const chosen = targets();
        const running = chosen.filter((q) => q.state === 'Running').map((q) => q.name);
        const paused = chosen.filter((q) => q.state === 'Paused').map((q) => q.name);
        if (running.length > 0) void run(['pause', ...running]);
        if (paused.length > 0) void run(['unpause', ...paused]);
        if (running.length + paused.length === 0) setToast({ text: 'pause: no running or paused qube selected', level: 'error' });
        return;
      }
      case 'kill': {
        const names = targets().map((q) => q.name);
        if (names.length === 0) return setToast({ text: 'kill: no qube to act on', level: 'error' });
        return setMode({
          kind: 'confirm',
          request: {
            title: `Kill ${names.length === 1 ? names[0] : `${names.length} qubes`}?`,
            detail: `${names.join(', ')}: destroyed at once, without a clean shutdown.`,
            argv: ['kill', ...names],
          },
        });
      }
      case 'prompt':
        setCandidates([]);
        return setMode({ kind: 'prompt' });
      case 'help':
        return setMode({ kind: 'help' });
      case 'clear':
        setFilter('');
        return setMarks(new Set());
      case 'detach':
        return onDetach();
    }
  };

  /** `:sort COLUMN [asc|desc]`, with column names as the header shows them. */
  const sortCommand = (args: string[]): void => {
    const [column = '', order = 'asc'] = args;
    const key = column.toLowerCase().replace(/%$/, '');
    if (!isSortKey(key) || (order !== 'asc' && order !== 'desc')) {
      setToast({ text: `usage: sort COLUMN [asc|desc]; columns: ${SORT_KEYS.join(' ')}`, level: 'error' });
      return;
    }
    setSort({ key, descending: order === 'desc' });
  };

  const submitPrompt = (line: string): void => {
    setMode({ kind: 'table' });
    setCandidates([]);
    const trimmed = line.trim();
    if (trimmed === '') return;
    setHistory((h) => (h[h.length - 1] === trimmed ? h : [...h, trimmed].slice(-HISTORY_MAX)));
    const split = splitCommandLine(trimmed);
    if (!split.ok) return setToast({ text: split.error, level: 'error' });
    const [name = '', ...args] = split.words;
    if (name === 'sort') sortCommand(args);
    else if (name === 'filter') setFilter(args.join(' '));
    else if (name === 'detach') onDetach();
    else void run(split.words);
  };

  useInput(
    (input, key) => {
      for (const action of tableActions(input, key)) act(action);
    },
    { isActive: mode.kind === 'table' && !isTooSmall(width, rows) },
  );
  useInput((input) => input === 'd' && onDetach(), { isActive: isTooSmall(width, rows) });

  if (isTooSmall(width, rows)) return <TooSmall columns={width} rows={rows} />;

  const sortColumn = columnFor(sort.key);
  const title = [
    `${shown.length === snapshot.qubes.length ? '' : `${shown.length} of `}${snapshot.qubes.length} qubes`,
    `sort ${sortColumn.header} ${sort.descending ? theme.glyphs.descending : theme.glyphs.ascending}`,
    ...(filter === '' ? [] : [`filter "${filter}"`]),
    ...(marks.size === 0 ? [] : [`${marks.size} marked`]),
  ].join(' | ');

  const main = (() => {
    switch (mode.kind) {
      case 'help':
        return <HelpOverlay height={mainHeight} width={width} onClose={() => setMode({ kind: 'table' })} />;
      case 'confirm':
        return (
          <ConfirmDialog
            request={mode.request}
            height={mainHeight}
            theme={theme}
            onAnswer={(yes) => {
              setMode({ kind: 'table' });
              if (yes) void run(mode.request.argv);
              else setToast({ text: `${mode.request.argv[0] ?? ''}: cancelled`, level: 'info' });
            }}
          />
        );
      default:
        return <QubeTable qubes={shown} columns={columns} top={top} height={bodyHeight} cursor={cursor} marks={marks} sort={sort} theme={theme} />;
    }
  })();

  const inputLine = (() => {
    switch (mode.kind) {
      case 'prompt':
        return (
          <CommandPrompt
            history={history}
            sources={{ commands: [...api.commandNames(), ...LOCAL_COMMANDS.map((c) => c.usage.split(' ')[0] ?? '')], qubes: snapshot.qubes.map((q) => q.name), sortColumns: SORT_KEYS }}
            onSubmit={submitPrompt}
            onCancel={() => setMode({ kind: 'table' })}
            onCandidates={setCandidates}
          />
        );
      case 'filter':
        return (
          <FilterLine
            filter={filter}
            onChange={setFilter}
            onDone={() => setMode({ kind: 'table' })}
            onCancel={() => {
              setFilter('');
              setMode({ kind: 'table' });
            }}
          />
        );
      default:
        return (
          <Text dimColor wrap="truncate">
            ? help  : command  / filter  Space mark  Enter start  S shutdown  K kill  d detach
          </Text>
        );
    }
  })();

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate">
        <Text bold color="cyan">
          {' Qubes '}
        </Text>
        {title}
      </Text>
      {main}
      {mode.kind === 'prompt' && candidates.length > 0 ? (
        <Text dimColor wrap="truncate">
          {candidates.join('  ')}
        </Text>
      ) : (
        <Toast toast={toast} notice={snapshot.notices[snapshot.notices.length - 1]} />
      )}
      {inputLine}
      <StatusLine snapshot={snapshot} width={width} />
    </Box>
  );
}
