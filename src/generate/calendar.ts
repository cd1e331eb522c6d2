// The period of the synthetic events: how many events fall on each UTC day (weekdays
// busier than weekends, a little noise) and fast `YYYY-MM-DDTHH:mm:ss` formatting.

import type { Random } from "./random.js";

export const DAY_MS = 86_400_000;
export const DAY_SECONDS = 86_400;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));

export class Calendar {
  readonly startMs: number;
  readonly days: number;
  private readonly prefixes: string[];

  constructor(start: string, days: number) {
    this.startMs = Date.parse(`${start}T00:00:00Z`);
    this.days = days;
    this.prefixes = Array.from({ length: days }, (_, d) => new Date(this.startMs + d * DAY_MS).toISOString().slice(0, 11));
  }

  /** `YYYY-MM-DDTHH:mm:ss` of second `second` (0..86399) of day `day`. */
  timestamp(day: number, second: number): string {
    const hours = (second / 3600) | 0;
    const minutes = ((second % 3600) / 60) | 0;
    return `${this.prefixes[day]}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[second % 60]}`;
  }

  /** 0 = Sunday. */
  weekday(day: number): number {
    return new Date(this.startMs + day * DAY_MS).getUTCDay();
  }
}

/** Splits `total` events over the days, exactly (largest remainder). */
export function eventsPerDay(rng: Random, total: number, calendar: Calendar): number[] {
  const weights = Array.from({ length: calendar.days }, (_, day) => {
    const weekday = calendar.weekday(day);
    const base = weekday === 0 ? 0.55 : weekday === 6 ? 0.6 : 1;
    return base * (0.85 + 0.3 * rng.next());
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let missing = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, day) => ({ day, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.day - b.day);
  for (let i = 0; missing > 0; i++, missing--) counts[byRemainder[i % byRemainder.length].day]++;
  return counts;
}

/** Relative traffic per UTC hour: a worldwide audience, busiest in European/American daytime. */
export const HOUR_WEIGHTS = [2, 1.6, 1.3, 1.1, 1.1, 1.3, 1.8, 2.5, 3.2, 3.8, 4, 4, 3.9, 3.9, 4.1, 4.1, 3.9, 3.5, 3.1, 2.9, 2.7, 2.5, 2.3, 2.1];
