// A channel's queue: its posting slots (a day of the week and a time, in the brand's zone),
// edited as times with the days they apply to, and the coming slots with the queued posts
// that fill them.

export const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof weekdays)[number];

export interface Slot {
  day: Weekday;
  time: string; // "09:00"
}

// One time of day and the days it is a slot on: how a person thinks of a queue.
export interface SlotTime {
  time: string;
  days: Weekday[];
}

export function groupSlots(slots: Slot[]): SlotTime[] {
  const byTime = new Map<string, Set<Weekday>>();
  for (const slot of slots) byTime.set(slot.time, (byTime.get(slot.time) ?? new Set()).add(slot.day));
  return [...byTime.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([time, days]) => ({ time, days: weekdays.filter((d) => days.has(d)) }));
}

export function ungroupSlots(times: SlotTime[]): Slot[] {
  const seen = new Set<string>();
  const out: Slot[] = [];
  for (const { time, days } of times)
    for (const day of days)
      if (/^\d\d:\d\d$/.test(time) && !seen.has(day + time)) {
        seen.add(day + time);
        out.push({ day, time });
      }
  return out;
}

const workdays: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
export const slotPresets: { label: string; times: SlotTime[] }[] = [
  { label: 'Weekdays 09:00, 12:30, 17:00', times: ['09:00', '12:30', '17:00'].map((time) => ({ time, days: [...workdays] })) },
  { label: 'Every day 09:00 and 18:00', times: ['09:00', '18:00'].map((time) => ({ time, days: [...weekdays] })) },
  { label: 'Weekends 10:00', times: [{ time: '10:00', days: ['saturday', 'sunday'] }] },
];

const jsDay: Weekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

// The slots' wall times ("2026-12-08T09:00") from the wall time `from` on, for `days` days.
export function comingSlots(slots: Slot[], from: string, days: number): string[] {
  const start = new Date(from.slice(0, 10) + 'T00:00:00Z');
  const out: string[] = [];
  for (let i = 0; i < days; i++) {
    const day = new Date(start.getTime() + i * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    for (const slot of slots)
      if (slot.day === jsDay[day.getUTCDay()]) {
        const wall = `${date}T${slot.time}`;
        if (wall > from) out.push(wall);
      }
  }
  return out.sort();
}

export interface QueueEntry {
  wall: string;
  postId: string | null; // null: a free slot
  text: string;
}

// The coming slots, each with the queued post that takes it, and queued posts at times no
// slot has any more (after slots changed), in time order.
export function queueTimeline(slots: string[], queued: { wall: string; postId: string; text: string }[]): QueueEntry[] {
  const taken = new Map(queued.map((q) => [q.wall, q]));
  const entries: QueueEntry[] = slots.map((wall) => {
    const post = taken.get(wall);
    return post ? { wall, postId: post.postId, text: post.text } : { wall, postId: null, text: '' };
  });
  for (const q of queued) if (!slots.includes(q.wall)) entries.push({ wall: q.wall, postId: q.postId, text: q.text });
  return entries.sort((a, b) => a.wall.localeCompare(b.wall));
}

// What resuming a paused channel did, in words: nothing goes out in a burst unannounced.
export function resumedMessage(dueNow: number, requeued: number): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts: string[] = [];
  if (dueNow > 0) parts.push(`${plural(dueNow, 'post whose time passed goes', 'posts whose time passed go')} out now`);
  if (requeued > 0) parts.push(`the queue's ${plural(requeued, 'post', 'posts')} moved to the next free slots`);
  return parts.length ? `Publishing resumed: ${parts.join('; ')}.` : 'Publishing resumed.';
}
