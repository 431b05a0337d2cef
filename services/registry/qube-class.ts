/** The kinds of qube, named as Qubes names its classes. */
export const QUBE_CLASSES = ['AdminVM', 'TemplateVM', 'AppVM', 'StandaloneVM', 'DispVM'] as const;
export type QubeClass = (typeof QUBE_CLASSES)[number];

export function isQubeClass(s: string): s is QubeClass {
  return (QUBE_CLASSES as readonly string[]).includes(s);
}

/** Classes whose root filesystem (and several defaults) come from a template. */
export function isTemplateBased(klass: QubeClass): boolean {
  return klass === 'AppVM' || klass === 'DispVM';
}
