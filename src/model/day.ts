// UTC day numbers (days since 1970-01-01) and the timestamp grammar of SPEC 1.1.
// Every stage speaks in day numbers; strings appear only at the edges.

export const MS_PER_DAY = 86_400_000;

// YYYY-MM-DD, then optionally T or space, HH:mm, :ss, .fraction, and a zone.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Epoch milliseconds (UTC) of a timestamp, or NaN when it does not parse. No zone means
 * UTC. `requireTime` rejects a bare date (events must carry a time; membership dates may not).
 */
export function parseTimestampMs(text: string, requireTime: boolean): number {
  const m = TIMESTAMP.exec(text);
  if (m === null || (requireTime && m[4] === undefined)) return NaN;
  const year = +m[1],
    month = +m[2],
    day = +m[3];
  const hour = m[4] === undefined ? 0 : +m[4];
  const minute = m[5] === undefined ? 0 : +m[5];
  const second = m[6] === undefined ? 0 : +m[6];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  const fractionMs = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * 1000);
  // Not Date.UTC: it reads years 0-99 as 1900-1999.
  let ms = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + fractionMs;
  const zone = m[8];
  if (zone !== undefined && zone !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    const zoneHours = +digits.slice(0, 2),
      zoneMinutes = +digits.slice(2, 4);
    if (zoneHours > 23 || zoneMinutes > 59) return NaN;
    // Local time = UTC + offset, so UTC = local - offset.
    ms -= (zone[0] === "-" ? -1 : 1) * (zoneHours * 60 + zoneMinutes) * 60_000;
  }
  return ms;
}

/** The UTC day number of an event timestamp, or NaN when it does not parse. */
export function parseTimestampDay(text: string): number {
  return Math.floor(parseTimestampMs(text, true) / MS_PER_DAY);
}

/**
 * parseTimestampDay of the ASCII text bytes[start, end). The form invenio-stats stores
 * (`YYYY-MM-DDTHH:mm:ss`, UTC) is read straight from the bytes: this runs once per
 * event. Every other form goes through the full grammar.
 */
export function parseTimestampDayBytes(bytes: Uint8Array, start: number, end: number): number {
  if (end - start === 19 && bytes[start + 10] === 84 /* T */) {
    const year = digits(bytes, start, 4),
      month = digits(bytes, start + 5, 2),
      day = digits(bytes, start + 8, 2);
    const hour = digits(bytes, start + 11, 2),
      minute = digits(bytes, start + 14, 2),
      second = digits(bytes, start + 17, 2);
    // digits() gives -1 for a non-digit: every field is bounded below as well as above.
    if (
      year >= 0 &&
      bytes[start + 4] === 45 &&
      bytes[start + 7] === 45 &&
      bytes[start + 13] === 58 &&
      bytes[start + 16] === 58 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour >= 0 &&
      hour <= 23 &&
      minute >= 0 &&
      minute <= 59 &&
      second >= 0 &&
      second <= 59
    ) {
      return daysFromCivil(year, month, day);
    }
  }
  return parseTimestampDay(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("latin1"));
}

/** A run of decimal digits as a number; -1 when any is not a digit. */
function digits(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = bytes[i] - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** `YYYY-MM-DD` (a CLI day) to a day number, NaN when invalid. */
export function parseDayString(text: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? Math.floor(parseTimestampMs(text, false) / MS_PER_DAY) : NaN;
}

export function formatDay(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** `YYYY-MM-DDTHH:mm:ss` in UTC, the document timestamp format. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return leap ? 29 : DAYS_IN_MONTH[month - 1];
}
