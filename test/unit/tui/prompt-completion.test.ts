import { describe, expect, it } from 'vitest';
import { completeLine } from '../../../tui/prompt-completion.js';

const sources = { commands: ['start', 'shutdown', 'sort', 'kill', 'ls'], qubes: ['work', 'personal', 'sys-net', 'sys-firewall'], commandWords: { sort: ['name', 'mem', 'cpu'], detach: [] } };

describe('completeLine', () => {
  it('completes a unique command name and adds a space', () => {
    expect(completeLine('sta', sources)).toEqual({ line: 'start ', candidates: [] });
  });

  it('extends to the common prefix and lists the candidates', () => {
    expect(completeLine('s', sources)).toEqual({ line: 's', candidates: ['shutdown', 'sort', 'start'] });
    expect(completeLine('start sys', sources)).toEqual({ line: 'start sys-', candidates: ['sys-firewall', 'sys-net'] });
  });

  it('completes qube names after a command, columns after sort', () => {
    expect(completeLine('start w', sources)).toEqual({ line: 'start work ', candidates: [] });
    expect(completeLine('start work p', sources)).toEqual({ line: 'start work personal ', candidates: [] });
    expect(completeLine('sort m', sources)).toEqual({ line: 'sort mem ', candidates: [] });
    expect(completeLine('detach w', sources)).toEqual({ line: 'detach w', candidates: [] });
  });

  it('offers every qube for an empty word, and leaves the line alone without a match', () => {
    expect(completeLine('kill ', sources).candidates).toEqual(['personal', 'sys-firewall', 'sys-net', 'work']);
    expect(completeLine('start zzz', sources)).toEqual({ line: 'start zzz', candidates: [] });
  });

  it('does not complete inside quotes', () => {
    expect(completeLine('start "wo', sources)).toEqual({ line: 'start "wo', candidates: [] });
  });
});
