/**
 * Reads an xl.cfg the way `xl create` (Xen 4.17) does, for the simulated
 * host: command-line overrides are appended to the file's text exactly as xl
 * appends them, so line numbers in errors match; the last setting of a key
 * wins; keys qtui does not model are ignored; device lists are read with xl's
 * own spec rules.
 */
import type { Result } from '../result.js';
import { parseCfgSyntax, type CfgDiagnostic, type CfgSetting } from './xl-cfg-grammar.js';
import { xlCfgError, type XlCfgError, type XlMessage } from './xl-cfg-error.js';
import { parseDiskSpec, parseUsbCtrlSpec, parseVifSpec } from './xl-device-specs.js';
import { isLifecycleAction, type VirtMode, type XlConfig } from './xl-config.js';

export { formatXlConfigError, XL_CONFIG_ERROR_EXIT_CODE, type XlCfgError } from './xl-cfg-error.js';

export interface ParsedXlCfg {
  config: XlConfig;
  /** Warnings xl prints but carries on after (e.g. a number that is not a number). */
  warnings: XlMessage[];
}

/** libxl's memory size when a config sets none. */
export const DEFAULT_MEMORY_MIB = 32;

const PYTHON_WARNING: readonly string[] = [
  'warning: Config file looks like it contains Python code.',
  'warning:  Arbitrary Python is no longer supported.',
  'warning:  See https://wiki.xen.org/wiki/PythonInXlConfig',
];


/**
 * The text xl actually parses: `xl create FILE key=value...` appends
 * "\n", each override followed by "\n", and one more "\n".
 */
export function withOverrides(text: string, overrides: readonly string[] = []): string {
  if (overrides.length === 0) return text;
  return `${text}\n${overrides.map((o) => `${o}\n`).join('')}\n`;
}

/** Parse a config (with `xl create`'s `key=value` overrides), keeping xl's warnings. */
export function parseXlCfgWithWarnings(text: string, overrides: readonly string[] = []): Result<ParsedXlCfg, XlCfgError> {
  const syntax = parseCfgSyntax(withOverrides(text, overrides));
  if (!syntax.ok) return { ok: false, error: syntaxError(syntax.diagnostics, syntax.likelyPython) };
  return interpret(syntax.settings);
}

/** Parse a config (with `xl create`'s `key=value` overrides); xl's non-fatal warnings are dropped. */
export function parseXlCfg(text: string, overrides: readonly string[] = []): Result<XlConfig, XlCfgError> {
  const parsed = parseXlCfgWithWarnings(text, overrides);
  return parsed.ok ? { ok: true, value: parsed.value.config } : parsed;
}

/**
 * What real xl says when a parsed config still cannot be created, or null.
 * The simulated `xl create` prints it and exits with XL_CONFIG_ERROR_EXIT_CODE.
 */
export function checkCreatable(cfg: XlConfig): string | null {
  if (cfg.name === '') return 'Domain name must be specified.';
  if (cfg.kernel === undefined) return 'Neither kernel nor bootloader specified';
  return null;
}

function syntaxError(diagnostics: readonly CfgDiagnostic[], likelyPython: boolean): XlCfgError {
  const messages: XlMessage[] = diagnostics.map((d) => ({
    at: { line: d.line },
    text: `config parsing error near ${d.near}: ${d.message}`,
  }));
  if (likelyPython) messages.push(...PYTHON_WARNING.map((text) => ({ at: null, text })));
  messages.push({ at: null, text: 'Failed to parse config: Invalid argument' });
  const first = diagnostics[0];
  return xlCfgError(messages, first?.line ?? 0, first?.near ?? '');
}

/** Reads typed values out of the settings, collecting xl's warnings on the way. */
class Settings {
  readonly warnings: XlMessage[] = [];
  constructor(private readonly settings: ReadonlyMap<string, CfgSetting>) {}

  string(name: string): string | undefined {
    const s = this.settings.get(name);
    if (!s) return undefined;
    if (s.value.kind !== 'string') {
      this.warn(s, `parameter \`${name}' is a list but should be a single value`);
      return undefined;
    }
    return s.value.value;
  }

  /** xlu_cfg_get_long: C's strtol with base 0 (so 0x10 and 010 work); bad numbers are warned about and ignored. */
  long(name: string): number | undefined {
    const s = this.settings.get(name);
    const text = this.string(name);
    if (!s || text === undefined) return undefined;
    if (s.op === '+=') {
      this.warn(s, `can't use += with numbers for parameter \`${name}'`);
      return undefined;
    }
    const value = strtol0(text);
    if (value === null) {
      this.warn(s, `parameter \`${name}' is not a valid number`);
      return undefined;
    }
    return value;
  }

  /** The string items of a list setting; xl stops at the first item that is itself a list. */
  list(name: string): string[] | undefined {
    const s = this.settings.get(name);
    if (!s) return undefined;
    if (s.value.kind !== 'list') {
      this.warn(s, `parameter \`${name}' is a single value but should be a list`);
      return undefined;
    }
    const out: string[] = [];
    for (const item of s.value.items) {
      if (item.kind !== 'string') break;
      out.push(item.value);
    }
    return out;
  }

  private warn(s: CfgSetting, text: string): void {
    this.warnings.push({ at: { line: s.line }, text: `warning: ${text}` });
  }
}

/** strtol(text, &end, 0) that must consume the whole text; null when it does not. */
function strtol0(text: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m?.[2]) return null;
  const digits = m[2];
  const magnitude = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.length > 1 && digits.startsWith('0') ? parseInt(digits, 8) : parseInt(digits, 10);
  return m[1] === '-' ? -magnitude : magnitude;
}

function interpret(settings: ReadonlyMap<string, CfgSetting>): Result<ParsedXlCfg, XlCfgError> {
  const s = new Settings(settings);
  const invalid = (text: string): Result<ParsedXlCfg, XlCfgError> => ({ ok: false, error: xlCfgError([...s.warnings, { at: null, text }]) });

  const typeText = s.string('type') ?? 'pv';
  if (typeText !== 'pv' && typeText !== 'pvh') {
    return invalid(typeText === 'hvm' ? 'qtui: HVM guests are not supported' : `Invalid domain type ${typeText}.`);
  }
  const memory = s.long('memory') ?? DEFAULT_MEMORY_MIB;
  const config: XlConfig = {
    name: s.string('name') ?? '',
    type: typeText as VirtMode,
    memory,
    vcpus: s.long('vcpus') ?? 1,
    disks: [],
    vifs: [],
    usbctrls: [],
  };
  for (const key of ['kernel', 'ramdisk', 'extra', 'uuid'] as const) {
    const value = s.string(key);
    if (value !== undefined) config[key] = value;
  }
  const maxmem = s.long('maxmem');
  if (maxmem !== undefined) config.maxmem = maxmem;
  for (const key of ['on_poweroff', 'on_reboot', 'on_crash'] as const) {
    const value = s.string(key);
    if (value === undefined) continue;
    if (!isLifecycleAction(value)) return invalid(`Unknown ${key} action "${value}" specified`);
    config[key] = value;
  }

  const devices = [
    ['disk', parseDiskSpec, config.disks],
    ['vif', parseVifSpec, config.vifs],
    ['usbctrl', parseUsbCtrlSpec, config.usbctrls],
  ] as const;
  for (const [key, parse, into] of devices) {
    for (const spec of s.list(key) ?? []) {
      const parsed = parse(spec);
      if (!parsed.ok) return { ok: false, error: xlCfgError([...s.warnings, ...parsed.error]) };
      (into as unknown[]).push(parsed.value);
    }
  }
  return { ok: true, value: { config, warnings: s.warnings } };
}
