/**
 * Tree mode of the table: qubes under their template, or under their netvm,
 * siblings in the table's sort order. A parent that is filtered out or missing
 * leaves its children at the top level.
 */
import type { QubeRowView } from './console-api.js';
import type { Glyphs } from './glyphs.js';

export type TreeMode = 'off' | 'template' | 'netvm';

export const TREE_MODES: readonly TreeMode[] = ['off', 'template', 'netvm'];

export interface TableRow {
  qube: QubeRowView;
  /** Drawn before the name: the branches that lead to it. */
  indent: string;
}

export function isTreeMode(s: string): s is TreeMode {
  return (TREE_MODES as readonly string[]).includes(s);
}

export function tableRows(sorted: readonly QubeRowView[], mode: TreeMode, g: Glyphs): TableRow[] {
  if (mode === 'off') return sorted.map((qube) => ({ qube, indent: '' }));
  const byName = new Map(sorted.map((q) => [q.name, q]));
  const children = new Map<string, QubeRowView[]>();
  const roots: QubeRowView[] = [];
  for (const q of sorted) {
    const parent = mode === 'template' ? q.template : q.netvm;
    if (parent !== null && parent !== q.name && byName.has(parent)) {
      const list = children.get(parent) ?? [];
      list.push(q);
      children.set(parent, list);
    } else {
      roots.push(q);
    }
  }
  const rows: TableRow[] = [];
  const placed = new Set<string>();
  const visit = (q: QubeRowView, lead: string, branch: string): void => {
    // Qubes forbids loops of netvms and templates; a corrupt store must not hang the console.
    if (placed.has(q.name)) return;
    placed.add(q.name);
    rows.push({ qube: q, indent: lead + branch });
    const kids = children.get(q.name) ?? [];
    const childLead = branch === '' ? lead : lead + (branch === g.treeLast ? '  ' : g.treePipe);
    kids.forEach((kid, i) => visit(kid, childLead, i === kids.length - 1 ? g.treeLast : g.treeBranch));
  };
  for (const q of roots) visit(q, '', '');
  // Members of a loop have no root; they still appear, at the top level.
  for (const q of sorted) visit(q, '', '');
  return rows;
}
