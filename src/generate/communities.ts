// Community ids of the synthetic repository: most are UUIDs (InvenioRDM's community ids),
// some are slugs, so that consumers do not assume either shape.

import { makeUuid } from "./ids.js";
import { Random } from "./random.js";

const SLUGS = [
  "digital-humanities",
  "open-science",
  "climate-research",
  "oral-history",
  "data-curation",
  "archaeology-network",
  "public-health",
  "linguistics-lab",
  "music-archives",
  "teaching-commons",
];

export function generateCommunities(seed: number, count: number): string[] {
  const rng = Random.derive(seed, "communities");
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 3 === 2) {
      const n = (i / 3) | 0;
      ids.push(n < SLUGS.length ? SLUGS[n] : `${SLUGS[n % SLUGS.length]}-${n}`);
    } else {
      ids.push(makeUuid(rng));
    }
  }
  return ids;
}
