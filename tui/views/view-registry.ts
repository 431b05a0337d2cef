/**
 * The views reachable from the qube table, in the order help lists them. A
 * view joins by one line here; its key must be free on the table (checked by
 * test/unit/tui/view-registry.test.ts).
 */
import type { Key } from 'ink';
import { cloneView } from './clone-view.js';
import { createView } from './create-view.js';
import { eventsView } from './events-view.js';
import { detailView } from './detail-view.js';
import { devicesView } from './devices-view.js';
import { hostView } from './host-view.js';
import { networkView } from './network-view.js';
import type { InfoView } from './info-view.js';
import { notificationsView } from './notifications-view.js';
import { policyView } from './policy-view.js';
import { propertiesView } from './properties-view.js';
import { removeView } from './remove-view.js';

export const VIEWS: readonly InfoView[] = [
  detailView,
  devicesView,
  eventsView,
  hostView,
  networkView,
  notificationsView,
  policyView,
  propertiesView,
  removeView,
  createView,
  cloneView,
];

export function viewForKey(input: string, key: Key, views: readonly InfoView[] = VIEWS): InfoView | undefined {
  if (key.ctrl || key.meta) return undefined;
  return views.find((v) => v.key === input);
}

export function viewNamed(name: string, views: readonly InfoView[] = VIEWS): InfoView | undefined {
  return views.find((v) => v.name === name);
}
