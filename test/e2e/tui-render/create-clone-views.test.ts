/**
 * The create (n) and clone (c) forms drawn into a real terminal emulator with
 * the fake api: fields checked as typed, Enter runs exactly the command a
 * valid form stands for and nothing while a field is wrong.
 */
import { describe, expect, it } from 'vitest';
import { FakeConsoleApi } from './fake-console-api.js';
import type { MountedConsole } from './tty-harness.js';
import { KEYS } from './tty-harness.js';
import { disposeConsolesAfterEach, mount } from './console-screen.js';

disposeConsolesAfterEach();

const RIGHT = '\u001b[C';
const LEFT = '\u001b[D';

const mutations = (api: FakeConsoleApi): string[][] => api.runs.filter((r) => r[0] === 'create' || r[0] === 'clone');
const fieldLine = (lines: string[], field: string): string => lines.find((l) => l.startsWith(` ${field} `)) ?? '';

async function openCreate(api: FakeConsoleApi): Promise<MountedConsole> {
  const c = mount(api, 110, 30);
  await c.waitFor('clipboard empty');
  await c.type('n');
  await c.waitFor('Create a qube');
  return c;
}

describe('the create form', () => {
  it('n draws every field with its starting value and what is wrong with the empty name', async () => {
    const c = await openCreate(new FakeConsoleApi());
    const lines = await c.waitFor('Create a qube');
    expect(fieldLine(lines, 'name')).toMatch(/! must not be empty/);
    expect(fieldLine(lines, 'class')).toMatch(/< AppVM\s+>\s+ok/);
    expect(fieldLine(lines, 'template')).toMatch(/< fedora-40\s+>\s+ok/);
    expect(fieldLine(lines, 'label')).toMatch(/< red\s+>/);
    expect(fieldLine(lines, 'netvm')).toMatch(/< default\s+>/);
    expect(fieldLine(lines, 'memory')).toMatch(/MiB \(empty: the default\)/);
  });

  it('says why a name is wrong as it is typed, and Enter then runs nothing', async () => {
    const api = new FakeConsoleApi();
    const c = await openCreate(api);
    await c.type('9lives');
    await c.waitFor((ls) => /! must start with a letter/.test(fieldLine(ls, 'name')), 'the name rule');
    await c.type(KEYS.enter);
    await c.waitFor('not created: name must start with a letter');
    await c.type(KEYS.backspace.repeat(6), 'work');
    await c.waitFor((ls) => /! a qube named work exists/.test(fieldLine(ls, 'name')), 'the name taken');
    await c.type(KEYS.enter);
    await c.waitFor('not created: name a qube named work exists');
    await c.type(KEYS.backspace.repeat(4), 'default');
    await c.waitFor((ls) => /! is reserved/.test(fieldLine(ls, 'name')), 'the reserved word');
    expect(mutations(api)).toEqual([]);
  });

  it('a wrong memory keeps Enter from running, and moves the focus there', async () => {
    const api = new FakeConsoleApi();
    const c = await openCreate(api);
    await c.type('scratch', KEYS.up, '12x');
    await c.waitFor((ls) => /! MiB, a whole number/.test(fieldLine(ls, 'memory')), 'the memory rule');
    await c.type(KEYS.enter);
    await c.waitFor('not created: memory MiB, a whole number');
    expect(mutations(api)).toEqual([]);
  });

  it('a valid form runs exactly its create command line, and the answer shows', async () => {
    const api = new FakeConsoleApi();
    const c = await openCreate(api);
    await c.type('scratch', KEYS.down, KEYS.down, RIGHT, KEYS.tab, RIGHT, RIGHT, LEFT, KEYS.down, RIGHT, KEYS.down, '800');
    await c.waitFor((ls) => /^ name\s+scratch\s+ok/.test(fieldLine(ls, 'name')) && /800/.test(fieldLine(ls, 'memory')), 'the form filled');
    const lines = await c.screen();
    expect(fieldLine(lines, 'template')).toMatch(/< debian-12\s+>/);
    expect(fieldLine(lines, 'label')).toMatch(/< orange\s+>/);
    expect(fieldLine(lines, 'netvm')).toMatch(/< none\s+>/);
    await c.type(KEYS.enter);
    await c.waitFor('create: ok');
    expect(mutations(api)).toEqual([['create', 'scratch', '--class', 'AppVM', '--template', 'debian-12', '--label', 'orange', '--prop', 'netvm=', '--prop', 'memory=800']]);
  });

  it('a TemplateVM takes no template, and the defaults add no --prop', async () => {
    const api = new FakeConsoleApi();
    const c = await openCreate(api);
    await c.type('tpl', KEYS.down, LEFT);
    await c.waitFor((ls) => /< TemplateVM/.test(fieldLine(ls, 'class')) && /AppVM only/.test(fieldLine(ls, 'template')), 'the class changed');
    await c.type(KEYS.enter);
    await c.waitFor('create: ok');
    expect(mutations(api)).toEqual([['create', 'tpl', '--class', 'TemplateVM', '--label', 'red']]);
  });

  it('Esc goes back to the table without creating', async () => {
    const api = new FakeConsoleApi();
    const c = await openCreate(api);
    await c.type('scratch', KEYS.escape);
    await c.waitFor((ls) => !ls.some((l) => l.includes('Create a qube')), 'the form gone');
    expect(mutations(api)).toEqual([]);
  });
});

describe('the clone form', () => {
  async function openClone(api: FakeConsoleApi): Promise<MountedConsole> {
    const c = mount(api, 110, 30);
    await c.waitFor('clipboard empty');
    await c.type('/', 'work', KEYS.enter);
    await c.type('c');
    await c.waitFor('clone work as');
    return c;
  }

  it('c clones the qube under the cursor under the typed name', async () => {
    const api = new FakeConsoleApi();
    const c = await openClone(api);
    await c.type('work2');
    await c.waitFor((ls) => ls.some((l) => /clone work as work2/.test(l)), 'the name typed');
    await c.type(KEYS.enter);
    await c.waitFor('clone: ok');
    expect(mutations(api)).toEqual([['clone', 'work', 'work2']]);
  });

  it('a taken or malformed name is said as typed and Enter runs nothing', async () => {
    const api = new FakeConsoleApi();
    const c = await openClone(api);
    await c.type('vault');
    await c.waitFor('! a qube named vault exists');
    await c.type(KEYS.enter);
    await c.waitFor('not cloned: a qube named vault exists');
    await c.type(KEYS.backspace.repeat(5), 'a b');
    await c.waitFor('! must start with a letter and contain only letters');
    await c.type(KEYS.enter);
    await c.waitFor('not cloned: must start with a letter');
    expect(mutations(api)).toEqual([]);
  });
});
