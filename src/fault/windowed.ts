/** Time-scaling and windows of the two shapes of fault: one acting over a window (`at`, `duration`), one acting at a moment. */
/** A windowed fault's timeline: start and length both scale. */
export function scaleWindow<F extends { at: number; duration: number }>(f: F, k: number): F {
  return { ...f, at: Math.round(f.at * k), duration: Math.round(f.duration * k) };
}

export function windowOf(f: { at: number; duration: number }): [number, number] {
  return [f.at, f.at + f.duration];
}

/** A fault that acts at one moment: its window opens and closes there. */
export function momentOf(f: { at: number }): [number, number] {
  return [f.at, f.at];
}

/** A fault that acts at one moment: only the moment scales. */
export function scaleMoment<F extends { at: number }>(f: F, k: number): F {
  return { ...f, at: Math.round(f.at * k) };
}
