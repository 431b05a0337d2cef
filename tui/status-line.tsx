/** The bottom line: where you are, who you are, and what the host has left. */
import { Text } from 'ink';
import { useEffect, useState } from 'react';
import type { ConsoleSnapshot } from './console-api.js';
import { printable } from './printable.js';

export function clipboardText(clipboard: ConsoleSnapshot['clipboard']): string {
  return clipboard === null ? 'clipboard empty' : `clipboard ${clipboard.bytes} bytes from ${printable(clipboard.source)}`;
}

function hhmm(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The clock, re-rendered only when the minute changes. */
function useMinuteClock(): string {
  const [now, setNow] = useState(() => hhmm(new Date()));
  useEffect(() => {
    const timer = setInterval(() => setNow(hhmm(new Date())), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function StatusLine({ snapshot, width }: { snapshot: ConsoleSnapshot; width: number }) {
  const time = useMinuteClock();
  const running = snapshot.qubes.filter((q) => q.state === 'Running').length;
  const fields = [
    `${snapshot.host.hostname}${snapshot.host.backend === 'sim' ? ' (sim)' : ''}`,
    `session ${snapshot.session}`,
    snapshot.role,
    `${running}/${snapshot.qubes.length} running`,
    `free ${snapshot.host.freeMemMiB} MiB`,
    clipboardText(snapshot.clipboard),
  ].map(printable);
  const left = ` ${fields.join(' | ')}`;
  const line = left.length + time.length + 1 <= width ? left.padEnd(width - time.length - 1) + time + ' ' : left;
  return (
    <Text inverse wrap="truncate">
      {line.padEnd(width)}
    </Text>
  );
}
