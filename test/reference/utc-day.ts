// Reference implementation: UTC days. Parses event timestamps and membership dates into
// instants and UTC days (`YYYY-MM-DD`), and walks inclusive day ranges.

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

// README: `YYYY-MM-DDTHH:mm[:ss[.fraction]]`, `T` or a space, then optionally `Z` or `±HH:MM` / `±HHMM`.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):?(\d{2}))?$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return days[month - 1];
}

// README: an impossible date such as 2025-02-30 is invalid (proleptic Gregorian calendar).
function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Milliseconds since the epoch of a UTC wall-clock time (setUTCFullYear: no 0..99 -> 19xx mapping). */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** The UTC day `YYYY-MM-DD` of an instant. */
export function dayOfMs(ms: number): string {
  const date = new Date(ms);
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  const month = String(date.getUTCMonth() + 1).padStart(2, "0");
  const day = String(date.getUTCDate()).padStart(2, "0");
  return `${year}-${month}-${day}`;
}

/** The instant of a timestamp string (README grammar), or undefined when it is not one. */
export function timestampMs(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = TIMESTAMP.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  if (!isRealDate(year, month, day)) return undefined;
  // Interpretation: hours 00-23, minutes and seconds 00-59 (no 24:00:00, no leap second 60).
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (match[9] !== undefined) {
    const offsetHours = Number(match[10]);
    const offsetMins = Number(match[11]);
    // Interpretation: zone offsets up to ±23:59.
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (match[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  // The fraction (group 7) is dropped: offsets are whole minutes and days start on whole
  // seconds, so a fraction of a second never moves the UTC day. No zone means UTC.
  return utcMs(year, month, day, hour, minute, second) - offsetMinutes * MS_PER_MINUTE;
}

/** The UTC day a timestamp falls on (local time minus its zone offset), or undefined. */
export function timestampDay(value: unknown): string | undefined {
  const ms = timestampMs(value);
  return ms === undefined ? undefined : dayOfMs(ms);
}

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isDay(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = DAY.exec(value);
  return match !== null && isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** The instant of a membership `event_date`: a day (`YYYY-MM-DD`, its 00:00:00 UTC) or a timestamp. */
export function eventDateMs(value: unknown): number | undefined {
  if (isDay(value)) {
    const [year, month, day] = value.split("-").map(Number);
    return utcMs(year, month, day, 0, 0, 0);
  }
  return timestampMs(value);
}

/** Every day from `start` to `end` inclusive ([] when start is after end). */
export function daysBetween(start: string, end: string): string[] {
  const days: string[] = [];
  const startMs = eventDateMs(start);
  const endMs = eventDateMs(end);
  if (startMs === undefined || endMs === undefined) return days;
  for (let ms = startMs; ms <= endMs; ms += MS_PER_DAY) days.push(dayOfMs(ms));
  return days;
}
