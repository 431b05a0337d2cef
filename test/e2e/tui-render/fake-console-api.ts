/** A ConsoleApi of plain data for rendering tests: records the commands it is asked to run. */
import type { CommandOutcome, ConsoleApi, ConsoleSnapshot, QubeRowView, QubeState } from '../../../tui/console-api.js';

const NAMES = [
  'dom0', 'sys-net', 'sys-firewall', 'sys-usb', 'work', 'personal', 'untrusted', 'vault', 'banking', 'dev',
  'media', 'mail', 'fedora-40', 'debian-12', 'whonix-gw', 'anon-whonix', 'disp1234', 'printing', 'backup', 'social',
] as const;
const LABELS = ['black', 'red', 'orange', 'yellow', 'green', 'gray', 'blue', 'purple'] as const;
const STATES: readonly QubeState[] = ['Running', 'Running', 'Halted', 'Paused'];

export function fakeQube(i: number, name: string = NAMES[i] ?? `qube-${String(i).padStart(4, '0')}`): QubeRowView {
  const state = name === 'work' ? 'Halted' : (STATES[i % STATES.length] ?? 'Halted');
  const running = state === 'Running' || state === 'Paused';
  return {
    name,
    state,
    klass: name.startsWith('fedora') || name.startsWith('debian') ? 'TemplateVM' : name === 'dom0' ? 'AdminVM' : 'AppVM',
    label: LABELS[i % LABELS.length] ?? 'red',
    template: name === 'dom0' ? null : 'fedora-40',
    netvm: name.startsWith('sys-') || name === 'dom0' ? null : 'sys-firewall',
    // Distinct sizes so a sort by memory has one right answer.
    memMiB: running ? 400 + ((i * 7919) % 4000) : 0,
    cpuPercent: running ? (i * 13) % 100 : null,
    cpuHistory: running ? [5, 20, 40, 80, 100, 60].map((v) => (v + i) % 101) : [],
    vcpus: 1 + (i % 4),
    uptimeSec: running ? 60 * i + 5 : null,
    ip: running && !name.startsWith('sys-') ? `10.137.0.${i + 2}` : null,
  };
}

export const COMMAND_NAMES = ['help', 'ls', 'start', 'shutdown', 'kill', 'pause', 'unpause', 'restart', 'create', 'clone', 'remove', 'prefs'];

export class FakeConsoleApi implements ConsoleApi {
  readonly runs: string[][] = [];
  detached = 0;
  outcome: (argv: string[]) => CommandOutcome = (argv) => ({ ok: true, text: `${argv[0] ?? ''}: ok` });
  private state: ConsoleSnapshot;
  private readonly listeners = new Set<() => void>();

  constructor(qubes: QubeRowView[] = NAMES.map((_, i) => fakeQube(i))) {
    this.state = {
      qubes,
      host: { hostname: 'dom0-test', totalMemMiB: 32768, freeMemMiB: 12345, backend: 'sim' },
      role: 'admin',
      session: 'main',
      clipboard: null,
      notices: [],
    };
  }

  snapshot(): ConsoleSnapshot {
    return this.state;
  }

  update(change: Partial<ConsoleSnapshot>): void {
    this.state = { ...this.state, ...change };
    for (const l of this.listeners) l();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async run(argv: string[]): Promise<CommandOutcome> {
    this.runs.push(argv);
    return this.outcome(argv);
  }

  /** Reads are kept with the runs: a test asks what a view asked for, whichever way. */
  read(argv: string[]): Promise<CommandOutcome> {
    return this.run(argv);
  }

  commandNames(): string[] {
    return COMMAND_NAMES;
  }

  detach(): void {
    this.detached++;
  }
}
