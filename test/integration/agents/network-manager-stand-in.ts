/**
 * A stand-in for NetworkManager on a test bus: the few objects, methods and
 * properties of org.freedesktop.NetworkManager (1.x D-Bus API) that sys-net's
 * NetworkManagerWifiLink uses, with their real names and signatures: one
 * Wi-Fi device, two access points, AddAndActivateConnection that activates
 * when the WPA passphrase is right and deactivates when it is not. There is
 * no NetworkManager on the test machine; this checks the client's calls
 * against the API as documented, over a real dbus-daemon.
 */
import { DBusError, interface as dbusInterface, Variant, type MessageBus } from 'dbus-next';

const NM = 'org.freedesktop.NetworkManager';
const ROOT = '/org/freedesktop/NetworkManager';
const DEVICE = `${ROOT}/Devices/3`;
const ACTIVE = `${ROOT}/ActiveConnection/1`;

interface StandInAp {
  path: string;
  ssid: string;
  bssid: string;
  strength: number;
  /** The passphrase it accepts; '' for an open network. */
  psk: string;
}

export const STAND_IN_APS: readonly StandInAp[] = [
  { path: `${ROOT}/AccessPoint/1`, ssid: 'office', bssid: '02:00:00:00:02:01', strength: 70, psk: 'office-passphrase' },
  { path: `${ROOT}/AccessPoint/2`, ssid: 'guest', bssid: '02:00:00:00:02:02', strength: 40, psk: '' },
];

class ApInterface extends dbusInterface.Interface {
  constructor(private readonly ap: StandInAp) {
    super(`${NM}.AccessPoint`);
  }
  get Ssid(): Buffer {
    return Buffer.from(this.ap.ssid);
  }
  get HwAddress(): string {
    return this.ap.bssid;
  }
  get Strength(): number {
    return this.ap.strength;
  }
  get Flags(): number {
    return this.ap.psk === '' ? 0 : 1;
  }
  get WpaFlags(): number {
    return 0;
  }
  get RsnFlags(): number {
    return this.ap.psk === '' ? 0 : 0x188;
  }
}
ApInterface.configureMembers({
  properties: {
    Ssid: { signature: 'ay', access: 'read' },
    HwAddress: { signature: 's', access: 'read' },
    Strength: { signature: 'y', access: 'read' },
    Flags: { signature: 'u', access: 'read' },
    WpaFlags: { signature: 'u', access: 'read' },
    RsnFlags: { signature: 'u', access: 'read' },
  },
});

export class NetworkManagerStandIn {
  activeAp = '/';
  activeState = 0;
  /** The settings of every AddAndActivateConnection, as received. */
  readonly added: Record<string, Record<string, Variant>>[] = [];

  constructor(private readonly bus: MessageBus) {}

  async start(): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the exported interfaces read and change the stand-in's state
    const nm = this;
    class Manager extends dbusInterface.Interface {
      GetDevices(): string[] {
        return [`${ROOT}/Devices/1`, DEVICE];
      }
      AddAndActivateConnection(settings: Record<string, Record<string, Variant>>, device: string, ap: string): [string, string] {
        nm.added.push(settings);
        const target = STAND_IN_APS.find((a) => a.path === ap);
        if (device !== DEVICE || !target) throw new DBusError(`${NM}.Error.UnknownDevice`, 'no such device or access point');
        const psk = settings['802-11-wireless-security']?.psk?.value;
        const ok = (typeof psk === 'string' ? psk : '') === target.psk;
        nm.activeState = ok ? 2 : 4;
        nm.activeAp = ok ? ap : '/';
        return [`${ROOT}/Settings/1`, ACTIVE];
      }
    }
    Manager.configureMembers({ methods: { GetDevices: { outSignature: 'ao' }, AddAndActivateConnection: { inSignature: 'a{sa{sv}}oo', outSignature: 'oo' } } });

    class Device extends dbusInterface.Interface {
      constructor(private readonly type: number) {
        super(`${NM}.Device`);
      }
      get DeviceType(): number {
        return this.type;
      }
      Disconnect(): void {
        nm.activeAp = '/';
      }
    }
    Device.configureMembers({ properties: { DeviceType: { signature: 'u', access: 'read' } }, methods: { Disconnect: {} } });

    class Wireless extends dbusInterface.Interface {
      GetAllAccessPoints(): string[] {
        return STAND_IN_APS.map((a) => a.path);
      }
      get ActiveAccessPoint(): string {
        return nm.activeAp;
      }
    }
    Wireless.configureMembers({ properties: { ActiveAccessPoint: { signature: 'o', access: 'read' } }, methods: { GetAllAccessPoints: { outSignature: 'ao' } } });

    class Active extends dbusInterface.Interface {
      get State(): number {
        return nm.activeState;
      }
    }
    Active.configureMembers({ properties: { State: { signature: 'u', access: 'read' } } });

    this.bus.export(ROOT, new Manager(NM));
    // An ethernet device first: the client must pick the Wi-Fi one.
    this.bus.export(`${ROOT}/Devices/1`, new Device(1));
    this.bus.export(DEVICE, new Device(2));
    this.bus.export(DEVICE, new Wireless(`${NM}.Device.Wireless`));
    this.bus.export(ACTIVE, new Active(`${NM}.Connection.Active`));
    for (const ap of STAND_IN_APS) this.bus.export(ap.path, new ApInterface(ap));
    await this.bus.requestName(NM, 4);
  }
}
