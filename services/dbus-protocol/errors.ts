/** D-Bus error names the qtui agents answer with. */
export const QTUI_ERRORS = {
  /** The data is over the interface's size limit. */
  TooLarge: 'org.qtui.Error.TooLarge',
  /** There is nothing to take (an empty clipboard). */
  Empty: 'org.qtui.Error.Empty',
  /** An argument is malformed (a bad qube name, an unknown id). */
  InvalidArgs: 'org.qtui.Error.InvalidArgs',
  /** The agent cannot do this where it runs (e.g. no Wi-Fi scanning without NetworkManager). */
  NotSupported: 'org.qtui.Error.NotSupported',
  /** No network of that name is in range. */
  UnknownNetwork: 'org.qtui.Error.UnknownNetwork',
  /** The network refused the credentials (a wrong passphrase). */
  AuthFailed: 'org.qtui.Error.AuthFailed',
} as const;
