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

// A month cell's posts as one calendar event: the first few drawn as lines, the rest
// counted ("+N more", failures named), which opens that day's list.
export interface DayEvent {
  id: string;
  title: string;
  start: Date;
  allDay: true;
  editable: false;
  interactive: false;
  classNames: string[];
  extendedProps: { day: { date: string; posts: CalendarEvent[]; hidden: number; failed: number } };
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

// A day as GET /calendar/days gives it: its first posts (summaries) and how many more.
export interface CalendarDay {
  date: string; // "2026-12-07", in the brand's zone
  posts: Post[];
  hidden: number;
  failed: number; // of the hidden ones
}

// The month view gets one event per day holding its posts (the server sends each day's first
// few and counts the rest). FullCalendar lays out and measures every event it places, each
// measure a forced layout of the month: one per day instead of one per post is what keeps a
// month of 1,000 posts quick to draw (bench/web_calendar.mjs).
export function dayEvent(day: CalendarDay, timeZone: string): DayEvent {
  const posts = day.posts.map((p) => postEvent(p, timeZone)).filter((e): e is CalendarEvent => e !== null);
  const count = posts.length + day.hidden;
  return {
    id: `day-${day.date}`,
    title: `${count} post${count === 1 ? '' : 's'}`,
    start: new Date(`${day.date}T00:00:00.000Z`),
    allDay: true,
    editable: false,
    // Not a control itself: its posts' links and its "+N more" button are (no nested tab stop).
    interactive: false,
    classNames: ['cal-day'],
    extendedProps: { day: { date: day.date, posts, hidden: day.hidden, failed: day.failed } },
  };
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
