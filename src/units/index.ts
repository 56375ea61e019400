export { MS_PER_UNIT } from './units.js';
export { duration, durationAtLeast, durationProblem, formatDuration, MAX_DURATION_MS, parseDuration } from './duration.js';
export { fmtMs } from './duration-words.js';
export { escapeUnsafe, MAX_SHOWN_CHARS, showValue } from './show-value.js';
export { fraction, nonNegative, numberField, positive, whole } from './numbers.js';
export { DEFAULT_MAX_ATTEMPTS, LIMITS, MAX_SCENARIO_BYTES, MAX_YAML_ALIASES, MAX_YAML_DEPTH } from './limits.js';
export { byteSize, byteSizeProblem, formatByteSize, MAX_BODY_LIMIT, parseByteSize } from './byte-size.js';
export { maxOf, minOf } from './extent.js';
