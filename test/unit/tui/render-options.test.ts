import { describe, expect, it } from 'vitest';
import { renderOptionsFor } from '../../../tui/render-options.js';

describe('renderOptionsFor', () => {
  it.each([
    [{ TERM: 'linux' }, { ascii: true, colors: 'linux16' }],
    [{ TERM: 'linux', COLORTERM: 'truecolor' }, { ascii: true, colors: 'linux16' }],
    [{ TERM: 'xterm-256color' }, { ascii: false, colors: 'ansi256' }],
    [{ TERM: 'tmux-256color', COLORTERM: 'truecolor' }, { ascii: false, colors: 'truecolor' }],
    [{ TERM: 'xterm-256color', QTUI_ASCII: '1' }, { ascii: true, colors: 'ansi256' }],
    [{ TERM: 'xterm' }, { ascii: false, colors: 'linux16' }],
    [{ TERM: 'vt100', QTUI_ASCII: '0' }, { ascii: false, colors: 'linux16' }],
    [{}, { ascii: false, colors: 'linux16' }],
  ])('%o', (env, options) => {
    expect(renderOptionsFor(env)).toEqual(options);
  });
});
