/**
 * org.qtui.Clipboard1: the secure clipboard held in the GUI domain, the
 * Qubes way: one qube copies into it, one paste takes the content out and
 * empties it, so data moves only when the user asks, once.
 * - Copy(source, data): `source` is the qube the data came from (set by
 *   dom0's relay, never by the qube itself); data at most CLIPBOARD_MAX_BYTES.
 * - Paste() → (source, data), then the clipboard is empty; an empty
 *   clipboard answers the error QTUI_ERRORS.Empty.
 * - State() → (source, size in bytes) without taking the content; ('', 0)
 *   when empty.
 */
import type { InterfaceSpec } from './interface-spec.js';

export const CLIPBOARD_MAX_BYTES = 64_000;

export const QTUI_CLIPBOARD = {
  busName: 'org.qtui.Clipboard1',
  objectPath: '/org/qtui/Clipboard1',
  spec: {
    name: 'org.qtui.Clipboard1',
    methods: {
      Copy: { in: 'say', out: '' },
      Paste: { in: '', out: 'say' },
      State: { in: '', out: 'su' },
    },
    signals: {},
  },
} as const satisfies { busName: string; objectPath: string; spec: InterfaceSpec };
