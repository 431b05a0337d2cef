/** The console as one client sees it: the qube table and what overlays it. */
import chalk from 'chalk';
import type { Key } from 'ink';
import { Box, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { CommandPrompt } from './command-prompt.js';
import type { ConfirmRequest } from './confirm-dialog.js';
import { ConfirmDialog, confirmAnswer } from './confirm-dialog.js';
import type { ConsoleApi, QubeRowView } from './console-api.js';
import { FilterLine } from './filter-line.js';
import { HelpOverlay, tableHelp, viewHelp } from './help-overlay.js';
import type { TableAction } from './keymap.js';
import { LOCAL_COMMANDS, plainKey, tableActions } from './keymap.js';
import { lineEdit } from './line-editor.js';
import { useCommandPrompt } from './use-command-prompt.js';
import { useCommandRunner } from './use-command-runner.js';
import { fit } from './printable.js';
import { parsePromptLine } from './prompt-line.js';
import { PaneView, useWorkspaceChanges } from './pane-view.js';
import { PaneViewHelp } from './pane-view-help.js';
import type { PrefixAction } from './prefix-keys.js';
import { columnFor, fitColumns, SORT_KEYS } from './qube-columns.js';
import type { SortOrder } from './qube-list.js';
import { scrollTop, visibleQubes } from './qube-list.js';
import { ScreenLines } from './screen-lines.js';
import type { TreeMode } from './qube-tree.js';
import { tableRows, TREE_MODES } from './qube-tree.js';
import { GUTTER_WIDTH, QubeTable } from './qube-table.js';
import { StatusLine } from './status-line.js';
import type { Theme } from './theme.js';
import { Toast } from './toast.js';
import { isTooSmall, TooSmall } from './too-small.js';
import { useConsoleSnapshot } from './use-console-snapshot.js';
import { useRefState } from './use-ref-state.js';
import { useTerminalSize } from './use-terminal-size.js';
import type { InfoView, ViewKeyHandler } from './views/info-view.js';
import { viewForKey, viewNamed, VIEWS } from './views/view-registry.js';

export interface ConsoleAppProps {
  api: ConsoleApi;
  theme: Theme;
  onDetach(): void;
}

/** `table`: no overlay, whichever view is shown. */
type Mode = { kind: 'table' } | { kind: 'filter' } | { kind: 'prompt' } | { kind: 'help' } | { kind: 'confirm'; request: ConfirmRequest } | { kind: 'closePane' };

/** The qube table, the panes of the shown workspace, or one of the views of the registry. */
type View = { kind: 'table' } | { kind: 'panes' } | { kind: 'info'; view: InfoView; qube: QubeRowView | null };

const TABLE_VIEW: View = { kind: 'table' };
const PANES_VIEW: View = { kind: 'panes' };

const NO_WORKSPACES = { subscribe: () => () => undefined };

/** Title, message, input and status lines around the table. */
const CHROME_LINES = 4;
const TITLE = ' Qubes ';
const LOCAL_COMMAND_NAMES = LOCAL_COMMANDS.map((c) => c.usage.split(' ')[0] ?? '');
const VIEW_NAMES = VIEWS.map((v) => v.name);
const TABLE_HELP = tableHelp(VIEWS);

/** Where `name` is in `list`; a qube that left the list leaves the cursor where it was. */
function indexOf(list: readonly QubeRowView[], name: string | null, fallback: number): number {
  const i = name === null ? -1 : list.findIndex((q) => q.name === name);
  return i >= 0 ? i : Math.max(0, Math.min(fallback, list.length - 1));
}

export function ConsoleApp({ api, theme, onDetach }: ConsoleAppProps) {
  const snapshot = useConsoleSnapshot(api);
  const { columns: width, rows } = useTerminalSize();
  // Everything a key reads lives in a ref as well: a key can arrive before
  // React has re-rendered for the previous one, and must see what it did.
  const [mode, setMode, modeRef] = useRefState<Mode>({ kind: 'table' });
  const [sort, setSort, sortRef] = useRefState<SortOrder>({ key: 'name', descending: false });
  const [tree, setTree, treeRef] = useRefState<TreeMode>('off');
  const [filter, setFilter, filterRef] = useRefState('');
  const [selected, setSelected, selectedRef] = useRefState<string | null>(null);
  const [marks, setMarks, marksRef] = useRefState<ReadonlySet<string>>(new Set());
  const { toast, run, notify } = useCommandRunner(api, theme.glyphs.ellipsis);
  const panes = api.workspaces;
  // The app renders again when the workspaces change: which view shows, the pane view's layout and tabs.
  useWorkspaceChanges(panes ?? NO_WORKSPACES);
  const hasWorkspace = (): boolean => panes !== undefined && panes.list().current !== null;
  // A client attaching to a daemon with workspaces comes back to them, as tmux attach does.
  const [view, setView, viewRef] = useRefState<View>(hasWorkspace() ? PANES_VIEW : TABLE_VIEW);
  // The shown view's key handler, set by the view on every render.
  const viewKeys = useRef<ViewKeyHandler | null>(null);

  const rowsShown = useMemo(() => tableRows(visibleQubes(snapshot.qubes, filter, sort), tree, theme.glyphs), [snapshot.qubes, filter, sort, tree, theme]);
  const shown = useMemo(() => rowsShown.map((r) => r.qube), [rowsShown]);
  const shownCache = useRef({ qubes: snapshot.qubes, filter, sort, tree, list: shown });
  shownCache.current = { qubes: snapshot.qubes, filter, sort, tree, list: shown };
  /**
   * The rows as the keys so far left them: a key that arrives before React
   * re-rendered for a filter, sort or tree set by the previous one (`:filter
   * work` then `G` in one read) must move within the new rows.
   */
  const shownNow = (): QubeRowView[] => {
    const c = shownCache.current;
    if (c.filter === filterRef.current && c.sort === sortRef.current && c.tree === treeRef.current) return c.list;
    const list = tableRows(visibleQubes(c.qubes, filterRef.current, sortRef.current), treeRef.current, theme.glyphs).map((r) => r.qube);
    shownCache.current = { ...c, filter: filterRef.current, sort: sortRef.current, tree: treeRef.current, list };
    return list;
  };
  const columns = useMemo(() => fitColumns(width - GUTTER_WIDTH), [width]);
  // The whole terminal: ScreenDiffStream sends the client only what changed.
  const mainHeight = rows - CHROME_LINES;
  const bodyHeight = mainHeight - 1;
  const lastCursor = useRef(0);
  const cursor = indexOf(shown, selected, lastCursor.current);
  lastCursor.current = cursor;
  const topRef = useRef(0);
  const top = scrollTop(topRef.current, cursor, bodyHeight, shown.length);
  topRef.current = top;
  const tooSmall = isTooSmall(width, rows);

  /** The client's keys go to the focused pane exactly while the panes show with nothing over them. */
  const routeKeys = (): void => panes?.setKeysToPane(viewRef.current.kind === 'panes' && modeRef.current.kind === 'table' && !isTooSmall(width, rows) && hasWorkspace());
  useEffect(routeKeys);
  useEffect(() => {
    if (view.kind === 'panes' && !hasWorkspace()) setView(TABLE_VIEW);
  });

  const openPane = async (q: QubeRowView): Promise<void> => {
    if (!panes) return notify('this console has no panes', 'error');
    if (q.klass === 'AdminVM') {
      panes.act({ kind: 'newWorkspace' });
    } else {
      if (q.state === 'Halted') {
        await run(['start', q.name]);
        if (api.snapshot().qubes.find((r) => r.name === q.name)?.state !== 'Running') return;
      }
      try {
        panes.openQube(q.name);
      } catch (e) {
        return notify(`${q.name}: no console: ${e instanceof Error ? e.message : String(e)}`, 'error');
      }
    }
    setView(PANES_VIEW);
    routeKeys();
  };

  const openView = (v: InfoView): void => {
    viewKeys.current = null;
    setView({ kind: 'info', view: v, qube: current() ?? null });
  };

  const current = (): QubeRowView | undefined => {
    const list = shownNow();
    return list[indexOf(list, selectedRef.current, lastCursor.current)];
  };

  const move = (delta: number): void =>
    setSelected((prev) => {
      const list = shownNow();
      const i = Math.min(list.length - 1, Math.max(0, indexOf(list, prev, lastCursor.current) + delta));
      return list[i]?.name ?? prev;
    });

  /** The marked qubes still in view, or else the one under the cursor. */
  const targets = (): QubeRowView[] => {
    const marked = shownNow().filter((q) => marksRef.current.has(q.name));
    if (marked.length > 0) return marked;
    const q = current();
    return q ? [q] : [];
  };

  const power = (command: string): void => {
    const names = targets().map((q) => q.name);
    if (names.length === 0) notify(`${command}: no qube to act on`, 'error');
    else void run([command, ...names]);
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
      case 'tree':
        return setTree((t) => TREE_MODES[(TREE_MODES.indexOf(t) + 1) % TREE_MODES.length] ?? 'off');
      case 'open': {
        const q = current();
        if (!q) return notify('open: no qube selected', 'error');
        return void openPane(q);
      }
      case 'panes':
        if (!hasWorkspace()) return notify('no panes yet: Enter on a qube opens one', 'error');
        return setView(PANES_VIEW);
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
        if (running.length + paused.length === 0) notify('pause: no running or paused qube selected', 'error');
        return;
      }
      case 'kill': {
        const names = targets().map((q) => q.name);
        if (names.length === 0) return notify('kill: no qube to act on', 'error');
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
        prompt.open();
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

  const submitPrompt = (line: string): void => {
    const request = parsePromptLine(line);
    switch (request.kind) {
      case 'sort':
        return setSort(request.order);
      case 'filter':
        return setFilter(request.text);
      case 'tree':
        return setTree(request.mode);
      case 'detach':
        return onDetach();
      case 'view': {
        const v = viewNamed(request.name);
        if (v === undefined) return notify(`no view ${JSON.stringify(request.name)}; views: ${VIEW_NAMES.join(' ')}`, 'error');
        return openView(v);
      }
      case 'run':
        return void run(request.argv);
      case 'error':
        return notify(request.message, 'error');
      case 'nothing':
        return;
    }
  };

  const prompt = useCommandPrompt(
    () => ({
      commands: [...api.commandNames(), ...LOCAL_COMMAND_NAMES],
      qubes: api.snapshot().qubes.map((q) => q.name),
      commandWords: { sort: SORT_KEYS, tree: TREE_MODES, view: VIEW_NAMES, detach: [] },
    }),
    (line, rest) => {
      submitPrompt(line);
      // Keys pasted after the Enter act on what the line did (`:filter work` then G moves within the filtered rows).
      if (rest !== '' && modeRef.current.kind === 'table') onKey(rest, plainKey(rest));
    },
    () => setMode({ kind: 'table' }),
  );

  const filterKey = (input: string, key: Key): void => {
    const edit = lineEdit(filterRef.current, input, key);
    if (edit?.kind === 'text') setFilter(edit.text);
    else if (edit?.kind === 'submit') {
      setFilter(edit.text);
      setMode({ kind: 'table' });
      if (edit.rest !== '') onKey(edit.rest, plainKey(edit.rest));
    }
    else if (edit?.kind === 'cancel') {
      setFilter('');
      setMode({ kind: 'table' });
    }
  };

  // One handler for every key, routed by the mode as it is now (a ref), never
  // by which component happens to be mounted: Ink moves its input listeners
  // in effects, after a render, and a key can arrive before that.
  const onKey = (input: string, key: Key): void => {
    if (isTooSmall(width, rows)) {
      if (input === 'd') onDetach();
      return;
    }
    const m = modeRef.current;
    switch (m.kind) {
      case 'table': {
        if (viewRef.current.kind === 'info') return infoKeys(input, key);
        const v = viewForKey(input, key);
        if (v !== undefined) return openView(v);
        const { actions, rest } = tableActions(input, key);
        for (const a of actions) act(a);
        if (rest !== '' && !actions.includes('detach')) onKey(rest, { ...key, shift: false });
        return;
      }
      case 'prompt':
        return prompt.key(input, key);
      case 'filter':
        return filterKey(input, key);
      case 'help':
        return setMode({ kind: 'table' });
      case 'closePane': {
        const yes = confirmAnswer(input, key);
        if (yes === undefined) return;
        setMode({ kind: 'table' });
        if (yes) panes?.closeFocused();
        return;
      }
      case 'confirm': {
        const yes = confirmAnswer(input, key);
        if (yes === undefined) return;
        setMode({ kind: 'table' });
        if (yes) void run(m.request.argv);
        else notify(`${m.request.argv[0] ?? ''}: cancelled`, 'info');
        return;
      }
    }
  };
  /** A key while a view shows with nothing over it: the view's first, then back, help, prompt. */
  const infoKey = (input: string, key: Key): void => {
    if (viewKeys.current?.(input, key) === true) return;
    if (key.escape || (input === 'q' && !key.ctrl && !key.meta)) setView(TABLE_VIEW);
    else if (input === '?') setMode({ kind: 'help' });
    else if (input === ':') {
      prompt.open();
      setMode({ kind: 'prompt' });
    }
  };

  /** Keys typed faster than Ink reads them come as one string: one at a time, the rest to whatever a key opened. */
  const infoKeys = (input: string, key: Key): void => {
    const chars = [...input];
    if (chars.length <= 1 || key.ctrl || key.meta || key.escape) return infoKey(input, key);
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i] ?? '';
      infoKey(ch, plainKey(ch));
      const rest = chars.slice(i + 1).join('');
      if (viewRef.current.kind !== 'info' || modeRef.current.kind !== 'table') return rest === '' ? undefined : onKey(rest, plainKey(rest));
    }
  };

  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;
  useInput((input, key) => {
    onKeyRef.current(input, key);
    routeKeys();
  });

  // Keys after the prefix come from the session's input router, not from Ink.
  const onPrefix = (action: PrefixAction): void => {
    switch (action.kind) {
      case 'detach':
        return onDetach();
      case 'help':
        setMode({ kind: 'help' });
        break;
      case 'prompt':
        prompt.open();
        setMode({ kind: 'prompt' });
        break;
      case 'table':
        setView(TABLE_VIEW);
        break;
      case 'close':
        setMode({ kind: 'closePane' });
        break;
      default: {
        const refused = panes?.act(action) ?? null;
        if (refused !== null) notify(refused, 'error');
      }
    }
    routeKeys();
  };
  const onPrefixRef = useRef(onPrefix);
  onPrefixRef.current = onPrefix;
  useEffect(() => panes?.onPrefix((a) => onPrefixRef.current(a)), [panes]);

  const labelOf = useCallback((name: string) => snapshot.qubes.find((q) => q.name === name)?.label, [snapshot.qubes]);

  if (tooSmall) return <TooSmall columns={width} rows={rows} />;

  if (view.kind === 'panes' && panes && hasWorkspace()) {
    // Panes, tab line, message or prompt line, status line.
    const bodyRows = rows - 2;
    const body =
      mode.kind === 'help' ? (
        <PaneViewHelp height={bodyRows} width={width} prefix={panes.prefix.name} ellipsis={theme.glyphs.ellipsis} />
      ) : mode.kind === 'closePane' ? (
        <ConfirmDialog request={{ title: 'Close this pane?', detail: 'Its program ends; a qube console stays open while another pane shows it. The qube keeps running.', argv: [] }} height={bodyRows} theme={theme} />
      ) : (
        <PaneView workspaces={panes} width={width} height={bodyRows - 1} labelOf={labelOf} theme={theme} />
      );
    return (
      <Box flexDirection="column" width={width} height={rows}>
        {body}
        {mode.kind === 'prompt' ? (
          <CommandPrompt text={prompt.text} width={width} row={rows - 2} />
        ) : (
          <Toast toast={toast} notice={snapshot.notices[snapshot.notices.length - 1]} width={width} ellipsis={theme.glyphs.ellipsis} />
        )}
        <StatusLine snapshot={snapshot} width={width} />
      </Box>
    );
  }

  const info = view.kind === 'info' ? view : null;
  const heading = info === null ? TITLE : ` ${info.view.title} `;
  const title =
    info !== null
      ? info.view.help
      : [
          `${shown.length === snapshot.qubes.length ? '' : `${shown.length} of `}${snapshot.qubes.length} qubes`,
          `sort ${columnFor(sort.key).header} ${sort.descending ? theme.glyphs.descending : theme.glyphs.ascending}`,
          ...(tree === 'off' ? [] : [`tree by ${tree}`]),
          ...(filter === '' ? [] : [`filter "${filter}"`]),
          ...(marks.size === 0 ? [] : [`${marks.size} marked`]),
        ].join(' | ');
  const titleLine = <ScreenLines lines={[`${chalk.bold.cyan(heading)}${fit(title, width - heading.length, theme.glyphs.ellipsis)}`]} height={1} />;

  // A view stays mounted under help and a confirmation, so its cursor and
  // what it read are still there when they close.
  const overlaid = mode.kind === 'help' || mode.kind === 'confirm';
  const shownView =
    info === null ? null : (
      <Box key="shown-view" display={overlaid ? 'none' : 'flex'} flexDirection="column" height={mainHeight}>
        <info.view.Component
          key={info.view.name}
          api={api}
          theme={theme}
          width={width}
          height={mainHeight}
          qube={info.qube}
          keys={viewKeys}
          run={run}
          confirm={(request) => setMode({ kind: 'confirm', request })}
        />
      </Box>
    );

  if (mode.kind === 'help') {
    // Help takes the message and input lines too: the table's keys fit whole at 80x24.
    return (
      <Box flexDirection="column" width={width} height={rows}>
        {titleLine}
        <HelpOverlay
          entries={info === null ? TABLE_HELP : viewHelp(info.view)}
          title={info === null ? 'Help' : `${info.view.title} help`}
          height={mainHeight + 2}
          width={width}
          ellipsis={theme.glyphs.ellipsis}
        />
        {shownView}
        <StatusLine snapshot={snapshot} width={width} />
      </Box>
    );
  }

  const main =
    mode.kind === 'confirm' ? (
      <ConfirmDialog request={mode.request} height={mainHeight} theme={theme} />
    ) : info !== null ? null : (
      <QubeTable rows={rowsShown} columns={columns} top={top} height={bodyHeight} cursor={cursor} marks={marks} sort={sort} theme={theme} />
    );

  const hint =
    info === null
      ? '? help  : command  / filter  Enter pane  Space mark  r start  S shutdown  K kill  d detach'
      : ['Esc back  ? help  : command', ...info.view.viewKeys.map((k) => `${k.keys} ${k.help}`)].join('  ');
  const inputLine =
    mode.kind === 'prompt' ? (
      <CommandPrompt text={prompt.text} width={width} row={rows - 2} />
    ) : mode.kind === 'filter' ? (
      <FilterLine filter={filter} width={width} row={rows - 2} />
    ) : (
      <ScreenLines lines={[chalk.dim(fit(hint, width, theme.glyphs.ellipsis))]} height={1} />
    );

  // No fixed height: the qube table's rows are inserted between Ink's by the screen (ScreenLines), and the lines add up to the terminal's rows.
  return (
    <Box flexDirection="column" width={width}>
      {titleLine}
      {main}
      {shownView}
      {mode.kind === 'prompt' && prompt.candidates.length > 0 ? (
        <ScreenLines lines={[chalk.dim(fit(prompt.candidates.join('  '), width, theme.glyphs.ellipsis))]} height={1} />
      ) : (
        <Toast toast={toast} notice={snapshot.notices[snapshot.notices.length - 1]} width={width} ellipsis={theme.glyphs.ellipsis} />
      )}
      {inputLine}
      <StatusLine snapshot={snapshot} width={width} />
    </Box>
  );
}
