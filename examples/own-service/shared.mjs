// What the API and the worker share: where Redis is, the queue's name and key prefix, and the
// counters both processes write (in Redis, so a crash of either loses none of them).
export const connection = { host: process.env.REDIS_HOST ?? '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379) };
export const prefix = process.env.QUEUE_PREFIX ?? 'gameday-example';
export const QUEUE = 'claude-jobs';
export const counterKey = (name) => `${prefix}:counters:${name}`;
export const COUNTERS = ['accepted', 'shed', 'done', 'failed'];
