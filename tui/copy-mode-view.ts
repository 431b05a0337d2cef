/**
 * A pane in copy mode, drawn as tmux draws it: the frozen lines, the
 * selection reversed, the copy cursor as a marked cell (the client's real
 * cursor is hidden meanwhile), the position indicator at the top right and
 * the search being typed at the bottom left.
 */
import type { PaneCell, PaneScreen } from './pane-compose.js';
import type { CopyModeView } from './workspace-api.js';

const PLAIN = '\x1b[0m';
const SELECTED = '\x1b[0;7m';
/** Black on yellow, as tmux's mode-style: visible on 16 colours, apart from the selection. */
const MARK = '\x1b[0;30;43m';

function cellsOf(chars: readonly string[], sgrAt: (x: number) => string): PaneCell[] {
  return chars.map((c, x) => ({ chars: c, width: c === '' ? 0 : chars[x + 1] === '' ? 2 : 1, sgr: sgrAt(x) }));
}

/** `text` laid over a row's cells from column `at`, one cell per character. */
function overlay(cells: PaneCell[], text: string, at: number): PaneCell[] {
  const out = [...cells];
  const chars = [...text];
  chars.forEach((ch, i) => {
    if (at + i >= 0 && at + i < out.length) out[at + i] = { chars: ch, width: 1, sgr: MARK };
  });
  // A wide character the text covers half of becomes a blank.
  const before = out[at - 1];
  if (before?.width === 2) out[at - 1] = { ...before, chars: ' ', width: 1 };
  const after = out[at + chars.length];
  if (after?.width === 0) out[at + chars.length] = { ...after, chars: ' ', width: 1 };
  return out;
}

export function copyModeScreen(view: CopyModeView, width: number): PaneScreen {
  return {
    rows: view.rows.length,
    cells: (row) => {
      const r = view.rows[row];
      if (!r) return [];
      const chars = Array.from({ length: width }, (_, x) => r.cells[x] ?? ' ');
      let cells = cellsOf(chars, (x) => (x === r.cursor ? MARK : r.selected && x >= r.selected.from && x <= r.selected.to ? SELECTED : PLAIN));
      if (row === 0) cells = overlay(cells, view.position, width - [...view.position].length);
      if (row === view.rows.length - 1 && view.status !== null) cells = overlay(cells, view.status, 0);
      return cells;
    },
  };
}
