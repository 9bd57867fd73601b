/** Weekdays and month names for the exploration, in UTC so every time zone counts the same days. */
import { daysBetween, MONTH_NAMES } from "../dates.js";

const time = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);

/** ISO weekday, Monday = 1 … Sunday = 7. */
export const isoWeekday = (iso: string): number => ((new Date(time(iso)).getUTCDay() + 6) % 7) + 1;

/** How many of each ISO weekday lie in [from, to] inclusive: index 0 is Monday. */
export function weekdayCounts(from: string, to: string): number[] {
  const counts = [0, 0, 0, 0, 0, 0, 0];
  const days = daysBetween(from, to) + 1;
  const first = isoWeekday(from) - 1;
  for (let k = 0; k < 7; k++) counts[(first + k) % 7] = Math.floor(days / 7) + (k < days % 7 ? 1 : 0);
  return counts;
}

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** `1997-02` → `Feb 1997`. */
export const monthLabel = (month: string): string =>
  `${MONTH_NAMES[Number(month.slice(5, 7)) - 1].slice(0, 3)} ${month.slice(0, 4)}`;
