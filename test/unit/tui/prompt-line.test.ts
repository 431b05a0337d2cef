import { describe, expect, it } from 'vitest';
import { parsePromptLine } from '../../../tui/prompt-line.js';

describe('parsePromptLine', () => {
  it('sends daemon commands on as argv', () => {
    expect(parsePromptLine(`prefs work label "dark red"`)).toEqual({ kind: 'run', argv: ['prefs', 'work', 'label', 'dark red'] });
    expect(parsePromptLine('start work personal')).toEqual({ kind: 'run', argv: ['start', 'work', 'personal'] });
  });

  it('keeps the console’s own commands', () => {
    expect(parsePromptLine('sort MEM desc')).toEqual({ kind: 'sort', order: { key: 'mem', descending: true } });
    expect(parsePromptLine('sort cpu%')).toEqual({ kind: 'sort', order: { key: 'cpu', descending: false } });
    expect(parsePromptLine('filter sys')).toEqual({ kind: 'filter', text: 'sys' });
    expect(parsePromptLine('filter')).toEqual({ kind: 'filter', text: '' });
    expect(parsePromptLine('detach')).toEqual({ kind: 'detach' });
    expect(parsePromptLine('view events')).toEqual({ kind: 'view', name: 'events' });
    expect(parsePromptLine('   ')).toEqual({ kind: 'nothing' });
  });

  it('explains a bad line instead of running it', () => {
    expect(parsePromptLine('sort bogus').kind).toBe('error');
    expect(parsePromptLine('sort mem sideways').kind).toBe('error');
    expect(parsePromptLine('sort mem asc extra').kind).toBe('error');
    expect(parsePromptLine('view')).toEqual({ kind: 'error', message: 'usage: view NAME' });
    expect(parsePromptLine('view host events')).toEqual({ kind: 'error', message: 'usage: view NAME' });
    expect(parsePromptLine('start "work')).toEqual({ kind: 'error', message: 'unclosed " quote' });
  });
});
