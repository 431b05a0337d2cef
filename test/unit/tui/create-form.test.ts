import { describe, expect, it } from 'vitest';
import { choicesOf, createArgv, createChoices, fieldProblem, formProblems, initialValues } from '../../../tui/views/create-form.js';
import { newQubeNameProblem } from '../../../tui/views/new-qube-name.js';
import { fakeQube } from '../../e2e/tui-render/fake-console-api.js';

const qubes = ['dom0', 'sys-net', 'sys-firewall', 'work', 'fedora-40', 'debian-12'].map((n, i) => fakeQube(i, n));
const choices = createChoices(qubes, 8192);

describe('the create form model', () => {
  it('offers the TemplateVMs, and as netvm default, none and the qubes others use', () => {
    expect(choices.templates).toEqual(['fedora-40', 'debian-12']);
    expect(choices.netvms).toEqual(['default', 'none', 'sys-firewall']);
    expect(choicesOf('template', { ...initialValues(choices), class: 'TemplateVM' }, choices)).toEqual([]);
  });

  it('checks names by the registry rules and against the qubes that exist', () => {
    expect(newQubeNameProblem('work', choices.existing)).toBe('a qube named work exists');
    expect(newQubeNameProblem('dom0', [])).toBe('a qube named dom0 exists');
    expect(newQubeNameProblem('none', [])).toBe('is reserved');
    expect(newQubeNameProblem('a'.repeat(32), [])).toMatch(/at most 31/);
    expect(newQubeNameProblem('x.y_z-1', choices.existing)).toBeNull();
  });

  it('takes memory as whole MiB between a bootable floor and the host, empty meaning the default', () => {
    const v = { ...initialValues(choices), name: 'new' };
    expect(fieldProblem('memory', { ...v, memory: '' }, choices)).toBeNull();
    expect(fieldProblem('memory', { ...v, memory: '-5' }, choices)).toBe('MiB, a whole number');
    expect(fieldProblem('memory', { ...v, memory: '16' }, choices)).toBe('at least 32 MiB');
    expect(fieldProblem('memory', { ...v, memory: '9000' }, choices)).toBe("at most the host's 8192 MiB");
    expect(formProblems({ ...v, memory: '400' }, choices)).toEqual({});
  });

  it('an AppVM needs a TemplateVM to exist', () => {
    const none = createChoices(qubes.filter((q) => q.klass !== 'TemplateVM'), 8192);
    expect(fieldProblem('template', { ...initialValues(none), name: 'new' }, none)).toBe('no TemplateVM to base an AppVM on');
  });

  it('builds the create command line with the options create takes', () => {
    const v = { ...initialValues(choices), name: 'new' };
    expect(createArgv(v)).toEqual(['create', 'new', '--class', 'AppVM', '--template', 'fedora-40', '--label', 'red']);
    expect(createArgv({ ...v, class: 'StandaloneVM', netvm: 'sys-firewall', memory: '512' })).toEqual([
      'create', 'new', '--class', 'StandaloneVM', '--label', 'red', '--prop', 'netvm=sys-firewall', '--prop', 'memory=512',
    ]);
  });
});
