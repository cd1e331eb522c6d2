// AssemblyScript (imported by event-scanner.ts and id-dictionaries.ts): comparing bytes
// in the module's memory.

/**
 * Whether [a, a + n) and [b, b + n) hold the same bytes: eight at a time, the last eight
 * overlapping the ones before. memory.compare goes byte by byte unless both addresses
 * share their alignment, which a key in a line rarely does with its field's name, nor an
 * id in a line with its copy in a dictionary.
 */
export function sameBytes(a: usize, b: usize, n: usize): bool {
  if (n >= 8) {
    for (let i: usize = 0; i + 8 < n; i += 8) if (load<u64>(a + i) != load<u64>(b + i)) return false;
    return load<u64>(a + n - 8) == load<u64>(b + n - 8);
  }
  if (n >= 4) return load<u32>(a) == load<u32>(b) && load<u32>(a + n - 4) == load<u32>(b + n - 4);
  for (let i: usize = 0; i < n; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}
