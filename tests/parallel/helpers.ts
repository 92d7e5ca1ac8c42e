export * from "../../src/index.js";
import * as parzen from "../../src/index.js";

/** The TPE sampler when it is available, else RandomSampler (same seed contract). */
export function TPESamplerOrRandom(seed: number): parzen.Sampler {
  const TPE = (parzen as unknown as { TPESampler?: new (o: { seed: number }) => parzen.Sampler }).TPESampler;
  return TPE ? new TPE({ seed }) : new parzen.RandomSampler({ seed });
}
