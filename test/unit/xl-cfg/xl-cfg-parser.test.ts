import { describe, expect, it } from 'vitest';
import {
  checkCreatable,
  DEFAULT_MEMORY_MIB,
  formatXlConfigError,
  parseXlCfg,
  parseXlCfgWithWarnings,
  withOverrides,
  XL_CONFIG_ERROR_EXIT_CODE,
  type XlCfgError,
} from '../../../xen-bridge/xl-cfg/xl-cfg-parser.js';
import { formatXlMessage } from '../../../xen-bridge/xl-cfg/xl-cfg-error.js';
import type { XlConfig } from '../../../xen-bridge/xl-cfg/xl-config.js';
import { labCfg, sample } from './xl-cfg-fixtures.js';

function parsed(text: string, overrides: readonly string[] = []): XlConfig {
  const r = parseXlCfg(text, overrides);
  if (!r.ok) throw new Error(`unexpected parse failure:\n${formatXlConfigError('test.cfg', r.error)}`);
  return r.value;
}

function failure(text: string, overrides: readonly string[] = []): XlCfgError {
  const r = parseXlCfg(text, overrides);
  if (r.ok) throw new Error(`expected a parse failure, got ${JSON.stringify(r.value)}`);
  return r.error;
}

/** What xl prints on stderr for a config it cannot parse. */
const stderrFor = (file: string, error: XlCfgError): string => `Parsing config from ${file}\n${formatXlConfigError(file, error)}`;

describe('the lab configs parse as xl reads them', () => {
  it('xenlab-min.cfg', () => {
    expect(parsed(labCfg('xenlab-min.cfg'))).toEqual({
      name: 'test1',
      type: 'pv',
      kernel: '/var/lib/xenlab/domu/vmlinux',
      ramdisk: '/var/lib/xenlab/domu/initrd.gz',
      extra: 'console=hvc0 quiet',
      memory: 128,
      vcpus: 1,
      disks: [],
      vifs: [],
      usbctrls: [],
      on_poweroff: 'destroy',
      on_reboot: 'restart',
      on_crash: 'destroy',
    });
  });

  it('xenlab-full.cfg, with its vif and keyword disk spec', () => {
    const cfg = parsed(labCfg('xenlab-full.cfg'));
    expect(cfg.memory).toBe(128);
    expect(cfg.maxmem).toBe(256);
    expect(cfg.vcpus).toBe(2);
    expect(cfg.vifs).toEqual([{ bridge: 'xenbr0' }]);
    expect(cfg.disks).toEqual([{ format: 'raw', vdev: 'xvda', access: 'ro', target: '/var/lib/xenlab/domu/disk.img' }]);
    expect(checkCreatable(cfg)).toBeNull();
  });

  it('xenlab-vchan.cfg', () => {
    const cfg = parsed(labCfg('xenlab-vchan.cfg'));
    expect(cfg.name).toBe('vchan1');
    expect(cfg.ramdisk).toBe('/var/lib/xenlab/domu/initrd-vchan.gz');
  });

  it('applies command-line overrides after the file, as `xl create FILE name="test2"` does', () => {
    const s = sample('xl-v-create.min');
    expect(s.command).toContain('name=\\"test2\\"');
    const cfg = parsed(labCfg('xenlab-min.cfg'), ['name="test2"', 'memory=64']);
    expect(cfg.name).toBe('test2');
    expect(cfg.memory).toBe(64);
  });
});

describe('errors are byte for byte those of xl 4.17', () => {
  it('a bare path in the file (err.xl-create.bad-syntax)', () => {
    const s = sample('err.xl-create.bad-syntax');
    // /tmp/bad-syntax.cfg as collect-samples.sh wrote it.
    const error = failure('name = "bad"\nmemory = 128\nkernel = /no/quotes\n');
    expect(stderrFor('/tmp/bad-syntax.cfg', error)).toBe(s.stderr);
    expect(error.exitCode).toBe(s.exitCode);
    expect(error.line).toBe(3);
  });

  it('an unquoted override, counted on the lines xl appends (err.xl-create.bad-override)', () => {
    const s = sample('err.xl-create.bad-override');
    expect(s.command).toBe('xl create /etc/xen/xenlab-min.cfg kernel=/unquoted/path');
    const error = failure(labCfg('xenlab-min.cfg'), ['kernel=/unquoted/path']);
    expect(stderrFor('/etc/xen/xenlab-min.cfg', error)).toBe(s.stderr);
    expect(error.exitCode).toBe(s.exitCode);
  });

  it('no kernel (err.xl-create.no-kernel)', () => {
    const s = sample('err.xl-create.no-kernel');
    // /tmp/bad-nokernel.cfg as collect-samples.sh wrote it: no type, so PV.
    const cfg = parsed('name = "notype"\nmemory = 64\n');
    expect(cfg.type).toBe('pv');
    expect(`Parsing config from /tmp/bad-nokernel.cfg\n${checkCreatable(cfg)}\n`).toBe(s.stderr);
    expect(XL_CONFIG_ERROR_EXIT_CODE).toBe(s.exitCode);
  });
});

describe('xl.cfg syntax', () => {
  const base = 'name = "a"\nkernel = "/k"\n';

  it('accepts comments, semicolons, both quotes, numbers in C notation and a last line without newline', () => {
    const cfg = parsed(`# comment\nname='a'; memory = 0x80 # trailing comment\nvcpus = "2"\nkernel = "/k"`);
    expect(cfg).toMatchObject({ name: 'a', memory: 128, vcpus: 2, kernel: '/k' });
  });

  it('accepts lists over several lines with a trailing comma', () => {
    const cfg = parsed(`${base}vif = [\n  'bridge=br0',\n  'bridge=br1',\n]\n`);
    expect(cfg.vifs).toEqual([{ bridge: 'br0' }, { bridge: 'br1' }]);
  });

  it('lets the last setting win and += append', () => {
    const cfg = parsed(`${base}memory = 100\nmemory = 200\nextra = "a"\nextra += " b"\nvif = ['bridge=x']\nvif += ['bridge=y']\n`);
    expect(cfg.memory).toBe(200);
    expect(cfg.extra).toBe('a b');
    expect(cfg.vifs).toEqual([{ bridge: 'x' }, { bridge: 'y' }]);
  });

  it('reads the simple C escapes in strings', () => {
    expect(parsed(`${base}extra = "a\\tb\\"c\\\\"\n`).extra).toBe('a\tb"c\\');
  });

  it('ignores keys it does not model', () => {
    expect(parsed(`${base}builder = "generic"\nvfb = [ 'vnc=1' ]\n`).name).toBe('a');
  });

  it('fills in what xl does when a value is missing', () => {
    const cfg = parsed(base);
    expect(cfg).toMatchObject({ type: 'pv', memory: DEFAULT_MEMORY_MIB, vcpus: 1, disks: [], vifs: [], usbctrls: [] });
    expect(cfg.maxmem).toBeUndefined();
  });

  it('appends overrides as xl does: a blank line, one line each, a blank line', () => {
    expect(withOverrides('a = 1\n', ['b=2', 'c=3'])).toBe('a = 1\n\nb=2\nc=3\n\n');
    expect(withOverrides('a = 1\n', [])).toBe('a = 1\n');
  });

  it('reports a missing value at the newline with libxlu\'s line arithmetic', () => {
    const error = failure('name = "a"\n\nmemory =\n');
    // libxlu subtracts one line twice for an error at a newline token.
    expect(formatXlConfigError('f.cfg', error)).toBe(
      "f.cfg:2: config parsing error near <newline>: syntax error, unexpected NEWLINE, expecting STRING or NUMBER or '['\nFailed to parse config: Invalid argument\n",
    );
  });

  it('names what bison expected after a key', () => {
    const error = failure('name "a"\n');
    expect(error.messages[0]?.text).toBe("config parsing error near `\"a\"': syntax error, unexpected STRING, expecting += or '='");
  });

  it('gives up after a value followed by more on the same line', () => {
    const error = failure('name = "a" "b"\nmemory = /x\n');
    expect(error.messages.map((m) => formatXlMessage('f', m))).toEqual([
      "f:1: config parsing error near `\"b\"': syntax error, unexpected STRING, expecting $end\n",
      'Failed to parse config: Invalid argument\n',
    ]);
  });

  it('keeps going after a lexical error and reports the next bad line too', () => {
    const error = failure('kernel = /a\nname = "x"\nramdisk = /b c\n');
    expect(error.messages.map((m) => formatXlMessage('f', m)).join('')).toBe(
      "f:1: config parsing error near `/a': lexical error\nf:3: config parsing error near `/b': lexical error\nFailed to parse config: Invalid argument\n",
    );
  });

  it('warns that the file may be Python when it sees Python-looking characters', () => {
    const error = failure('memory = 1.5\n');
    expect(formatXlConfigError('f', error)).toBe(
      "f:1: config parsing error near `.5': lexical error\n" +
        'warning: Config file looks like it contains Python code.\n' +
        'warning:  Arbitrary Python is no longer supported.\n' +
        'warning:  See https://wiki.xen.org/wiki/PythonInXlConfig\n' +
        'Failed to parse config: Invalid argument\n',
    );
  });

  it('refuses identifiers with capitals, CR line ends and broken escapes', () => {
    expect(failure('Name = "a"\n').messages[0]?.text).toBe("config parsing error near `Name': lexical error");
    expect(failure('name = "a"\r\n').messages[0]?.text).toBe("config parsing error near `\r': lexical error");
    expect(failure('name = "a\\x41"\n').messages[0]?.text).toBe(
      "config parsing error near `\"a\\x41\"': invalid digit after backslash hex numerical character escape in quoted string",
    );
  });

  it('warns about a number that is not one and carries on with the default', () => {
    const r = parseXlCfgWithWarnings(`${base}memory = "lots"\n`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.config.memory).toBe(DEFAULT_MEMORY_MIB);
    expect(r.value.warnings.map((w) => formatXlMessage('f', w))).toEqual(["f:3: warning: parameter `memory' is not a valid number\n"]);
  });
});

describe('device specs', () => {
  const disk = (spec: string): XlConfig['disks'] => parsed(`name = "a"\ndisk = [ '${spec}' ]\n`).disks;

  it('reads the positional form target,format,vdev,access', () => {
    expect(disk('/img/root.img,raw,xvda,ro')).toEqual([{ target: '/img/root.img', format: 'raw', vdev: 'xvda', access: 'ro' }]);
    expect(disk('/img/x,qcow2,xvdb,w')).toEqual([{ target: '/img/x', format: 'qcow2', vdev: 'xvdb', access: 'rw' }]);
  });

  it('reads the deprecated phy: prefix form', () => {
    expect(disk('phy:/dev/vg/root,xvda,w')).toEqual([{ target: '/dev/vg/root', vdev: 'xvda', access: 'rw' }]);
  });

  it('lets target= take the rest of the spec, commas included', () => {
    expect(disk('vdev=xvdb,backend=sys-usb,target=/a,b=c')).toEqual([{ target: '/a,b=c', vdev: 'xvdb', access: 'rw', backend: 'sys-usb' }]);
  });

  it('reports bad disk specs as xl does', () => {
    const error = failure(`name = "a"\ndisk = [ 'target=/x' ]\n`);
    expect(formatXlConfigError('f.cfg', error)).toBe("f.cfg: config parsing error in disk specification: no vdev specified in `target=/x'\n");
    expect(failure(`name = "a"\ndisk = [ 'vdev=xvda,access=maybe,target=/x' ]\n`).messages[0]?.text).toBe(
      "config parsing error in disk specification: unknown value for access: near `maybe' in `vdev=xvda,access=maybe,target=/x'",
    );
  });

  it('reads vif and usbctrl specs and refuses unknown keys', () => {
    const cfg = parsed(`name = "a"\nvif = [ 'mac=00:16:3e:00:00:01, ip=10.137.0.5,backend=sys-firewall,script=vif-route,model=e1000' ]\nusbctrl = [ 'version=3,ports=4,type=qusb', '' ]\n`);
    expect(cfg.vifs).toEqual([{ mac: '00:16:3e:00:00:01', ip: '10.137.0.5', backend: 'sys-firewall', script: 'vif-route' }]);
    expect(cfg.usbctrls).toEqual([{ version: 3, ports: 4, type: 'qusb' }, { version: 2, ports: 8 }]);
    expect(failure(`name = "a"\nvif = [ 'colour=red' ]\n`).messages[0]?.text).toBe("unrecognized argument `colour=red'");
    expect(failure(`name = "a"\nvif = [ 'mac=zz' ]\n`).messages[0]?.text).toBe("Invalid parameter `mac'.");
    expect(failure(`name = "a"\nusbctrl = [ 'speed=9' ]\n`).messages[0]?.text).toBe("Unknown string `speed=9' in usbctrl spec");
  });
});

describe('checkCreatable', () => {
  it('needs a name and, for PV and PVH, a kernel', () => {
    expect(checkCreatable(parsed('kernel = "/k"\n'))).toBe('Domain name must be specified.');
    expect(checkCreatable(parsed('name = "a"\ntype = "pvh"\n'))).toBe('Neither kernel nor bootloader specified');
    expect(checkCreatable(parsed('name = "a"\nkernel = "/k"\n'))).toBeNull();
  });
});

describe('less common forms xl accepts or refuses', () => {
  it('refuses += of a list to a string, at the line of the offending value', () => {
    const error = failure('extra = "a"\nextra += [ "b" ]\n');
    expect(error.messages[0]).toEqual({ at: { line: 2 }, text: 'config parsing error near `]\': can\'t add [list] to "string" or vice versa' });
  });

  it('warns about += on a number and ignores it', () => {
    const r = parseXlCfgWithWarnings('name = "a"\nmemory += 5\n');
    expect(r.ok && r.value.config.memory).toBe(DEFAULT_MEMORY_MIB);
    expect(r.ok && r.value.warnings[0]?.text).toBe("warning: can't use += with numbers for parameter `memory'");
  });

  it('reads a cdrom disk and reports unknown disk keys near what xl matched', () => {
    const cfg = parsed(`name = "a"\ndisk = [ 'vdev=xvdc,devtype=cdrom,target=/iso/x.iso' ]\n`);
    expect(cfg.disks).toEqual([{ vdev: 'xvdc', access: 'ro', target: '/iso/x.iso' }]);
    expect(failure(`name = "a"\ndisk = [ 'vdev=xvda,colour=red,target=/x' ]\n`).messages[0]?.text).toBe(
      "config parsing error in disk specification: unknown parameter: near `colour=r' in `vdev=xvda,colour=red,target=/x'",
    );
  });

  it('refuses a value that is neither string, number nor list', () => {
    expect(failure('name = ]\n').messages[0]?.text).toBe("config parsing error near `]': syntax error, unexpected ']', expecting STRING or NUMBER or '['");
    expect(failure('disk = [ "a" "b" ]\n').messages[0]?.text).toBe("config parsing error near `\"b\"': syntax error, unexpected STRING, expecting ']'");
  });

  it('does not report a second syntax error until three tokens were read after the first', () => {
    const error = failure('= 1\n= 2\nname = ]\n');
    expect(error.messages.map((m) => m.at)).toEqual([{ line: 1 }, { line: 3 }, null]);
  });
});

describe('disk formats', () => {
  const disk = (spec: string): XlCfgError | XlConfig['disks'] => {
    const r = parseXlCfg(`name = "a"\ndisk = [ '${spec}' ]\n`);
    return r.ok ? r.value.disks : r.error;
  };

  it('treats an empty positional format as raw, as xl does', () => {
    expect(disk('/x,,xvda,r')).toEqual([{ target: '/x', format: 'raw', vdev: 'xvda', access: 'ro' }]);
  });

  it('refuses a format given twice with different values, but not twice the same', () => {
    expect(disk('format=raw,format=raw,vdev=xvda,target=/x')).toEqual([{ target: '/x', format: 'raw', vdev: 'xvda', access: 'rw' }]);
    const error = disk('format=raw,format=vhd,vdev=xvda,target=/x');
    expect('messages' in error && error.messages[0]?.text).toBe(
      "config parsing error in disk specification: format respecified: near `vhd' in `format=raw,format=vhd,vdev=xvda,target=/x'",
    );
  });
});
