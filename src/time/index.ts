export { type Clock, RealClock, sleepWith, waitOn } from './clock.js';
export { promised, replyWith, type Reply } from './reply.js';
export { VirtualClock } from './virtual-clock.js';
export { AbortControllerPool, reusable } from './abort-reuse.js';
export { Heap } from './heap.js';
export { type ArrivalEntry, ArrivalList } from './arrival-list.js';
export { createRng, deriveRng, logNormal, logNormalDraws, logNormalMean, normal, pickWeighted, type Rng } from './rng.js';
