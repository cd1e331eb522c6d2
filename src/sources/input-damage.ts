// A damaged input (a cut or corrupt .gz), once read to its end, as a rejected line: the
// line the damage is in, what the decompressor said and how far it got, and the
// readable start of that line.

import type { RejectedLine } from "../model/chunk-types.js";
import type { InputBytes } from "./open-input.js";

export function damageReject(input: InputBytes, path: string): RejectedLine | undefined {
  const damage = input.damage?.();
  if (damage === undefined) return undefined;
  return { source: path, line: damage.line ?? 1, reason: damage.reason, raw: damage.tail ?? "" };
}
