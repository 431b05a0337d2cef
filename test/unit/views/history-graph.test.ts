import { describe, expect, it } from 'vitest';
import { barGraph, timeColumns } from '../../../tui/views/history-graph.js';

const LEVELS = ['1', '2', '3', '4'];

describe('timeColumns', () => {
  it('spreads the window ending at the newest sample over the columns, keeping the highest per column', () => {
    const at = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    const v = [9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // Window 40 over 4 columns of 10: samples 60..100; the newest shares the last column with 90.
    expect(timeColumns(at, v, 4, 40)).toEqual([6, 7, 8, 10]);
  });

  it('leaves columns without samples empty', () => {
    expect(timeColumns([100], [5], 3, 30)).toEqual([null, null, 5]);
    expect(timeColumns([], [], 2, 30)).toEqual([null, null]);
  });
});

describe('barGraph', () => {
  it('fills each column in proportion, top row first, with partial steps', () => {
    // 2 rows of 4 steps: 50% = 4 steps (bottom full), 100% = 8, 25% = 2.
    expect(barGraph([50, 100, 25, null, 0], 2, 100, LEVELS)).toEqual([' 4   ', '442  ']);
  });

  it('shows any use as at least one step and clamps above the top', () => {
    expect(barGraph([0.1, 500], 1, 100, LEVELS)).toEqual(['14']);
  });
});
