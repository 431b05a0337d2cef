/**
 * What the lifecycle needs from Xen and from the registry, as narrow
 * interfaces: xen-bridge's XlClient and the registry satisfy them in the
 * daemon, and nothing here knows more of either.
 */
import type { DomainSummary, XenInfo } from '../../xen-bridge/types.js';

export interface XenControl {
  list(): Promise<DomainSummary[]>;
  info(): Promise<XenInfo>;
  create(cfgPath: string, opts?: { paused?: boolean }): Promise<void>;
  shutdown(dom: string, opts?: { wait?: boolean }): Promise<void>;
  destroy(dom: string): Promise<void>;
  pause(dom: string): Promise<void>;
  unpause(dom: string): Promise<void>;
}

export type QubeKind = 'AdminVM' | 'TemplateVM' | 'AppVM' | 'StandaloneVM' | 'DispVM';

/** The effective (set or default) values the lifecycle reads of one qube. */
export interface QubeFacts {
  name: string;
  klass: QubeKind;
  label: string;
  netvm: string | null;
  template: string | null;
  memory: number;
  maxmem: number;
  vcpus: number;
  virtMode: 'pv' | 'pvh';
  kernel: string | null;
  kernelopts: string;
  ip: string | null;
  mac: string;
  autostart: boolean;
  templateForDispvms: boolean;
  defaultDispvm: string | null;
}

export interface QubeDirectory {
  facts(name: string): QubeFacts | undefined;
  all(): QubeFacts[];
  /** Adds a DispVM based on the disposable template `base`, labelled as it is. */
  addDisposable(name: string, base: string): void;
  /** Resolves once the registry file no longer lists the qube, so its volumes may go. */
  remove(name: string): Promise<void>;
}
