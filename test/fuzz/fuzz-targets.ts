/**
 * Every parser that takes outside input, with what it is fed and what it
 * must never do: throw anything but its documented error, return something
 * that is not its typed result, or run for long enough to count as a hang.
 * Shared by the test suite (a few thousand cases each) and the long run
 * of `npm run bench -- --fuzz` (100 000 each).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { LineSplitter, parseRequest } from '../../services/api/socket-protocol.js';
import { encodeFrame, FRAME_DATA, FRAME_EXIT, FRAME_RESIZE, FrameDecoder, type Frame } from '../../services/api/attach-frames.js';
import { decodeNetInterface, decodeNetRoute, decodeNotificationEntry, decodeUsbBlockDevice, decodeUsbDevice, decodeWifiNetwork } from '../../services/dbus-protocol/index.js';
import { loadPolicy } from '../../services/policy/policy-loader.js';
import {
  decodeClipboardPaste,
  decodeClipboardState,
  decodeFirewallState,
  decodeInterfaces,
  decodeNotifications,
  decodeRuleTexts,
  decodeUsbBlockDevices,
  decodeUsbDevices,
  decodeWifi,
  decodeWifiConnection,
} from '../../services/relay/reply-decoders.js';
import { parseAuthorizedKeyLine, parseAuthorizedKeys } from '../../services/ssh/authorized-keys.js';
import { parseXenstoreWatch, XenstoreWatchSplitter } from '../../xen-bridge/parsers/xenstore-watch-parser.js';
import { parseXentopBatch, XentopStreamParser } from '../../xen-bridge/parsers/xentop-parser.js';
import { parseXlBlockList } from '../../xen-bridge/parsers/xl-block-list-parser.js';
import { parseXlUsbList } from '../../xen-bridge/parsers/xl-usb-list-parser.js';
import { parseXlChannelList } from '../../xen-bridge/parsers/xl-channel-list-parser.js';
import { classifyXlFailure } from '../../xen-bridge/parsers/xl-error-classifier.js';
import { parseXlInfo } from '../../xen-bridge/parsers/xl-info-parser.js';
import { parseXlListLong } from '../../xen-bridge/parsers/xl-list-long-parser.js';
import { parseXlList } from '../../xen-bridge/parsers/xl-list-parser.js';
import { parseXlNetworkList } from '../../xen-bridge/parsers/xl-network-list-parser.js';
import { parseXlUptime } from '../../xen-bridge/parsers/xl-uptime-parser.js';
import { parseXlVcpuList } from '../../xen-bridge/parsers/xl-vcpu-list-parser.js';
import type { ParseError, Result } from '../../xen-bridge/result.js';
import { parseXlCfg } from '../../xen-bridge/xl-cfg/xl-cfg-parser.js';
import { REPO_ROOT } from '../bench/repo-root.js';
import { samplesDir } from '../unit/parsers/xen-samples.js';
import { chunked, cutPoints, mutated, textInput, wireValue } from './fuzz-inputs.js';

/**
 * One case running this long is a hang (runaway backtracking, a loop that
 * does not advance), not a slow machine: inputs are a few KB at most.
 */
export const HANG_MS = 2000;

export interface FuzzTarget {
  name: string;
  /** Throws (fast-check's report, with the shrunk counterexample) when a case fails. */
  run(numRuns: number, seed?: number): void;
}

export function target<T>(name: string, input: fc.Arbitrary<T>, check: (value: T) => void): FuzzTarget {
  return {
    name,
    run(numRuns, seed) {
      const property = fc.property(input, (value) => {
        const started = performance.now();
        check(value);
        const ms = performance.now() - started;
        if (ms > HANG_MS) throw new Error(`one case took ${Math.round(ms)} ms`);
      });
      fc.assert(property, { numRuns, ...(seed === undefined ? {} : { seed }) });
    },
  };
}

export class FuzzFailure extends Error {}

function isParseError(e: unknown): e is ParseError {
  const p = e as ParseError;
  return typeof p === 'object' && p !== null && typeof p.what === 'string' && Number.isInteger(p.line) && p.line >= 0 && typeof p.message === 'string' && p.message !== '' && typeof p.text === 'string';
}

export function expectResult(r: Result<unknown, ParseError>): void {
  if (r.ok === true) {
    if (r.value === undefined || r.value === null) throw new FuzzFailure('ok without a value');
  } else if (r.ok !== false || !isParseError(r.error)) {
    throw new FuzzFailure(`not a typed Result: ${JSON.stringify(r)}`);
  }
}

/**
 * Runs `f`, letting through only a deliberate refusal: a plain Error. A
 * TypeError or RangeError is a crash of the parser itself.
 */
export function onlyPlainErrors<T>(f: () => T): T | Error {
  try {
    return f();
  } catch (e) {
    if (e instanceof Error && e.constructor === Error && e.message !== '') return e;
    throw new FuzzFailure(`untyped crash: ${String(e)}`, { cause: e });
  }
}

function expectDecoded(d: unknown): void {
  if (typeof d === 'string' ? d === '' : typeof d !== 'object') throw new FuzzFailure(`a decoder returned neither a reason nor a value: ${String(d)}`);
}

function samples(pattern: RegExp, dir = samplesDir): string[] {
  const files = readdirSync(dir).filter((f) => pattern.test(f) && !f.startsWith('err.'));
  if (files.length === 0) throw new Error(`no sample matches ${pattern} in ${dir}`);
  return files.map((f) => readFileSync(join(dir, f), 'utf8'));
}

function fixtureDir(...parts: string[]): string {
  return join(REPO_ROOT, 'test', 'fixtures', ...parts);
}

function xenOutputTargets(): FuzzTarget[] {
  const table: [string, RegExp, (text: string) => Result<unknown>][] = [
    ['xl list', /^xl-list\./, parseXlList],
    ['xl list -l', /^(xl-list-l\.|node-execFile-xl-list-l)/, parseXlListLong],
    ['xl info', /^xl-info/, parseXlInfo],
    ['xl vcpu-list', /^xl-vcpu-list\./, parseXlVcpuList],
    ['xl uptime', /^xl-uptime/, parseXlUptime],
    ['xl network-list', /^xl-network-list\./, parseXlNetworkList],
    ['xl block-list', /^xl-block-list\./, parseXlBlockList],
    ['xl channel-list', /^xl-channel-list\./, parseXlChannelList],
    ['xentop -b', /^xentop/, (t) => parseXentopBatch(t)],
    ['xenstore-watch', /^xenstore-watch/, parseXenstoreWatch],
  ];
  const parsers = table.map(([name, pattern, parse]) => target(`${name} output`, textInput(samples(pattern)), (text) => expectResult(parse(text))));
  // No capture of xl usb-list exists (the lab has no USB): its seed is the layout written from xl_usb.c.
  const usbList = target('xl usb-list output', textInput(samples(/\.out$/, fixtureDir('xl-usb-list'))), (text) => expectResult(parseXlUsbList(text)));

  const xentopStream = target('xentop stream', fc.tuple(textInput(samples(/^xentop/)), cutPoints), ([text, cuts]) => {
    const p = new XentopStreamParser();
    for (const piece of chunked(text, cuts)) for (const e of p.push(piece).errors) if (!isParseError(e)) throw new FuzzFailure('untyped stream error');
    p.flush();
  });
  const watchStream = target('xenstore-watch stream', fc.tuple(textInput(samples(/^xenstore-watch/)), cutPoints), ([text, cuts]) => {
    const s = new XenstoreWatchSplitter();
    let seen = 0;
    for (const piece of chunked(text, cuts)) {
      const out = s.push(piece);
      seen += out.paths.length + out.errors.length;
    }
    // Every complete line is either a path or an error, none lost.
    if (seen !== text.split('\n').length - 1) throw new FuzzFailure(`${seen} lines reported of ${text.split('\n').length - 1}`);
  });
  const errTexts = readdirSync(samplesDir).filter((f) => f.endsWith('.err')).map((f) => readFileSync(join(samplesDir, f), 'utf8'));
  const classifier = target(
    'xl failure classifier',
    fc.tuple(fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }), fc.option(fc.integer({ min: -1, max: 255 })), textInput(errTexts), textInput(errTexts)),
    ([args, code, out, err]) => {
      if (typeof classifyXlFailure(args, code, out, err) !== 'string') throw new FuzzFailure('no kind');
    },
  );
  return [...parsers, usbList, xentopStream, watchStream, classifier];
}

function xlCfgTarget(): FuzzTarget {
  const dir = fixtureDir('xl-cfg');
  const seeds = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
  const overrides = fc.array(mutated(['name="fuzz"', 'memory=64', "vif=['bridge=xenbr0']", 'vcpus=2']), { maxLength: 3 });
  return target('xl.cfg', fc.tuple(textInput(seeds), overrides), ([text, over]) => {
    const r = parseXlCfg(text, over);
    expectResult(r);
    if (!r.ok && (!Array.isArray(r.error.messages) || !Number.isInteger(r.error.exitCode))) throw new FuzzFailure('xl.cfg error without messages or exit code');
  });
}

/** loadPolicy over a copy of the realistic fixture with one file replaced per case. */
function policyTarget(workDir: string): FuzzTarget {
  const fixture = fixtureDir('policy', 'realistic');
  const folder = join(workDir, 'policy');
  cpSync(fixture, folder, { recursive: true });
  const seeds = readdirSync(fixture)
    .filter((f) => f.endsWith('.policy'))
    .map((f) => readFileSync(join(fixture, f), 'utf8'));
  return target('policy files', textInput(seeds), (text) => {
    writeFileSync(join(folder, '30-user.policy'), text);
    const p = loadPolicy(folder);
    if (!Array.isArray(p.rules) || !Array.isArray(p.errors)) throw new FuzzFailure('policy without rules or errors');
  });
}

function authorizedKeysTarget(workDir: string): FuzzTarget {
  const lines = (['ed25519', 'ecdsa', 'rsa'] as const).map((type) => {
    const path = join(workDir, `key-${type}`);
    execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', `${type}@fuzz`, '-f', path]);
    return readFileSync(`${path}.pub`, 'utf8').trim();
  });
  const seeds = [
    `role="admin" ${lines[0]}`,
    `role="viewer",from="127.0.0.1,10.0.0.0/8,!10.1.*" ${lines[1]}`,
    `no-pty,role="operator" ${lines[2]}`,
    lines.map((l, i) => `# key ${i}\nrole="operator" ${l}`).join('\n'),
  ];
  const checked = parseAuthorizedKeys(seeds.join('\n'));
  if (checked.errors.length > 0 || checked.keys.length !== 6) throw new Error(`the authorized-keys seeds do not all parse: ${JSON.stringify(checked.errors)}`);
  return target('authorized-keys', textInput(seeds), (text) => {
    const { keys, errors } = parseAuthorizedKeys(text);
    const lineCount = text.split('\n').length;
    for (const e of errors) if (!Number.isInteger(e.line) || e.line < 1 || e.line > lineCount || typeof e.message !== 'string') throw new FuzzFailure('bad error entry');
    for (const k of keys) if (typeof k.fingerprint !== 'string' || !k.fingerprint.startsWith('SHA256:')) throw new FuzzFailure('key without a fingerprint');
    for (const line of text.split('\n').slice(0, 3)) onlyPlainErrors(() => parseAuthorizedKeyLine(line.trim()));
  });
}

function socketApiTargets(): FuzzTarget[] {
  const seeds = [
    '{"id":1,"op":"run","argv":["ls"]}',
    '{"id":2,"op":"attach","cols":120,"rows":36,"term":"xterm-256color"}',
    '{"id":3,"op":"subscribe"}',
    '{"id":4,"op":"ping"}',
  ];
  const request = fc.oneof(
    textInput(seeds),
    fc.json(),
    fc
      .record({ id: fc.oneof(fc.integer(), fc.double(), fc.string()), op: fc.constantFrom('run', 'attach', 'ping', 'subscribe', 'x', '__proto__'), argv: fc.anything(), cols: fc.anything(), rows: fc.anything(), term: fc.anything() }, { requiredKeys: [] })
      .map((r) => JSON.stringify(r)),
  );
  const requests = target('socket API requests', request, (line) => {
    const r = onlyPlainErrors(() => parseRequest(line));
    if (!(r instanceof Error) && (!Number.isSafeInteger(r.id) || !['run', 'attach', 'subscribe', 'ping'].includes(r.op))) throw new FuzzFailure(`accepted a bad request: ${line}`);
  });

  const LIMIT = 64;
  const lines = target('socket API line splitter', fc.tuple(fc.uint8Array({ maxLength: 400 }), cutPoints), ([bytes, cuts]) => {
    const got: string[] = [];
    const s = new LineSplitter((l) => {
      got.push(l);
      return true;
    }, LIMIT);
    const whole = Buffer.from(bytes);
    for (const piece of chunked(whole, cuts)) {
      if (onlyPlainErrors(() => s.push(piece)) instanceof Error) return;
    }
    const complete = whole.subarray(0, whole.lastIndexOf(10) + 1).toString('latin1').split('\n').slice(0, -1);
    const want = complete.filter((l) => l !== '').map((l) => Buffer.from(l, 'latin1').toString('utf8'));
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new FuzzFailure('lines lost or changed');
  });

  const frameNoise = target('attach frames (noise)', fc.tuple(fc.uint8Array({ maxLength: 300 }), cutPoints), ([bytes, cuts]) => {
    const d = new FrameDecoder(() => undefined);
    for (const piece of chunked(Buffer.from(bytes), cuts)) if (onlyPlainErrors(() => d.push(piece)) instanceof Error) return;
  });
  const frame: fc.Arbitrary<Frame> = fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((a): Frame => ({ type: FRAME_DATA, data: Buffer.from(a) })),
    fc.record({ cols: fc.integer({ min: 1, max: 1000 }), rows: fc.integer({ min: 1, max: 1000 }) }).map((s): Frame => ({ type: FRAME_RESIZE, ...s })),
    fc.string({ maxLength: 200 }).map((reason): Frame => ({ type: FRAME_EXIT, reason })),
  );
  const frameRoundTrip = target('attach frames (round trip)', fc.tuple(fc.array(frame, { maxLength: 8 }), cutPoints), ([frames, cuts]) => {
    const got: Frame[] = [];
    const d = new FrameDecoder((f) => got.push(f));
    for (const piece of chunked(Buffer.concat(frames.map(encodeFrame)), cuts)) d.push(piece);
    const norm = (fs: Frame[]): string => JSON.stringify(fs.map((f) => (f.type === FRAME_DATA ? { type: f.type, data: f.data.toString('hex') } : f)));
    if (norm(got) !== norm(frames)) throw new FuzzFailure('frames changed on the way');
  });
  return [requests, lines, frameNoise, frameRoundTrip];
}

function dbusTargets(): FuzzTarget[] {
  const iface = ['eth0', 'ethernet', 'up', '00:16:3e:00:00:01', 1500, ['10.137.0.5/32'], 1234n, 99n];
  const route = [4, '0.0.0.0/0', '10.137.0.1', 'eth0', 100];
  const wifi = ['home', 'aa:bb:cc:dd:ee:ff', 70, 'WPA2'];
  const note = [7, 'mail', 'New mail', 'from alice', 1, 1_700_000_000, [['open', 'Open']]];
  const usb = ['1-2.3', 1, 5, '0781', '5581', 'SanDisk', 'Ultra', '4C53', ['08'], '480'];
  const disk = ['1-2.3', 'sdb', 31_266_439_168n, false];
  const structs: [string, readonly unknown[], (v: unknown) => unknown][] = [
    ['interface', iface, decodeNetInterface],
    ['route', route, decodeNetRoute],
    ['wifi network', wifi, decodeWifiNetwork],
    ['notification', note, decodeNotificationEntry],
    ['usb device', usb, decodeUsbDevice],
    ['usb block device', disk, decodeUsbBlockDevice],
  ];
  for (const [name, valid, decode] of structs) if (typeof decode(valid) === 'string') throw new Error(`the fuzz seed for ${name} is not valid: ${String(decode(valid))}`);
  const one = structs.map(([name, valid, decode]) => target(`D-Bus ${name}`, wireValue(valid), (v) => expectDecoded(decode(v))));

  const bodies: [string, fc.Arbitrary<unknown[]>, (b: readonly unknown[]) => unknown][] = [
    ['Interfaces reply', fc.array(wireValue(iface), { maxLength: 4 }).map((l) => [l]), decodeInterfaces],
    ['Wifi reply', fc.tuple(fc.anything(), fc.array(wireValue(wifi), { maxLength: 4 })).map(([s, l]) => [s, ...l]), decodeWifi],
    ['Notifications reply', fc.array(wireValue(note), { maxLength: 4 }).map((l) => [l]), decodeNotifications],
    ['USB List reply', fc.array(wireValue(usb), { maxLength: 4 }).map((l) => [l]), decodeUsbDevices],
    ['USB BlockDevices reply', fc.array(wireValue(disk), { maxLength: 4 }).map((l) => [l]), decodeUsbBlockDevices],
    ['WifiConnection reply', fc.tuple(fc.oneof(fc.boolean(), fc.anything()), fc.oneof(fc.string({ maxLength: 40 }), fc.anything())).map((t) => [...t]), decodeWifiConnection],
    ['firewall rules reply', fc.array(fc.oneof(fc.string(), fc.anything()), { maxLength: 4 }).map((l) => [l]), decodeRuleTexts],
    ['firewall state reply', fc.array(fc.oneof(fc.constantFrom('applied', 'failed'), fc.anything()), { maxLength: 3 }), decodeFirewallState],
    ['clipboard state reply', fc.array(fc.oneof(fc.string(), fc.integer(), fc.anything()), { maxLength: 3 }), decodeClipboardState],
    ['clipboard paste reply', fc.array(fc.oneof(fc.string(), fc.uint8Array().map((a) => Buffer.from(a)), fc.anything()), { maxLength: 3 }), decodeClipboardPaste],
  ];
  const many = bodies.map(([name, body, decode]) => target(`D-Bus ${name}`, fc.oneof(body, fc.array(fc.anything(), { maxLength: 3 })), (b) => expectDecoded(decode(b))));
  return [...one, ...many];
}

/** All targets; `workDir` (a fresh temp folder the caller removes) holds policy copies and generated keys. */
export function fuzzTargets(workDir: string): FuzzTarget[] {
  return [...xenOutputTargets(), xlCfgTarget(), policyTarget(workDir), authorizedKeysTarget(workDir), ...socketApiTargets(), ...dbusTargets()];
}
