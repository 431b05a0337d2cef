/** Qubes' labels, with the index and colour Qubes gives each (qubes.xml keeps them as label-1 … label-8). */
export const LABELS = [
  { name: 'red', index: 1, color: '0xcc0000' },
  { name: 'orange', index: 2, color: '0xf57900' },
  { name: 'yellow', index: 3, color: '0xedd400' },
  { name: 'green', index: 4, color: '0x73d216' },
  { name: 'gray', index: 5, color: '0x555753' },
  { name: 'blue', index: 6, color: '0x3465a4' },
  { name: 'purple', index: 7, color: '0x75507b' },
  { name: 'black', index: 8, color: '0x000000' },
] as const;

export type LabelName = (typeof LABELS)[number]['name'];
export type Label = (typeof LABELS)[number];

export function findLabel(name: string): Label | undefined {
  return LABELS.find((l) => l.name === name);
}
