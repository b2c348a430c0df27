/** How sure a length ratio is: below `surely` it is fewer tokens, from `never` on it is not. */
export interface LengthBand {
  readonly surely: number;
  readonly never: number;
  /** Near-ties must estimate below this share of the other's tokens. Default: 1. */
  readonly margin?: number;
}

/**
 * Whether `a` costs fewer tokens than `b`. A clear difference in length decides for free; only
 * near-ties pay for two estimates (a pass over each text), which keeps them off the hot path.
 */
export function fewerTokens(a: string, b: string, estimate: (text: string) => number, band: LengthBand): boolean {
  if (a.length < band.surely * b.length) return true;
  if (a.length >= band.never * b.length) return false;
  return estimate(a) < (band.margin ?? 1) * estimate(b);
}
