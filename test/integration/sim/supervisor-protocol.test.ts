import { describe, expect, it } from 'vitest';
import { parseProcStat } from '../../../xen-bridge/sim/supervisor/guest-tree.js';
import { FRAME_DATA, FRAME_RESIZE, FirstLineReader, FrameDecoder, decodeResize, encodeFrame, encodeResize, parseReply, parseRequest } from '../../../xen-bridge/sim/supervisor/supervisor-protocol.js';

describe('supervisor socket protocol', () => {
  it('reassembles frames split at every byte and glued together', () => {
    const wire = Buffer.concat([encodeFrame(FRAME_DATA, Buffer.from('héllo\r\n')), encodeResize(132, 43), encodeFrame(FRAME_DATA, Buffer.alloc(0))]);
    const decoder = new FrameDecoder();
    const frames = [];
    for (let i = 0; i < wire.length; i++) frames.push(...decoder.push(wire.subarray(i, i + 1)));
    expect(frames.map((f) => f.type)).toEqual([FRAME_DATA, FRAME_RESIZE, FRAME_DATA]);
    expect(frames[0]?.payload.toString('utf8')).toBe('héllo\r\n');
    expect(decodeResize(frames[1]?.payload ?? Buffer.alloc(0))).toEqual({ cols: 132, rows: 43 });
    expect(frames[2]?.payload.length).toBe(0);
    expect(new FrameDecoder().push(wire)).toHaveLength(3);
  });

  it('refuses a frame larger than the protocol allows instead of buffering it', () => {
    const header = Buffer.alloc(5);
    header.writeUInt32BE(64 << 20, 1);
    expect(() => new FrameDecoder().push(header)).toThrow(/exceeds/);
  });

  it('rejects a zero or malformed terminal size', () => {
    expect(decodeResize(Buffer.from([0, 0, 0, 24]))).toBeUndefined();
    expect(decodeResize(Buffer.from([0, 80]))).toBeUndefined();
  });

  it('splits the request line from the frames that follow it in the same chunk', () => {
    const reader = new FirstLineReader();
    expect(reader.push(Buffer.from('{"op":"con'))).toBeUndefined();
    const first = reader.push(Buffer.concat([Buffer.from('sole"}\n'), encodeFrame(FRAME_DATA, Buffer.from('ls\r'))]));
    expect(first?.line).toBe('{"op":"console"}');
    expect(new FrameDecoder().push(first?.rest ?? Buffer.alloc(0))[0]?.payload.toString()).toBe('ls\r');
    expect(() => new FirstLineReader(16).push(Buffer.alloc(17, 0x61))).toThrow(/longer than 16/);
  });

  it('accepts only well-formed requests', () => {
    expect(parseRequest('{"op":"console","cols":80,"rows":24}')).toEqual({ op: 'console', cols: 80, rows: 24 });
    expect(parseRequest('{"op":"console","cols":0,"rows":24}')).toEqual({ op: 'console' });
    expect(parseRequest('{"op":"control","action":"pause"}')).toEqual({ op: 'control', action: 'pause' });
    expect(parseRequest('{"op":"control","action":"format-disk"}')).toBeUndefined();
    expect(parseRequest('{"op":"shell"}')).toBeUndefined();
    expect(parseRequest('not json')).toBeUndefined();
    expect(parseRequest('null')).toBeUndefined();
  });

  it('turns any reply that is not {"ok":true} into an error', () => {
    expect(parseReply('{"ok":true}')).toEqual({ ok: true });
    expect(parseReply('{"ok":false,"error":"busy"}')).toEqual({ ok: false, error: 'busy' });
    expect(parseReply('garbage')).toMatchObject({ ok: false, error: expect.stringMatching(/unintelligible/) });
  });
});

describe('/proc/<pid>/stat', () => {
  it('reads the fields after a command name holding spaces and parentheses', () => {
    const text = '4242 (my (odd) name) S 4200 4242 4242 34816 4242 4194560 1203 0 0 0 150 25 7 3 20 0 1 0 987654 2551808 218 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n';
    expect(parseProcStat(4242, text)).toEqual({ pid: 4242, state: 'S', ppid: 4200, sid: 4242, cpuTicks: 150 + 25 + 7 + 3, startTicks: 987654 });
    expect(parseProcStat(1, 'garbage')).toBeUndefined();
  });
});
