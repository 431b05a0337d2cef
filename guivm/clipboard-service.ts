/**
 * org.qtui.Clipboard1: the GUI domain's secure clipboard (see
 * services/dbus-protocol/clipboard.ts for the contract). It holds at most
 * one content, and a paste takes it out.
 */
import { DBusError, interface as dbusInterface, type MessageBus } from 'dbus-next';
import { CLIPBOARD_MAX_BYTES, dbusMembers, isQubeName, ownBusName, QTUI_CLIPBOARD, QTUI_ERRORS } from '../services/dbus-protocol/index.js';

interface ClipContent {
  source: string;
  data: Buffer;
}

class ClipboardInterface extends dbusInterface.Interface {
  private content: ClipContent | null = null;

  constructor() {
    super(QTUI_CLIPBOARD.spec.name);
  }

  Copy(source: string, data: Buffer): void {
    if (!isQubeName(source)) throw new DBusError(QTUI_ERRORS.InvalidArgs, `not a qube name: ${JSON.stringify(source.slice(0, 40))}`);
    if (data.length > CLIPBOARD_MAX_BYTES) {
      throw new DBusError(QTUI_ERRORS.TooLarge, `clipboard data is ${data.length} bytes, more than the limit of ${CLIPBOARD_MAX_BYTES}`);
    }
    // A copy of the bytes: the buffer given may be a view into the message.
    this.content = { source, data: Buffer.from(data) };
  }

  Paste(): [string, Buffer] {
    const content = this.content;
    if (!content) throw new DBusError(QTUI_ERRORS.Empty, 'the clipboard is empty');
    this.content = null;
    return [content.source, content.data];
  }

  State(): [string, number] {
    return this.content ? [this.content.source, this.content.data.length] : ['', 0];
  }
}
ClipboardInterface.configureMembers(dbusMembers(QTUI_CLIPBOARD.spec));

export interface ClipboardService {
  stop(): Promise<void>;
}

/** Exports org.qtui.Clipboard1 on `bus` and owns its name. */
export async function startClipboardService(bus: MessageBus): Promise<ClipboardService> {
  const iface = new ClipboardInterface();
  bus.export(QTUI_CLIPBOARD.objectPath, iface);
  try {
    await ownBusName(bus, QTUI_CLIPBOARD.busName);
  } catch (e) {
    bus.unexport(QTUI_CLIPBOARD.objectPath, iface);
    throw e;
  }
  return {
    async stop() {
      bus.unexport(QTUI_CLIPBOARD.objectPath, iface);
      await bus.releaseName(QTUI_CLIPBOARD.busName);
    },
  };
}
