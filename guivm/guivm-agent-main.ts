/**
 * The GUI domain's agent: notifications and the clipboard on the qube's bus.
 * Usage: guivm-agent [--bus ADDRESS] [--vchan PATH [--vchan-state PATH]]
 * (see runAgent for the life cycle).
 */
import { runAgent } from '../services/dbus-protocol/index.js';
import { startClipboardService } from './clipboard-service.js';
import { startNotificationsServer } from './notifications-server.js';

await runAgent('guivm-agent', process.argv.slice(2), async (bus) => [await startNotificationsServer(bus), await startClipboardService(bus)]);
