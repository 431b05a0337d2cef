/**
 * Bounds for values that come from a service qube. The protocol decoders
 * check each field; these guard what they cannot: the overall size of a
 * reply, and text drawn in dom0 (a field's checker may allow more than a
 * terminal can safely show).
 */

/** Control characters (C0, DEL, C1) and the bidi overrides that can reorder what is drawn around them. */
const UNSAFE_RE = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/gu;

/** Text safe to draw: unsafe characters become U+FFFD, and it is cut to `max` code points. */
export function sanitizeText(s: string, max = 4096): string {
  const clean = s.replace(UNSAFE_RE, '\ufffd');
  const points = [...clean];
  return points.length <= max ? clean : `${points.slice(0, max - 1).join('')}…`;
}

/**
 * Roughly how many bytes a decoded D-Bus value took on the wire, stopping as
 * soon as `limit` is passed (so a huge array costs no more than the limit
 * to measure). Returns a number > limit when it is over.
 */
export function measureValue(value: unknown, limit: number): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= limit) {
    const v = stack.pop();
    if (typeof v === 'string') total += Buffer.byteLength(v) + 5;
    else if (Buffer.isBuffer(v)) total += v.length + 4;
    else if (Array.isArray(v)) {
      total += 4;
      for (const item of v as unknown[]) stack.push(item);
    } else if (v !== null && typeof v === 'object') {
      total += 8;
      for (const item of Object.values(v)) stack.push(item);
    } else total += 8;
  }
  return total;
}
