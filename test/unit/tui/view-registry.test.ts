import { describe, expect, it } from 'vitest';
import { plainKey, tableAction } from '../../../tui/keymap.js';
import { viewForKey, viewNamed, VIEWS } from '../../../tui/views/view-registry.js';

describe('the view registry', () => {
  it('gives every view its own key, free on the qube table, and its own name', () => {
    expect(VIEWS.length).toBeGreaterThan(0);
    for (const v of VIEWS) {
      expect(v.key).toHaveLength(1);
      expect(tableAction(v.key, plainKey(v.key)), `${v.key} is a table key`).toBeUndefined();
      expect(viewForKey(v.key, plainKey(v.key))).toBe(v);
      expect(viewNamed(v.name)).toBe(v);
    }
    expect(new Set(VIEWS.map((v) => v.key)).size).toBe(VIEWS.length);
    expect(new Set(VIEWS.map((v) => v.name)).size).toBe(VIEWS.length);
  });

  it('opens no view with Ctrl or Alt held', () => {
    const v = VIEWS[0];
    if (v === undefined) throw new Error('no views');
    expect(viewForKey(v.key, { ...plainKey(v.key), ctrl: true })).toBeUndefined();
    expect(viewForKey(v.key, { ...plainKey(v.key), meta: true })).toBeUndefined();
  });
});
