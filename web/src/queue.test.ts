import { describe, expect, it } from 'vitest';
import { comingSlots, groupSlots, queueTimeline, resumedMessage, slotPresets, ungroupSlots, type Slot } from './queue';

describe('slots as times with their days', () => {
  const slots: Slot[] = [
    { day: 'wednesday', time: '17:00' },
    { day: 'monday', time: '09:00' },
    { day: 'wednesday', time: '09:00' },
  ];
  it('groups by time, days in week order, times in day order', () => {
    expect(groupSlots(slots)).toEqual([
      { time: '09:00', days: ['monday', 'wednesday'] },
      { time: '17:00', days: ['wednesday'] },
    ]);
  });
  it('goes back to the API shape without duplicates or incomplete times', () => {
    expect(ungroupSlots([...groupSlots(slots), { time: '09:00', days: ['monday'] }, { time: '', days: ['friday'] }])).toEqual([
      { day: 'monday', time: '09:00' },
      { day: 'wednesday', time: '09:00' },
      { day: 'wednesday', time: '17:00' },
    ]);
  });
  it('offers presets people use', () => {
    expect(ungroupSlots(slotPresets[0].times)).toHaveLength(15);
  });
});

describe('the coming queue', () => {
  // 2026-12-07 is a Monday.
  const slots: Slot[] = [{ day: 'monday', time: '09:00' }, { day: 'tuesday', time: '12:30' }];
  it('lists the slots after now, day by day', () => {
    expect(comingSlots(slots, '2026-12-07T10:00', 8)).toEqual(['2026-12-08T12:30', '2026-12-14T09:00']);
  });
  it('fills slots with the queued posts, keeps free ones, and shows a post whose slot is gone', () => {
    const timeline = queueTimeline(['2026-12-08T12:30', '2026-12-14T09:00'], [
      { wall: '2026-12-14T09:00', postId: 'p1', text: 'Soup' },
      { wall: '2026-12-10T08:00', postId: 'p2', text: 'Old slot' },
    ]);
    expect(timeline.map((e) => [e.wall, e.postId])).toEqual([
      ['2026-12-08T12:30', null],
      ['2026-12-10T08:00', 'p2'],
      ['2026-12-14T09:00', 'p1'],
    ]);
  });
});

describe('resuming a paused channel', () => {
  it('says what goes out now and what moved, in words', () => {
    expect(resumedMessage(0, 0)).toBe('Publishing resumed.');
    expect(resumedMessage(1, 0)).toBe('Publishing resumed: 1 post whose time passed goes out now.');
    expect(resumedMessage(2, 3)).toBe("Publishing resumed: 2 posts whose time passed go out now; the queue's 3 posts moved to the next free slots.");
    expect(resumedMessage(0, 1)).toBe("Publishing resumed: the queue's 1 post moved to the next free slots.");
  });
});
