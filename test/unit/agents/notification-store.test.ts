import { describe, expect, it } from 'vitest';
import { NotificationStore, truncate, type NotifyRequest } from '../../../guivm/notification-store.js';
import { CloseReason, Urgency } from '../../../services/dbus-protocol/index.js';

function req(over: Partial<NotifyRequest> = {}): NotifyRequest {
  return { appName: 'app', replacesId: 0, summary: 's', body: '', actions: [], urgency: Urgency.Normal, expireTimeout: 0, ...over };
}

function recordingStore(opts: { capacity?: number; defaultTimeoutMs?: number } = {}) {
  const closed: [number, CloseReason][] = [];
  const added: number[] = [];
  const store = new NotificationStore({ ...opts, now: () => 1_700_000_000, onAdded: (e) => added.push(e.id), onClosed: (id, r) => closed.push([id, r]) });
  return { store, closed, added };
}

function closedWithin(closed: [number, CloseReason][], id: number, ms: number): Promise<CloseReason | undefined> {
  return new Promise((resolve) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const hit = closed.find(([n]) => n === id);
      if (hit || Date.now() - started > ms) {
        clearInterval(poll);
        resolve(hit?.[1]);
      }
    }, 5);
  });
}

describe('NotificationStore', () => {
  it('keeps at most `capacity` entries, dropping the oldest and closing it if still shown', () => {
    const { store, closed } = recordingStore({ capacity: 3 });
    const ids = [1, 2, 3, 4].map((i) => store.notify(req({ summary: `n${i}` })));
    expect(ids).toEqual([1, 2, 3, 4]);
    expect(store.list().map((e) => e.summary)).toEqual(['n2', 'n3', 'n4']);
    expect(closed).toEqual([[1, CloseReason.Undefined]]);
    store.dispose();
  });

  it('replaces_id of a kept entry keeps its id; of an unknown one gets a new id', () => {
    const { store, added } = recordingStore();
    const a = store.notify(req({ summary: 'a' }));
    store.notify(req({ summary: 'b' }));
    expect(store.notify(req({ replacesId: a, summary: 'a2' }))).toBe(a);
    expect(store.list().map((e) => [e.id, e.summary])).toEqual([[2, 'b'], [a, 'a2']]);
    expect(store.notify(req({ replacesId: 999, summary: 'c' }))).toBe(3);
    expect(added).toEqual([1, 2, 1, 3]);
    store.dispose();
  });

  it('close reports once; closing again or an unknown id is false', () => {
    const { store, closed } = recordingStore();
    const id = store.notify(req());
    expect(store.close(id, CloseReason.Closed)).toBe(true);
    expect(store.close(id, CloseReason.Closed)).toBe(false);
    expect(store.close(42, CloseReason.Closed)).toBe(false);
    expect(closed).toEqual([[id, CloseReason.Closed]]);
    expect(store.get(id)?.summary).toBe('s');
    store.dispose();
  });

  it('-1 means the default timeout, except for critical notifications which stay', async () => {
    const { store, closed } = recordingStore({ defaultTimeoutMs: 20 });
    const normal = store.notify(req({ expireTimeout: -1 }));
    const critical = store.notify(req({ expireTimeout: -1, urgency: Urgency.Critical }));
    expect(await closedWithin(closed, normal, 5_000)).toBe(CloseReason.Expired);
    // The critical one was posted at the same time with the same request; it is still shown.
    expect(store.isOpen(critical)).toBe(true);
    store.dispose();
  });

  it('a replacement re-arms the timer: the old timeout no longer applies', async () => {
    const { store, closed } = recordingStore();
    const id = store.notify(req({ expireTimeout: 20 }));
    store.notify(req({ replacesId: id, expireTimeout: 0 }));
    const other = store.notify(req({ expireTimeout: 40 }));
    expect(await closedWithin(closed, other, 5_000)).toBe(CloseReason.Expired);
    expect(store.isOpen(id)).toBe(true);
    store.dispose();
  });

  it('actions become at most 10 (key, label) pairs; an odd trailing key is ignored', () => {
    const { store } = recordingStore();
    const id = store.notify(req({ actions: ['a', 'A', 'b'] }));
    expect(store.get(id)?.actions).toEqual([['a', 'A']]);
    store.dispose();
  });
});

describe('truncate', () => {
  it('counts code points and never splits a surrogate pair', () => {
    expect(truncate('😀😀😀', 2)).toBe('😀😀');
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('abc');
  });
});
