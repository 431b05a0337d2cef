/**
 * Dropping a domain from the state when it never came up, with the
 * @releaseDomain event that watchers of a real host would see.
 */
import { appendXenstoreEvents, withSimState } from './sim-state.js';

export async function removeDomainRecord(simDir: string, domid: number, env: NodeJS.ProcessEnv): Promise<void> {
  const removed = await withSimState(
    simDir,
    (state) => {
      const before = state.domains.length;
      state.domains = state.domains.filter((d) => d.domid !== domid);
      return state.domains.length !== before;
    },
    env,
  );
  if (removed) appendXenstoreEvents(simDir, ['@releaseDomain']);
}
