// The same rule dom0 applies to qube names (DESIGN.md, "Security stance"),
// repeated here because agents may import nothing else of ours.
const QUBE_NAME_RE = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;
const RESERVED = new Set(['none', 'default', 'Domain-0']);

/** Whether `name` is a valid qube name, dom0 included. */
export function isQubeName(name: string): boolean {
  if (name === 'dom0') return true;
  return name.length <= 31 && QUBE_NAME_RE.test(name) && !RESERVED.has(name) && !name.endsWith('-dm');
}
