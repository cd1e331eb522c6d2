// Identifiers in the shapes InvenioRDM uses: record PIDs (`abcde-12345`), UUIDs for
// communities, buckets and files, and sha224-length hex digests for visitors and sessions.

import { mix32, type Random } from "./random.js";

const BASE32 = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford, lower case, as InvenioRDM PIDs

export function makeRecordId(rng: Random): string {
  let id = "";
  for (let i = 0; i < 10; i++) {
    if (i === 5) id += "-";
    id += BASE32[rng.int(32)];
  }
  return id;
}

/** A fresh record id not yet in `taken` (which it joins). */
export function makeUniqueRecordId(rng: Random, taken: Set<string>): string {
  let id = makeRecordId(rng);
  while (taken.has(id)) id = makeRecordId(rng);
  taken.add(id);
  return id;
}

// Hex by 16-bit table lookup: toString(16) + padStart was a tenth of the generation time.
const HEX4 = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, "0"));

function hex8(value: number): string {
  return HEX4[value >>> 16] + HEX4[value & 0xffff];
}

export function makeUuid(rng: Random): string {
  const a = hex8(rng.uint32());
  const b = hex8(rng.uint32());
  const c = hex8(rng.uint32());
  const d = hex8(rng.uint32());
  const variant = "89ab"[rng.int(4)];
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/**
 * A 56-hex-digit digest of three integers, shaped like invenio-stats' sha224 visitor and
 * session hashes. Not cryptographic: it only has to be stable and collision-poor.
 */
export function hashHex(a: number, b: number, c: number): string {
  // Two independent 32-bit lanes: 64 bits keep a day's tens of thousands of visitors
  // from colliding (one lane alone would, now and then).
  const h1 = mix32(mix32(mix32(a) ^ Math.imul(b, 0x9e3779b1)) ^ Math.imul(c, 0x85ebca77));
  const h2 = mix32(mix32(mix32(a ^ 0x5bd1e995) + Math.imul(c, 0x27d4eb2f)) ^ Math.imul(b, 0x165667b1));
  let out = "";
  for (let i = 0; i < 7; i++) out += hex8(mix32(h1 + Math.imul(i + 1, 0x27d4eb2f)) ^ mix32(h2 ^ (i << 24)));
  return out;
}
