// Posts as calendar events: one event per post, at its time in the brand's zone, coloured
// by how its targets stand (the worst first: a failure must catch the eye).
import { floatingDate } from './time';
import type { Post } from './types';

export type PostStatus = 'failed' | 'publishing' | 'scheduled' | 'published' | 'draft' | 'cancelled';

const precedence: PostStatus[] = ['failed', 'publishing', 'scheduled', 'draft', 'published', 'cancelled'];

export function postStatus(post: Post): PostStatus {
  const statuses = new Set(post.targets.map((t) => t.status));
  for (const status of precedence) if (statuses.has(status)) return status;
  return 'draft';
}

export interface CalendarEvent {
  id: string;
  title: string;
  start: Date;
  allDay: false;
  editable: boolean;
  classNames: string[];
  extendedProps: { post: Post; status: PostStatus; networks: string[] };
}

// A month cell's "+N more": stands for the day's posts that are not drawn.
export interface MoreEvent {
  id: string;
  title: string;
  start: Date;
  end: Date;
  allDay: false;
  editable: false;
  classNames: string[];
  extendedProps: { more: { day: string; count: number; failed: number } };
}

export function postEvent(post: Post, timeZone: string): CalendarEvent | null {
  const when = post.scheduled_at ?? post.targets.find((t) => t.scheduled_at)?.scheduled_at;
  if (!when) return null;
  const status = postStatus(post);
  return {
    id: post.id,
    title: post.text.split('\n')[0].slice(0, 80) || '(no text)',
    start: floatingDate(when, timeZone),
    allDay: false,
    // Only what has not gone out can move; the server decides the rest.
    editable: status === 'scheduled' || status === 'draft' || status === 'failed',
    classNames: [`status-${status}`],
    extendedProps: { post, status, networks: [...new Set(post.targets.map((t) => t.network))] },
  };
}

// The month view draws the first `shown` posts of each day and one "+N more" for the rest.
// FullCalendar's own dayMaxEvents lays out every post and then hides the extra ones, which
// costs a forced layout per post: a month of 1,000 posts took most of a second to draw.
export function capPerDay(events: CalendarEvent[], shown: number): (CalendarEvent | MoreEvent)[] {
  const days = new Map<string, CalendarEvent[]>();
  for (const event of [...events].sort((a, b) => a.start.getTime() - b.start.getTime())) {
    const day = event.start.toISOString().slice(0, 10);
    const list = days.get(day);
    if (list) list.push(event);
    else days.set(day, [event]);
  }
  const out: (CalendarEvent | MoreEvent)[] = [];
  for (const [day, list] of days) {
    // A day one over the limit shows all its posts: "+1 more" would take the same room.
    if (list.length <= shown + 1) {
      out.push(...list);
      continue;
    }
    out.push(...list.slice(0, shown));
    const hidden = list.slice(shown);
    const failed = hidden.filter((e) => e.extendedProps.status === 'failed').length;
    out.push({
      id: `more-${day}`,
      title: `+${hidden.length} more` + (failed ? ` (${failed} failed)` : ''),
      // Last in the cell (FullCalendar orders a day's events by start), and ending that day:
      // a timed event without an end lasts an hour and would spill into the next day.
      start: new Date(`${day}T23:58:00.000Z`),
      end: new Date(`${day}T23:59:00.000Z`),
      allDay: false,
      editable: false,
      classNames: ['cal-more', ...(failed ? ['status-failed'] : [])],
      extendedProps: { more: { day, count: hidden.length, failed } },
    });
  }
  return out;
}

// A channel's posting slot, as GET /channels/{id}/slots gives it (in the brand's zone).
export interface QueueSlot {
  day: 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
  time: string; // "09:00"
}

export interface SlotEvent {
  id: string;
  start: Date;
  end: Date;
  display: 'background';
  classNames: string[];
  title: string;
}

const weekdays: QueueSlot['day'][] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

// The queue's slots inside [from, to) (floating dates, as the calendar holds them), drawn
// faintly behind the week: where the queue will put the next posts (none before `now`,
// which can take no post any more). One band per time, however many channels share it.
export function slotEvents(slots: { channel: string; slots: QueueSlot[] }[], from: Date, to: Date, now: Date, minutes = 20): SlotEvent[] {
  const byDayAndTime = new Map<string, string[]>();
  for (const { channel, slots: list } of slots)
    for (const slot of list) {
      const key = `${slot.day} ${slot.time}`;
      byDayAndTime.set(key, [...(byDayAndTime.get(key) ?? []), channel]);
    }
  const out: SlotEvent[] = [];
  for (let day = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); day < to.getTime(); day += 86_400_000) {
    const weekday = weekdays[new Date(day).getUTCDay()];
    for (const [key, channels] of byDayAndTime) {
      const [slotDay, time] = key.split(' ');
      if (slotDay !== weekday) continue;
      const [hour, minute] = time.split(':').map(Number);
      const start = new Date(day + (hour * 60 + minute) * 60_000);
      if (start < now) continue;
      out.push({ id: `slot-${start.toISOString()}`, start, end: new Date(start.getTime() + minutes * 60_000), display: 'background',
        classNames: ['queue-slot'], title: `Queue slot: ${channels.join(', ')}` });
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}
