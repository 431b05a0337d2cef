import { describe, expect, it } from 'vitest';
import { formatPrintf, scanPrintf } from '../../../xen-bridge/parsers/printf-layout.js';

describe('scanPrintf', () => {
  it('reads right- and left-aligned fields by their widths', () => {
    expect(scanPrintf('%-5s|%5d|%-3d|', 'ab   |  -42|7  |')).toEqual({ ok: true, values: ['ab', '-42', '7'] });
  });

  it('lets a value wider than its field push the line right, as C does', () => {
    expect(scanPrintf('%-4s %3d', 'toolong 12345')).toEqual({ ok: true, values: ['toolong', '12345'] });
  });

  it('refuses padding that does not fit the width, and says where', () => {
    expect(scanPrintf('%5d', '  42')).toEqual({ ok: false, column: 1 });
    expect(scanPrintf('%5d', '    42')).toEqual({ ok: false, column: 1 });
    expect(scanPrintf('%-5s!', 'ab  !')).toEqual({ ok: false, column: 1 });
    expect(scanPrintf('%3d %3d', '  1    2')).toEqual({ ok: false, column: 5 });
    expect(scanPrintf('%3d', '  1 ')).toEqual({ ok: false, column: 4 });
  });

  it('reads %f with its precision, %x, %c, %% and length modifiers', () => {
    expect(scanPrintf('%8.1f%%', '   120.1%')).toEqual({ ok: true, values: ['120.1'] });
    expect(scanPrintf('%8.1f', '    120.')).toEqual({ ok: false, column: 1 });
    expect(scanPrintf('%02x:%llu %c', '0a:18446744073709551615 r')).toEqual({ ok: true, values: ['0a', '18446744073709551615', 'r'] });
  });

  it('takes a value pattern that may start with a blank', () => {
    expect(scanPrintf('up %s,', 'up  0:01,', [/[ \d]\d:\d\d/])).toEqual({ ok: true, values: [' 0:01'] });
  });
});

describe('formatPrintf', () => {
  it('pads like printf', () => {
    expect(formatPrintf('%-4s|%4s|%s', ['a', 'b', 'c'])).toBe('a   |   b|c');
  });
});
