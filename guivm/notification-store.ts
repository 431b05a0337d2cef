/**
 * The notifications the GUI domain has been asked to show: a bounded
 * history (oldest dropped first), every text field cut to its limit, the
 * freedesktop rules for replaces_id and expire_timeout, and a timer per
 * notification that closes it when it expires. The D-Bus interfaces are thin
 * adapters over this.
 */
import { CloseReason, NOTIFICATION_LIMITS, Urgency, type NotificationEntry } from '../services/dbus-protocol/index.js';

export interface NotifyRequest {
  appName: string;
  replacesId: number;
  summary: string;
  body: string;
  /** Flat, as in Notify: key, label, key, label, … */
  actions: readonly string[];
  urgency: Urgency;
  /** Milliseconds; -1 = the server's default, 0 = never expires. */
  expireTimeout: number;
}

export interface NotificationStoreOptions {
  onAdded?: (entry: NotificationEntry) => void;
  onClosed?: (id: number, reason: CloseReason) => void;
  /** Used when a sender asks for the default (-1); critical ones never expire by default. */
  defaultTimeoutMs?: number;
  capacity?: number;
  /** Seconds since the epoch; a parameter so tests can fix the clock. */
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
// setTimeout's own limit; a larger (int32) expire_timeout cannot occur, but a
// negative one other than -1 is treated as the default.
const MAX_TIMEOUT_MS = 0x7fff_ffff;

/** Cuts `s` to at most `max` code points, never splitting a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const points = [...s];
  return points.length <= max ? s : points.slice(0, max).join('');
}

function actionPairs(flat: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length && pairs.length < NOTIFICATION_LIMITS.actions; i += 2) {
    pairs.push([truncate(flat[i] ?? '', NOTIFICATION_LIMITS.actionKey), truncate(flat[i + 1] ?? '', NOTIFICATION_LIMITS.actionLabel)]);
  }
  return pairs;
}

export class NotificationStore {
  // Map iteration order is insertion order: the oldest entry comes first.
  private readonly entries = new Map<number, NotificationEntry>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly open = new Set<number>();
  private lastId = 0;
  private readonly capacity: number;
  private readonly defaultTimeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: NotificationStoreOptions = {}) {
    this.capacity = options.capacity ?? NOTIFICATION_LIMITS.history;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** Stores (or replaces) a notification and returns its id. */
  notify(req: NotifyRequest): number {
    const replacing = req.replacesId !== 0 && this.entries.has(req.replacesId);
    const id = replacing ? req.replacesId : this.nextId();
    const entry: NotificationEntry = {
      id,
      appName: truncate(req.appName, NOTIFICATION_LIMITS.appName),
      summary: truncate(req.summary, NOTIFICATION_LIMITS.summary),
      body: truncate(req.body, NOTIFICATION_LIMITS.body),
      urgency: req.urgency,
      time: this.now(),
      actions: actionPairs(req.actions),
    };
    // A replacement moves to the end: it is the newest thing shown.
    this.entries.delete(id);
    this.entries.set(id, entry);
    this.open.add(id);
    this.armTimer(id, req);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
      this.close(oldest, CloseReason.Undefined);
    }
    this.options.onAdded?.(entry);
    return id;
  }

  /** Stops showing a notification; false when it is not shown (unknown or already closed). */
  close(id: number, reason: CloseReason): boolean {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
    if (!this.open.delete(id)) return false;
    this.options.onClosed?.(id, reason);
    return true;
  }

  get(id: number): NotificationEntry | undefined {
    return this.entries.get(id);
  }

  isOpen(id: number): boolean {
    return this.open.has(id);
  }

  /** Every kept notification, oldest first (shown or closed). */
  list(): NotificationEntry[] {
    return [...this.entries.values()];
  }

  /** Cancels every expiry timer (the agent is stopping). */
  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private nextId(): number {
    // Ids are u32 and never 0 (0 means "no id" in replaces_id); skip any id
    // still kept after a wrap-around.
    do {
      this.lastId = this.lastId >= 0xffff_ffff ? 1 : this.lastId + 1;
    } while (this.entries.has(this.lastId));
    return this.lastId;
  }

  private armTimer(id: number, req: NotifyRequest): void {
    const old = this.timers.get(id);
    if (old) clearTimeout(old);
    this.timers.delete(id);
    let ms = req.expireTimeout;
    if (ms < 0) ms = req.urgency === Urgency.Critical ? 0 : this.defaultTimeoutMs;
    if (ms === 0) return;
    const timer = setTimeout(() => {
      this.timers.delete(id);
      this.close(id, CloseReason.Expired);
    }, Math.min(ms, MAX_TIMEOUT_MS));
    this.timers.set(id, timer);
  }
}
