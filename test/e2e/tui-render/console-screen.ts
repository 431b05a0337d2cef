/** Reading the console's screen the way a person does: which rows, which one is selected. */
import { afterEach } from 'vitest';
import type { RenderOptions } from '../../../tui/console-api.js';
import type { FakeConsoleApi } from './fake-console-api.js';
import type { MountedConsole } from './tty-harness.js';
import { mountConsole } from './tty-harness.js';

let mounted: MountedConsole | undefined;

/** Registers the clean-up of the console each test mounts; call once per test file. */
export function disposeConsolesAfterEach(): void {
  afterEach(async () => {
    await mounted?.dispose();
    mounted = undefined;
  });
}

export function mount(api: FakeConsoleApi, columns = 100, rows = 30, options?: RenderOptions): MountedConsole {
  mounted = mountConsole(api, { columns, rows }, options);
  return mounted;
}

/** The name on the row the cursor is on. */
export function selectedName(lines: string[], cursor = '▶'): string | undefined {
  return lines.find((l) => l.startsWith(cursor))?.slice(4).trim().split(/\s+/)[0];
}

/** Names of the table's rows, top to bottom. */
export function tableNames(lines: string[]): string[] {
  return lines.filter((l) => /^.{2}█ /.test(l)).map((l) => l.slice(4).trim().split(/\s+/)[0] ?? '');
}

/** Waits for the cursor to be on `name`: a key's effect shows with the next frame. */
export async function expectSelected(c: MountedConsole, name: string | undefined): Promise<void> {
  await c.waitFor((ls) => selectedName(ls) === name, `the cursor on ${String(name)}`);
}

export const sortedNames = (api: FakeConsoleApi): string[] => api.snapshot().qubes.map((q) => q.name).sort((a, b) => a.localeCompare(b));
