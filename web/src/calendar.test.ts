import { describe, expect, it } from 'vitest';
import { dayEvent, postEvent, postStatus, slotEvents } from './calendar';
import { floatingDate, wallOfFloating, wallString, wallTime } from './time';
import type { Post, Target } from './types';

const target = (status: Target['status'], network = 'x'): Target => ({
  id: 't', channel_id: 'c', network, text: null, status, scheduled_at: '2026-03-29T07:30:00.000Z', queued: false, attempts: 0,
  remote_id: null, remote_url: null, published_at: null, error: null,
});
const post = (targets: Target[], scheduled_at: string | null = '2026-03-29T07:30:00.000Z'): Post => ({
  id: 'p1', brand_id: 'b', text: 'Spring sale\nsecond line', title: null, link: null, scheduled_at, time_zone: 'Europe/Berlin', media: [], targets,
});

describe('postStatus', () => {
  it('shows the state that needs attention first', () => {
    expect(postStatus(post([target('published'), target('failed')]))).toBe('failed');
    expect(postStatus(post([target('published'), target('scheduled')]))).toBe('scheduled');
    expect(postStatus(post([target('published')]))).toBe('published');
  });
});

describe('postEvent', () => {
  it('places the post at its wall time in the brand zone, across a DST change', () => {
    // 07:30 UTC on the day Berlin moves to summer time is 09:30 there.
    const event = postEvent(post([target('scheduled'), target('scheduled', 'bluesky')]), 'Europe/Berlin')!;
    expect(wallString(wallOfFloating(event.start))).toBe('2026-03-29T09:30');
    expect(event.title).toBe('Spring sale');
    expect(event.extendedProps.networks).toEqual(['x', 'bluesky']);
    expect(event.editable).toBe(true);
  });
  it('does not let published posts move and skips unscheduled drafts', () => {
    expect(postEvent(post([target('published')]), 'UTC')!.editable).toBe(false);
    expect(postEvent(post([{ ...target('draft'), scheduled_at: null }], null), 'UTC')).toBeNull();
  });
});

describe('wall times', () => {
  it('round-trips a wall time through the floating date', () => {
    const wall = wallTime('2026-11-01T23:15:00Z', 'America/New_York');
    expect(wallString(wall)).toBe('2026-11-01T18:15');
    expect(wallString(wallOfFloating(floatingDate('2026-11-01T23:15:00Z', 'America/New_York')))).toBe('2026-11-01T18:15');
  });
});

describe('dayEvent', () => {
  it("is one all-day event holding the day's posts as the month draws them, and what is not drawn", () => {
    const at = (iso: string): Post => ({ ...post([target('scheduled')], iso), id: iso });
    const day = dayEvent({ date: '2026-12-01', posts: [at('2026-12-01T08:00:00.000Z'), at('2026-12-01T09:30:00.000Z')], hidden: 4, failed: 1 }, 'UTC');
    expect(day.allDay).toBe(true);
    expect(day.editable).toBe(false);
    expect(day.start.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(day.title).toBe('6 posts');
    expect(day.extendedProps.day.posts.map((e) => wallString(wallOfFloating(e.start)))).toEqual(['2026-12-01T08:00', '2026-12-01T09:30']);
    expect(day.extendedProps.day).toMatchObject({ date: '2026-12-01', hidden: 4, failed: 1 });
  });
});

describe('slotEvents', () => {
  it("draws each slot on its weekdays in the range, one band per time whatever the number of channels", () => {
    // 2026-12-07 is a Monday.
    const events = slotEvents(
      [
        { channel: 'luna', slots: [{ day: 'monday', time: '09:00' }, { day: 'wednesday', time: '17:30' }] },
        { channel: '@cafeluna', slots: [{ day: 'monday', time: '09:00' }] },
      ],
      new Date('2026-12-07T00:00:00Z'),
      new Date('2026-12-14T00:00:00Z'),
      new Date('2026-12-07T08:00:00Z'),
    );
    expect(events.map((e) => e.start.toISOString())).toEqual(['2026-12-07T09:00:00.000Z', '2026-12-09T17:30:00.000Z']);
    const later = slotEvents([{ channel: 'luna', slots: [{ day: 'monday', time: '09:00' }] }], new Date('2026-12-07T00:00:00Z'),
      new Date('2026-12-14T00:00:00Z'), new Date('2026-12-07T10:00:00Z'));
    expect(later).toEqual([]);
    expect(events[0].title).toBe('Queue slot: luna, @cafeluna');
    expect(events[0].display).toBe('background');
  });
});
