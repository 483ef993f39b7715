import type { RedisClientType } from "redis";
import type { Counter, NoteBus, NoteEvent } from "./ports.js";

type Redis = Pick<RedisClientType, "incr" | "get" | "publish">;
type Subscriber = Pick<RedisClientType, "subscribe">;

export const COUNTER_KEY = "notes:created";
export const CHANNEL = "notes:events";

export function redisCounter(redis: Redis): Counter {
  return {
    increment: () => redis.incr(COUNTER_KEY),
    read: async () => Number((await redis.get(COUNTER_KEY)) ?? 0),
  };
}

/** Pub/sub over Redis, so every backend replica (e.g. during a rolling update) hears every note. */
export function redisNoteBus(redis: Redis, subscriber: Subscriber): NoteBus {
  return {
    async publish(event) {
      await redis.publish(CHANNEL, JSON.stringify(event));
    },
    async subscribe(listener) {
      await subscriber.subscribe(CHANNEL, (message: string) => listener(JSON.parse(message) as NoteEvent));
    },
  };
}
