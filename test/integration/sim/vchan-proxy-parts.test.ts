/**
 * The simulated vchan-socket-proxy's pure parts: getopt_long's behaviour
 * (checked against Xen 4.17's binary: same lines for the same mistakes) and
 * where the simulated host keeps vchans and xenstore values.
 */
import { describe, expect, it } from 'vitest';
import { endpointFd, parseProxyArgs, usageText } from '../../../xen-bridge/sim/vchan/vchan-proxy-args.js';
import { absoluteXenstorePath, UNIX_PATH_MAX, vchanSocketPath, xenstoreDataPath } from '../../../xen-bridge/sim/vchan/vchan-sim-paths.js';

const P = '/usr/lib/xen-4.17/bin/vchan-socket-proxy';

describe('parseProxyArgs', () => {
  it('permutes options and operands like GNU getopt, -- ends the options', () => {
    expect(parseProxyArgs(['5', '-v', 'data/x', '--mode', 'server', '/run/s.sock'], P)).toEqual({
      ok: true,
      options: { mode: 'server', statePath: undefined, verbose: true, domid: 5, nodePath: 'data/x', endpoint: '/run/s.sock' },
    });
    expect(parseProxyArgs(['-vmserver', '--st=/p', '0', 'x', '-'], P)).toMatchObject({ ok: true, options: { mode: 'server', verbose: true, statePath: '/p', endpoint: '-' } });
    // After --, "-m" is the domid (atoi gives 0).
    expect(parseProxyArgs(['--', '-m', '2', 'x'], P)).toMatchObject({ ok: true, options: { mode: 'client', domid: 0, nodePath: '2', endpoint: 'x' } });
    expect(parseProxyArgs(['-m', 'server', '-m', 'client', ' 12abc', 'x', 'y'], P)).toMatchObject({ ok: true, options: { mode: 'client', domid: 12 } });
  });

  it.each([
    [['-x'], `${P}: invalid option -- 'x'\n`],
    [['-m'], `${P}: option requires an argument -- 'm'\n`],
    [['--mo'], `${P}: option '--mode' requires an argument\n`],
    [['--v=1', '1', 'a', 'b'], `${P}: option '--verbose' doesn't allow an argument\n`],
    [['--help=x'], `${P}: unrecognized option '--help=x'\n`],
    [['--mode=', '1', 'a', 'b'], 'invalid argument for --mode: \n'],
    [['-vq', '-m', 'bogus'], `${P}: invalid option -- 'q'\n`],
    [['1', 'a'], ''],
    [['1', 'a', 'b', 'c'], ''],
  ])('%j fails with the real first line, then the usage', (args, line) => {
    expect(parseProxyArgs(args, P)).toEqual({ ok: false, stderr: `${line}${usageText(P)}` });
  });

  it('reads the fourth operand as parse_int does', () => {
    expect(endpointFd('3')).toBe(3);
    expect(endpointFd(' +9')).toBe(9);
    expect(endpointFd('')).toBe(0);
    expect(endpointFd('-1')).toBeUndefined();
    expect(endpointFd('7abc')).toBeUndefined();
    expect(endpointFd(' ')).toBeUndefined();
    expect(endpointFd('/run/x.sock')).toBeUndefined();
  });
});

describe('simulated host paths', () => {
  it('resolves relative xenstore paths against the caller’s own domain', () => {
    expect(absoluteXenstorePath('data/vchan/x', 5)).toBe('/local/domain/5/data/vchan/x');
    expect(absoluteXenstorePath('/local/domain/7/data/y', 5)).toBe('/local/domain/7/data/y');
  });

  it('names a vchan by its path under the server’s home, one flat file name', () => {
    expect(vchanSocketPath('/s', 5, '/local/domain/5/data/vchan/sys-net dbus')).toBe('/s/vchan/5/data%2Fvchan%2Fsys-net%20dbus.sock');
    expect(vchanSocketPath('/s', 5, '/elsewhere/x')).toBe('/s/vchan/5/%2Felsewhere%2Fx.sock');
    expect(xenstoreDataPath('/s', '/local/domain/0/a-b')).toBe('/s/xenstore-data/%2Flocal%2Fdomain%2F0%2Fa-b');
  });

  it('falls back to a digest when the readable name would not fit in sun_path', () => {
    const deep = `/${'d'.repeat(60)}`;
    const a = vchanSocketPath(deep, 5, '/local/domain/5/data/vchan/a-rather-long-service-name');
    const b = vchanSocketPath(deep, 5, '/local/domain/5/data/vchan/a-rather-long-service-nam3');
    expect(Buffer.byteLength(a)).toBeLessThan(UNIX_PATH_MAX);
    expect(a).toMatch(new RegExp(`^${deep}/vchan/5/h-[0-9a-f]{24}\\.sock$`));
    expect(a).not.toBe(b);
  });
});
