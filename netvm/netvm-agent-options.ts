/**
 * Command line of the sys-net / sys-firewall agent:
 *   netvm-agent [--bus ADDRESS] [--vchan PATH [--vchan-state PATH]]
 *               [--no-network] [--simulated-wifi]
 *               [--firewall] [--nft apply|check|off] [--dns ADDR[,ADDR…]]
 * Network1 is served unless --no-network; Firewall1 with --firewall. --nft
 * says what happens to each compiled ruleset (default apply: the agent runs
 * inside sys-firewall, whose netfilter it owns); --dns overrides the DNS
 * servers read from /etc/resolv.conf.
 */
import { ipFamily } from './ip-address.js';
import { NFT_MODES, type NftMode } from './nft-runner.js';

export interface NetvmAgentOptions {
  network: boolean;
  simulatedWifi: boolean;
  firewall: boolean;
  nft: NftMode;
  /** undefined: read /etc/resolv.conf. */
  dns?: string[];
}

function isNftMode(s: string | undefined): s is NftMode {
  return NFT_MODES.includes(s as NftMode);
}

export function parseNetvmAgentArgs(argv: readonly string[]): NetvmAgentOptions | string {
  const o: NetvmAgentOptions = { network: true, simulatedWifi: false, firewall: false, nft: 'apply' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--bus':
      case '--vchan':
      case '--vchan-state':
        i++; // runAgent's, with its value
        break;
      case '--no-network':
        o.network = false;
        break;
      case '--simulated-wifi':
        o.simulatedWifi = true;
        break;
      case '--firewall':
        o.firewall = true;
        break;
      case '--nft': {
        const mode = argv[++i];
        if (!isNftMode(mode)) return `--nft needs one of ${NFT_MODES.join(', ')}`;
        o.nft = mode;
        break;
      }
      case '--dns': {
        const list = (argv[++i] ?? '').split(',').filter((s) => s !== '');
        if (list.length === 0 || !list.every((a) => ipFamily(a) !== 0)) return '--dns needs a comma-separated list of addresses';
        o.dns = list;
        break;
      }
      default:
        return `unknown argument ${JSON.stringify(arg)}`;
    }
  }
  if (!o.network && !o.firewall) return 'nothing to serve: --no-network without --firewall';
  return o;
}
