/**
 * Tab completion in the `:` prompt: the first word from the command names, later
 * words from the qube names, or from a console command's own words (`sort mem`).
 * Only the last word is completed, and only when it has no quotes (names never need them).
 */
export interface CompletionSources {
  commands: readonly string[];
  qubes: readonly string[];
  /** The words a console command takes, by command name. */
  commandWords: Readonly<Record<string, readonly string[]>>;
}

export interface Completion {
  line: string;
  /** Every candidate when more than one matched, for the prompt to show. */
  candidates: string[];
}

export function completeLine(line: string, sources: CompletionSources): Completion {
  const start = line.search(/\S*$/);
  const partial = line.slice(start);
  if (/["'\\]/.test(partial)) return { line, candidates: [] };
  const before = line.slice(0, start).trim().split(/\s+/).filter((w) => w !== '');
  const pool = before.length === 0 ? sources.commands : (sources.commandWords[before[0] ?? ''] ?? sources.qubes);
  const matches = [...new Set(pool.filter((w) => w.startsWith(partial)))].sort();
  const only = matches[0];
  if (only !== undefined && matches.length === 1) return { line: line.slice(0, start) + only + ' ', candidates: [] };
  if (matches.length === 0) return { line, candidates: [] };
  return { line: line.slice(0, start) + commonPrefix(matches), candidates: matches };
}

function commonPrefix(words: readonly string[]): string {
  const first = words[0] ?? '';
  let n = first.length;
  for (const w of words) {
    while (n > 0 && !w.startsWith(first.slice(0, n))) n--;
  }
  return first.slice(0, n);
}
