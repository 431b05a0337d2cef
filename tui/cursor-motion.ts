/**
 * The fewest bytes that move a terminal's cursor from one cell to another:
 * an absolute move costs 6-8 bytes, and most moves a differ makes are a few
 * cells along the same row or to the next row, which cost 1-4. Only moves
 * that behave the same on every terminal are used: CR, CUU/CUD/CUF/CUB, CHA
 * and CUP; never a bare LF, which scrolls at the bottom and may gain a CR on
 * the way (ONLCR).
 */

const CSI = '\u001b[';

/** A cell of the screen (0-based). */
export interface CursorPosition {
  x: number;
  y: number;
}

function relative(n: number, final: string): string {
  return n === 1 ? `${CSI}${final}` : `${CSI}${n}${final}`;
}

/** Along a row from column `fromX` (same row) to column `toX`. */
function along(fromX: number, toX: number): string[] {
  if (fromX === toX) return [''];
  const options = [fromX < toX ? relative(toX - fromX, 'C') : relative(fromX - toX, 'D'), toX === 0 ? `${CSI}G` : `${CSI}${toX + 1}G`];
  options.push(toX === 0 ? '\r' : `\r${relative(toX, 'C')}`);
  return options;
}

function shortest(options: readonly string[]): string {
  return options.reduce((best, o) => (o.length < best.length ? o : best));
}

/**
 * The bytes that take the cursor from `from` to `to` on a screen `columns`
 * wide. `from` null (unknown), or past the last column (a terminal that has
 * just written there waits to wrap, and relative moves differ between
 * terminals then), gets an absolute move.
 */
export function cursorMotion(from: CursorPosition | null, to: CursorPosition, columns: number): string {
  const absolute = to.x === 0 && to.y === 0 ? `${CSI}H` : to.x === 0 ? `${CSI}${to.y + 1}H` : `${CSI}${to.y + 1};${to.x + 1}H`;
  if (from === null || from.x >= columns || from.x < 0 || from.y < 0) return absolute;
  if (from.x === to.x && from.y === to.y) return '';
  const dy = to.y - from.y;
  const vertical = dy === 0 ? '' : dy > 0 ? relative(dy, 'B') : relative(-dy, 'A');
  return shortest([absolute, ...along(from.x, to.x).map((h) => vertical + h)]);
}
