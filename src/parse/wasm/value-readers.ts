// AssemblyScript (built with event-scanner.ts, which imports it): what the scanner
// computes from a plain string value as it reads it, twins of JavaScript functions held to
// them bit for bit by test/parse/wasm-scanner-values.test.ts. The module cannot call
// JavaScript, and these run on bytes being read anyway.

/** byte-dictionary.ts's hashBytes of [start, end): four bytes a step (little-endian), then byte by byte, then mixed. */
export function hashBytes(start: usize, end: usize): i32 {
  let hash: i32 = <i32>(end - start) * <i32>0x9e3779b1;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    hash = (hash ^ load<i32>(i)) * 0x5bd1e995;
    hash ^= <i32>((<u32>hash) >>> 15);
  }
  for (; i < end; i++) hash = (hash ^ (<i32>load<u8>(i))) * 0x01000193;
  hash = (hash ^ (<i32>((<u32>hash) >>> 16))) * <i32>0x85ebca6b;
  return hash ^ (<i32>((<u32>hash) >>> 13));
}

export const NO_DAY: i32 = i32.MIN_VALUE;

/**
 * day.ts's parseTimestampDayBytes for `YYYY-MM-DDTHH:mm:ss` (UTC), the form invenio-stats
 * stores: its day since 1970-01-01, or NO_DAY for any other text (JavaScript reads those).
 */
export function timestampDay(start: usize, end: usize): i32 {
  if (end - start != 19 || load<u8>(start + 10) != 0x54 /* T */) return NO_DAY;
  if (load<u8>(start + 4) != 0x2d || load<u8>(start + 7) != 0x2d || load<u8>(start + 13) != 0x3a || load<u8>(start + 16) != 0x3a) return NO_DAY;
  const year = digits(start, 4);
  const month = digits(start + 5, 2);
  const day = digits(start + 8, 2);
  const hour = digits(start + 11, 2);
  const minute = digits(start + 14, 2);
  const second = digits(start + 17, 2);
  // A non-digit reads as -1: below every field's lower bound.
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NO_DAY;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NO_DAY;
  return daysFromCivil(year, month, day);
}

function digits(at: usize, count: i32): i32 {
  let value = 0;
  for (let i = 0; i < count; i++) {
    const d = <i32>load<u8>(at + <usize>i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function daysInMonth(year: i32, month: i32): i32 {
  if (month == 2) return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
  return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
}

/** day.ts's daysFromCivil (H. Hinnant's days_from_civil), for years 0..9999: floor division by hand. */
function daysFromCivil(year: i32, month: i32, day: i32): i32 {
  const y = month <= 2 ? year - 1 : year;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yearOfEra = y - era * 400;
  const dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
