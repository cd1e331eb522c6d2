// Which items a group task owns. Units of work are days or, for a day holding more than a
// task's share of the events, slices of its items picked by a hash of the item's key
// (GroupConfig.dayUnits); each unit has one owner. So every item has exactly one owner,
// whatever the number of days: an hourly run of today, or a day that dominates, keeps
// every task busy.

import type { GroupConfig } from "../model/group-types.js";
import { hashItem } from "./item-table.js";

export const OWNS = { none: 0, day: 1, slices: 2 } as const;

export class ItemOwners {
  /** By day offset: none of its items, all of them, or some slices (ask ownsItem). */
  readonly days: Uint8Array;
  private readonly dayUnits: Int32Array;
  private readonly unitPartitions: Int32Array;
  private readonly partition: number;

  constructor(config: GroupConfig) {
    const { dayUnits, unitPartitions, partition, dayCount } = config;
    this.dayUnits = dayUnits;
    this.unitPartitions = unitPartitions;
    this.partition = partition;
    this.days = new Uint8Array(dayCount);
    for (let day = 0; day < dayCount; day++) {
      let owned = 0;
      for (let unit = dayUnits[day]; unit < dayUnits[day + 1]; unit++) if (unitPartitions[unit] === partition) owned++;
      const units = dayUnits[day + 1] - dayUnits[day];
      this.days[day] = owned === 0 ? OWNS.none : owned === units ? OWNS.day : OWNS.slices;
    }
  }

  /** Whether this task owns the item (its day being one of `slices`). */
  ownsItem(community: number, day: number, facet: number): boolean {
    const first = this.dayUnits[day];
    const slice = hashItem(community, day, facet, 0) % (this.dayUnits[day + 1] - first);
    return this.unitPartitions[first + slice] === this.partition;
  }
}
