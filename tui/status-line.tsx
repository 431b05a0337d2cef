/** The bottom line: where you are, who you are, and what the host has left. */
import chalk from 'chalk';
import { useEffect, useState } from 'react';
import type { ConsoleSnapshot } from './console-api.js';
import { fit, printable } from './printable.js';
import { ScreenLines } from './screen-lines.js';

export function clipboardText(clipboard: ConsoleSnapshot['clipboard']): string {
  return clipboard === null ? 'clipboard empty' : `clipboard ${clipboard.bytes} bytes from ${printable(clipboard.source)}`;
}

/** The status fields spelled out, and again as short as they can be for narrow terminals. */
function statusVariants(s: ConsoleSnapshot): string[] {
  const running = s.qubes.filter((q) => q.state === 'Running').length;
  const host = `${s.host.hostname}${s.host.backend === 'sim' ? ' (sim)' : ''}`;
  const clip = s.clipboard === null ? 'clipboard empty' : `clip ${s.clipboard.bytes}B from ${s.clipboard.source}`;
  return [
    [host, `session ${s.session}`, s.role, `${running}/${s.qubes.length} running`, `free ${s.host.freeMemMiB} MiB`, clipboardText(s.clipboard)].join(' | '),
    [s.host.hostname, s.session, s.role, `${running}/${s.qubes.length} up`, `${s.host.freeMemMiB}M free`, clip].join(' '),
  ].map((v) => ` ${printable(v)}`);
}

function hhmm(d: Date): string {
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The clock, woken once a minute, just after the minute turns (an idle console does nothing in between). */
function useMinuteClock(): string {
  const [now, setNow] = useState(() => hhmm(new Date()));
  useEffect(() => {
    let timer: NodeJS.Timeout;
    const tick = (): void => {
      const d = new Date();
      setNow(hhmm(d));
      timer = setTimeout(tick, 60_000 - (d.getSeconds() * 1000 + d.getMilliseconds()) + 50);
    };
    tick();
    return () => clearTimeout(timer);
  }, []);
  return now;
}

export function StatusLine({ snapshot, width }: { snapshot: ConsoleSnapshot; width: number }) {
  const time = useMinuteClock();
  const room = width - time.length - 2;
  const variants = statusVariants(snapshot);
  const left = variants.find((v) => v.length <= room) ?? fit(variants[variants.length - 1] ?? '', room, '~');
  return <ScreenLines lines={[chalk.inverse(`${left.padEnd(room)} ${time} `)]} height={1} />;
}
