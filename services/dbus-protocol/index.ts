/**
 * The protocol shared by the service-qube agents and dom0's relay: bus
 * names, object paths, interface specs, limits and decoders. The agents
 * import nothing else of ours, so this folder imports nothing else either.
 */
export { dbusMembers, type InterfaceSpec, type MethodSpec } from './interface-spec.js';
export { flagValue, runAgent, type RunningService } from './agent-runner.js';
export { unixSocketOfAddress, VchanServerKeeper, type VchanServerOptions } from './vchan-server-keeper.js';
export { busAddressFrom, connectBus, dbusNextAddress, onBusLost } from './bus-connection.js';
export { QTUI_ERRORS } from './errors.js';
export { ownBusName } from './own-bus-name.js';
export { isQubeName } from './qube-name.js';
export {
  CloseReason,
  decodeNotificationEntry,
  FREEDESKTOP_NOTIFICATIONS,
  NOTIFICATION_ENTRY_SIGNATURE,
  NOTIFICATION_LIMITS,
  notificationToWire,
  QTUI_NOTIFICATIONS,
  Urgency,
  type NotificationEntry,
  type NotificationEntryWire,
} from './notifications.js';
export { CLIPBOARD_MAX_BYTES, QTUI_CLIPBOARD } from './clipboard.js';
export {
  decodeNetInterface,
  decodeNetRoute,
  decodeWifiNetwork,
  INTERFACE_KINDS,
  isSsid,
  isWifiPassphrase,
  NET_INTERFACE_SIGNATURE,
  NET_ROUTE_SIGNATURE,
  NETWORK_LIMITS,
  netInterfaceToWire,
  netRouteToWire,
  QTUI_NETWORK,
  WIFI_NETWORK_SIGNATURE,
  wifiNetworkToWire,
  type InterfaceKind,
  type NetInterface,
  type NetInterfaceWire,
  type NetRoute,
  type NetRouteWire,
  type WifiNetwork,
  type WifiNetworkWire,
} from './network.js';
export { FIREWALL_LIMITS, FIREWALL_STATES, QTUI_FIREWALL, type FirewallState } from './firewall.js';
export {
  decodeUsbBlockDevice,
  decodeUsbDevice,
  isUsbBlockName,
  isUsbPort,
  QTUI_USB,
  USB_BLOCK_SIGNATURE,
  USB_CLASS_STORAGE,
  USB_DEVICE_SIGNATURE,
  USB_LIMITS,
  usbBlockDeviceToWire,
  usbDeviceToWire,
  type UsbBlockDevice,
  type UsbBlockDeviceWire,
  type UsbDevice,
  type UsbDeviceWire,
} from './usb.js';
