import type { Redis } from 'ioredis';
import type { Disposable } from '../../common/disposable.js';

/**
 * Pub/sub listeners on one subscriber connection (a subscribed connection can run nothing else).
 * A channel is subscribed while it has listeners. ioredis subscribes again after a reconnect, and a
 * message published while disconnected is lost: pub/sub only wakes and hurries; the state it talks
 * about is always in Redis too (a cancel shows in the worker's next heartbeat, work in its next claim).
 */
export class Subscriptions {
  private readonly listeners = new Map<string, Set<(message: string) => void>>();
  /** The SUBSCRIBE of each channel, so a second listener also waits until Redis confirmed it. */
  private readonly subscribed = new Map<string, Promise<unknown>>();

  constructor(private readonly connection: Redis) {
    connection.on('message', (channel: string, message: string) => {
      for (const listener of [...(this.listeners.get(channel) ?? [])]) listener(message);
    });
  }

  async on(channel: string, listener: (message: string) => void): Promise<Disposable> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      this.subscribed.set(channel, this.connection.subscribe(channel));
    }
    set.add(listener);
    await this.subscribed.get(channel);
    return {
      dispose: async () => {
        const current = this.listeners.get(channel);
        if (!current?.delete(listener) || current.size > 0) return;
        this.listeners.delete(channel);
        this.subscribed.delete(channel);
        await this.connection.unsubscribe(channel);
      },
    };
  }
}
