/**
 * Text that reached the daemon from a qube (names of its notifications, command
 * output, notices) is drawn outside that qube's pane: control characters are
 * dropped so it cannot move the cursor or send escape sequences to the client.
 */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}

/** Cuts `s` to `width` cells, marking the cut; pads to `width` when `pad`. */
export function fit(s: string, width: number, ellipsis: string, align: 'left' | 'right' = 'left'): string {
  const cut = s.length > width ? s.slice(0, Math.max(0, width - 1)) + (width > 0 ? ellipsis : '') : s;
  return align === 'left' ? cut.padEnd(width) : cut.padStart(width);
}

/** The end of `s` that fits in `width` cells: a line being typed shows where the typing is. */
export function tail(s: string, width: number): string {
  return s.length <= width ? s : s.slice(s.length - Math.max(0, width));
}
