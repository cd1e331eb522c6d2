// Day windows for bounded memory: consecutive days packed greedily so that no window
// holds more counted events than the budget allows (a day is never split: its distinct
// sets must be complete in one window; a single day over the budget gets a window of
// its own).

import type { SourceDayRange } from "../sources/event-source.js";

export function planWindows(range: SourceDayRange, eventsPerDay: ReadonlyMap<number, number>, maxEventsPerWindow: number): SourceDayRange[] {
  const windows: SourceDayRange[] = [];
  let start = range.startDay;
  let events = 0;
  for (let day = range.startDay; day <= range.endDay; day++) {
    const dayEvents = eventsPerDay.get(day) ?? 0;
    if (day > start && events + dayEvents > maxEventsPerWindow) {
      windows.push({ startDay: start, endDay: day - 1 });
      start = day;
      events = 0;
    }
    events += dayEvents;
  }
  windows.push({ startDay: start, endDay: range.endDay });
  return windows;
}
