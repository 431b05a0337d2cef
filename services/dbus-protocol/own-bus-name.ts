import { NameFlag, RequestNameReply, type MessageBus } from 'dbus-next';

/**
 * Owns a well-known name on `bus`, or fails: an agent never queues behind
 * another owner, since then its calls would silently go to that owner.
 */
export async function ownBusName(bus: MessageBus, name: string): Promise<void> {
  const reply = await bus.requestName(name, NameFlag.DO_NOT_QUEUE);
  if (reply !== RequestNameReply.PRIMARY_OWNER && reply !== RequestNameReply.ALREADY_OWNER) {
    throw new Error(`cannot own the D-Bus name ${name}: another process has it`);
  }
}
