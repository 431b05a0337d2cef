/** The `:` prompt line; its keys are handled by the app (see line-editor.ts). */
import chalk from 'chalk';
import { tail } from './printable.js';
import { useRealCursor } from './real-cursor.js';
import { ScreenLines } from './screen-lines.js';

/** A one-character sigil, the text's end that fits, and the cursor after it; `row` is the line's row on the screen. */
export function EditLine({ sigil, text, width, row }: { sigil: string; text: string; width: number; row: number }) {
  const shown = tail(text, width - 2);
  const real = useRealCursor({ x: 1 + shown.length, y: row });
  return <ScreenLines lines={[`${chalk.bold.cyan(sigil)}${shown}${real ? '' : chalk.inverse(' ')}`]} height={1} />;
}

export function CommandPrompt({ text, width, row }: { text: string; width: number; row: number }) {
  return <EditLine sigil=":" text={text} width={width} row={row} />;
}
