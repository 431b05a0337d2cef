import { describe, expect, it } from 'vitest';
import type { XenErrorKind } from '../../../xen-bridge/xen-error.js';
import { classifyXlFailure, xlReportedFailure } from '../../../xen-bridge/parsers/xl-error-classifier.js';
import { readSample, sampleEntry, sampleIndex, type SampleEntry } from './xen-samples.js';

/** What each failure captured from real xl must be taken for. */
const EXPECTED: Record<string, XenErrorKind> = {
  'err.xl-create.name-exists': 'name-in-use',
  'err.xl-create.no-such-file': 'invalid-argument',
  'err.xl-create.bad-syntax': 'invalid-argument',
  'err.xl-create.bad-kernel': 'invalid-argument',
  'err.xl-create.no-kernel': 'invalid-argument',
  'err.xl-create.too-much-mem': 'out-of-memory',
  'err.xl-create.bad-override': 'invalid-argument',
  'err.xl-destroy.nosuchdomain': 'domain-not-found',
  'err.xl-destroy.9999': 'domain-not-found',
  'err.xl-destroy.dom0': 'invalid-argument',
  'err.xl-pause.9999': 'domain-not-found',
  'err.xl-unpause.nosuchdomain': 'domain-not-found',
  'err.xl-shutdown.nosuchdomain': 'domain-not-found',
  'err.xl-reboot.nosuchdomain': 'domain-not-found',
  'err.xl-list.nosuchdomain': 'domain-not-found',
  'err.xl-list-l.nosuchdomain': 'domain-not-found',
  'err.xl-console.nosuchdomain': 'domain-not-found',
  'err.xl-vcpu-list.nosuchdomain': 'domain-not-found',
  'err.xl-network-list.nosuchdomain': 'domain-not-found',
  'err.xl-network-detach.bad-devid': 'invalid-argument',
  'err.xl-block-detach.bad-vdev': 'invalid-argument',
  'err.xl-domid.nosuchdomain': 'domain-not-found',
  'err.xl-domname.9999': 'domain-not-found',
  'err.xl-mem-set.bad-value': 'invalid-argument',
  'err.xl-unknown-subcommand': 'invalid-argument',
  'err.xl-list.bad-option': 'invalid-argument',
  'err.xl-rename.to-existing': 'name-in-use',
  'err.xl-sched-credit2-d.nosuchdomain': 'domain-not-found',
  'err.xl-uptime.nosuchdomain': 'domain-not-found',
  'err.xenstore-read.missing': 'failed',
};

/** The program's arguments as the runner passes them: without the program itself. */
function argsOf(entry: SampleEntry): string[] {
  return entry.command.split(' ').slice(1);
}

function classify(entry: SampleEntry): XenErrorKind {
  return classifyXlFailure(argsOf(entry), entry.exit_code, readSample(entry.stdout), readSample(entry.stderr));
}

describe('classifyXlFailure on the failures of real xl', () => {
  it('has an expectation for exactly the err.* samples', () => {
    const errNames = sampleIndex.filter((e) => e.name.startsWith('err.')).map((e) => e.name);
    expect(errNames.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s is %s', (name, kind) => {
    expect(classify(sampleEntry(name))).toBe(kind);
  });

  it('does not take the clean-up after a failed create for a missing domain', () => {
    const entry = sampleEntry('err.xl-create.bad-kernel');
    expect(readSample(entry.stderr)).toContain('Non-existant domain');
    expect(classify(entry)).not.toBe('domain-not-found');
  });

  it('knows a create by its subcommand, with or without the program and global options in front', () => {
    const cleanupOnly = 'libxl: error: libxl_domain.c:1183:libxl__destroy_domid: Domain 9:Non-existant domain\n';
    expect(classifyXlFailure(['-v', 'create', 'x.cfg'], 3, '', cleanupOnly)).toBe('failed');
    expect(classifyXlFailure(['/usr/sbin/xl', 'create', 'x.cfg'], 3, '', cleanupOnly)).toBe('failed');
    expect(classifyXlFailure(['destroy', '9'], 1, '', cleanupOnly)).toBe('domain-not-found');
  });

  it('falls back to "failed", or "invalid-argument" for xl\'s option-parser exit code 2', () => {
    expect(classifyXlFailure(['pause', 'x'], 1, '', 'something new went wrong\n')).toBe('failed');
    expect(classifyXlFailure(['list', '-q'], 2, '', '')).toBe('invalid-argument');
    expect(classifyXlFailure(['pause', 'x'], null, '', '')).toBe('failed');
  });
});

describe('xlReportedFailure', () => {
  it('sees the failures xl reports with exit code 0', () => {
    expect(sampleEntry('err.xl-pause.9999').exit_code).toBe(0);
    expect(xlReportedFailure(readSample(sampleEntry('err.xl-pause.9999').stderr))).toBe(true);
    expect(sampleEntry('xl-top.notty').exit_code).toBe(0);
    expect(xlReportedFailure(readSample(sampleEntry('xl-top.notty').stderr))).toBe(true);
  });

  it('stays quiet about the chatter of successful commands', () => {
    const chatty = sampleIndex.filter((e) => e.exit_code === 0 && !e.name.startsWith('err.') && e.name !== 'xl-top.notty' && e.stderr !== null);
    expect(chatty.map((e) => e.name)).toContain('xl-v-create.min');
    for (const entry of chatty) expect(xlReportedFailure(readSample(entry.stderr)), entry.name).toBe(false);
  });
});
