/** `xl uptime [-s]`, as xl_misc.c prints it (uptime_to_string and the two row layouts). */
import { left, right } from './printf-fields.js';

export const UPTIME_HEADER = `${left('Name', 33)} ${right('ID', 4)} Uptime\n`;

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function uptimeToString(totalSec: number, short: boolean): string {
  const t = Math.max(0, Math.floor(totalSec));
  const sec = t % 60;
  const min = Math.floor((t % 3600) / 60);
  const hour = Math.floor((t % 86400) / 3600);
  const day = Math.floor(t / 86400);
  const clock = short ? `${right(hour, 2)}:${pad2(min)}` : `${right(hour, 2)}:${pad2(min)}:${pad2(sec)}`;
  if (day > 1) return `${day} days, ${clock}`;
  if (day === 1) return `${day} day, ${clock}`;
  return clock;
}

export function formatUptimeRow(name: string, domid: number, uptimeSec: number, short: boolean, now: Date): string {
  if (!short) return `${left(name, 33)} ${right(domid, 4)} ${uptimeToString(uptimeSec, false)}\n`;
  const hms = `${pad2(now.getHours())}:${pad2(now.getMinutes())}:${pad2(now.getSeconds())}`;
  return ` ${hms} up ${uptimeToString(uptimeSec, true)}, ${name} (${domid})\n`;
}
