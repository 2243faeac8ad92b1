import { describe, expect, it } from 'vitest';
import { composeReducer, errorAt, groupByText, isDirty, placeError, postBody, segments, stateOf, targetIndex, untouchedFields, type ComposeAction, type ComposeState, noRepeat, recurrenceRule, describeRepeat, repeatOfRule } from './compose';
import type { Post } from './types';
import type { Problem } from './types';

const problem = (start: number, end: number, code = 'too_long'): Problem => ({ code, message: code, severity: 'error', range: { start, end } });

describe('segments', () => {
  it('flags the range and keeps the rest plain', () => {
    const parts = segments('hello world', [problem(6, 11)]);
    expect(parts.map((p) => [p.text, !!p.problem])).toEqual([
      ['hello ', false],
      ['world', true],
    ]);
  });
  it('merges overlapping ranges and clamps ranges past the end', () => {
    const parts = segments('abcdef', [problem(1, 4), problem(3, 99)]);
    expect(parts.map((p) => p.text)).toEqual(['a', 'bcd', 'ef']);
    expect(parts.map((p) => p.text).join('')).toBe('abcdef');
  });
  it('ignores problems without a range and empty texts still give one segment', () => {
    expect(segments('', [{ code: 'empty', message: 'empty', severity: 'error' }])).toEqual([{ text: '', problem: null }]);
  });
  it('counts in UTF-16 units like the API', () => {
    const text = '😀 abc';
    const parts = segments(text, [problem(3, 6)]);
    expect(parts[1].text).toBe('abc');
  });
});

describe('targetIndex', () => {
  it('reads the target of an API error field', () => {
    expect(targetIndex('targets[2].text')).toBe(2);
    expect(targetIndex('targets[0].thread[1]')).toBe(0);
    expect(targetIndex('text')).toBeNull();
    expect(targetIndex(undefined)).toBeNull();
  });
});

describe('groupByText', () => {
  it('checks channels with the same text together', () => {
    const overrides: Record<string, string> = { b: 'short' };
    const groups = groupByText(['a', 'b', 'c'], (id) => overrides[id] || 'base');
    expect([...groups.entries()]).toEqual([
      ['base', ['a', 'c']],
      ['short', ['b']],
    ]);
  });
});

const empty: ComposeState = {
  text: '', title: '', link: '', channelIds: [], overrides: {}, options: {}, firstComments: {}, ownMedia: {}, mediaIds: [], date: '', time: '',
  repeat: noRepeat,
};

describe('postBody', () => {
  const state: ComposeState = {
    ...empty, text: 'Base', channelIds: ['c1', 'c2'], overrides: { c2: 'Variant', c1: '  ' }, mediaIds: ['m1'],
  };
  it('names the brand of a new post, and none when an existing post is edited (a post never changes brand)', () => {
    expect(postBody(state, { kind: 'draft' }, { brandId: 'brand_1' }).brand_id).toBe('brand_1');
    expect('brand_id' in postBody(state, { kind: 'draft' }, {})).toBe(false);
  });
  it('sends an override only where one was written', () => {
    const body = postBody(state, { kind: 'at', wall: '2026-12-01T09:00' });
    expect(body.targets).toEqual([{ channel_id: 'c1' }, { channel_id: 'c2', text: 'Variant' }]);
    expect(body.scheduled_at).toBe('2026-12-01T09:00');
    expect(body.media_ids).toEqual(['m1']);
  });
  it('sends the network options chosen per channel, and a title and link only when written', () => {
    const body = postBody({ ...state, title: ' ', link: ' https://cafe.example/soup ', options: { c2: { board_id: '549' }, c1: {} } }, { kind: 'now' });
    expect(body.targets).toEqual([{ channel_id: 'c1' }, { channel_id: 'c2', text: 'Variant', options: { board_id: '549' } }]);
    expect(body.title).toBeNull();
    expect(body.link).toBe('https://cafe.example/soup');
  });
  it('sends back what a target carries that the composer does not edit', () => {
    const target = {
      id: 't1', channel_id: 'c1', network: 'x', text: null, status: 'draft' as const, scheduled_at: null, queued: false, attempts: 0,
      remote_id: null, remote_url: null, published_at: null, error: null,
      first_comment: 'Recipe in the replies', title: null, link: null, thread: [],
      media: [{ media_id: 'm2', kind: 'image', mime: 'image/jpeg', width: 640, height: 480, alt_text: 'Our café at dawn', url: '/m2' }],
    };
    const untouched = { c1: untouchedFields(target) };
    expect(untouched.c1).toEqual({ thread: [] });
    const body = postBody(state, { kind: 'draft' }, { untouched });
    expect(body.targets).toEqual([{ channel_id: 'c1', thread: [] }, { channel_id: 'c2', text: 'Variant' }]);
  });
  it('sends a first comment per channel where one is written, and none where it was emptied', () => {
    const body = postBody({ ...state, firstComments: { c1: 'Recipe in the replies', c2: '  ' } }, { kind: 'draft' });
    expect(body.targets).toEqual([
      { channel_id: 'c1', first_comment: 'Recipe in the replies' },
      { channel_id: 'c2', text: 'Variant' },
    ]);
  });
  it("sends a channel's own media with the alt texts written for it, none for an empty list, the post's when absent", () => {
    const body = postBody({ ...state, ownMedia: { c1: [{ media_id: 'm2', alt_text: 'Square crop of the soup' }, { media_id: 'm3', alt_text: ' ' }], c2: [] } },
      { kind: 'draft' });
    expect(body.targets).toEqual([
      { channel_id: 'c1', media: [{ media_id: 'm2', alt_text: 'Square crop of the soup' }, { media_id: 'm3' }] },
      { channel_id: 'c2', text: 'Variant', media: [] },
    ]);
    expect(body.media_ids).toEqual(['m1']);
    expect((postBody(state, { kind: 'draft' }).targets as Record<string, unknown>[]).every((t) => !('media' in t))).toBe(true);
  });
  it('says how to publish', () => {
    expect(postBody(state, { kind: 'queue' }).queue).toBe(true);
    expect(postBody(state, { kind: 'now' }).publish_now).toBe(true);
    expect(postBody(state, { kind: 'draft' }).scheduled_at).toBeNull();
  });
});

const loadedPost: Post = {
  id: 'post_1', brand_id: 'brand_1', text: 'Soup of the day', title: null, link: null, scheduled_at: '2026-12-01T08:00:00Z', time_zone: 'Europe/Berlin',
  media: [{ media_id: 'm1', kind: 'image', mime: 'image/png', width: 10, height: 10, alt_text: 'Soup', url: '/m1' }],
  targets: [
    { id: 't1', channel_id: 'c1', network: 'x', text: 'Soup!', options: {}, first_comment: null, title: null, link: null, thread: null, media: null,
      status: 'scheduled', scheduled_at: '2026-12-01T08:00:00Z', queued: false, attempts: 0, remote_id: null, remote_url: null, published_at: null, error: null },
    { id: 't2', channel_id: 'c2', network: 'pinterest', text: null, options: { board_id: '549' }, first_comment: 'Recipe below', title: null, link: null,
      thread: null, media: [{ media_id: 'm2', kind: 'image', mime: 'image/png', width: 10, height: 10, alt_text: 'Bowl', url: '/m2' }],
      status: 'scheduled', scheduled_at: '2026-12-01T08:00:00Z', queued: false, attempts: 0, remote_id: null, remote_url: null, published_at: null, error: null },
  ],
};

describe('stateOf', () => {
  it('loads a post as the composer edits it, at its wall time in the brand zone', () => {
    const state = stateOf(loadedPost, { channelIds: ['c1', 'c2', 'c3'], timeZone: 'Europe/Berlin' });
    expect(state).toEqual({
      ...empty, text: 'Soup of the day', channelIds: ['c1', 'c2'], overrides: { c1: 'Soup!' }, options: { c2: { board_id: '549' } },
      firstComments: { c2: 'Recipe below' }, ownMedia: { c2: [{ media_id: 'm2', alt_text: 'Bowl' }] }, mediaIds: ['m1'], date: '2026-12-01', time: '09:00',
    });
  });
  it('starts a new post with the only channel chosen, at 09:00 on a day clicked', () => {
    expect(stateOf(null, { channelIds: ['c1'], timeZone: 'UTC', day: '2026-12-24' })).toEqual({ ...empty, channelIds: ['c1'], date: '2026-12-24', time: '09:00' });
    expect(stateOf(null, { channelIds: ['c1', 'c2'], timeZone: 'UTC' }).channelIds).toEqual([]);
  });
});

describe('isDirty', () => {
  const loaded = stateOf(loadedPost, { channelIds: [], timeZone: 'Europe/Berlin' });
  it('is clean as loaded, and after changes that save the same post', () => {
    expect(isDirty(loaded, loaded)).toBe(false);
    let state = composeReducer(loaded, { type: 'text', channelId: 'c2', value: '  ' }); // a blank override is none
    state = composeReducer(state, { type: 'toggleChannel', channelId: 'c1' });
    state = composeReducer(state, { type: 'toggleChannel', channelId: 'c1' }); // back, now last in the list
    state = composeReducer(state, { type: 'firstComment', channelId: 'c1', value: '' });
    expect(isDirty(state, loaded)).toBe(false);
  });
  it('is dirty after any change that would be saved', () => {
    const changes = [
      { type: 'text', channelId: null, value: 'Soup of the week' },
      { type: 'useBaseText', channelId: 'c1' },
      { type: 'options', channelId: 'c2', value: { board_id: '550' } },
      { type: 'ownMedia', channelId: 'c2', value: null },
      { type: 'media', mediaIds: [] },
      { type: 'field', field: 'time', value: '10:00' },
      { type: 'toggleChannel', channelId: 'c3' },
    ] satisfies ComposeAction[];
    for (const change of changes) expect(isDirty(composeReducer(loaded, change), loaded), change.type).toBe(true);
  });
});

describe('placeError', () => {
  const ids = ['c1', 'c2'];
  const place = (field: string | undefined) => placeError({ field, message: 'm' }, ids);
  it("puts a channel's error on its tab, next to the part it names", () => {
    expect(place('targets[1].text')).toEqual({ tab: 'c2', slot: 'text', message: 'm' });
    expect(place('targets[1].first_comment').slot).toBe('first_comment');
    expect(place('targets[0].media[2].alt_text')).toEqual({ tab: 'c1', slot: 'media', message: 'm' });
    expect(place('targets[1].options.board_id')).toEqual({ tab: 'c2', slot: 'options', message: 'm' });
    expect(place('targets[0].channel_id')).toEqual({ tab: null, slot: 'channels', message: 'm' });
  });
  it('puts the post\'s own fields on the tab of all channels, and time errors at the time', () => {
    expect(place('text')).toEqual({ tab: 'base', slot: 'text', message: 'm' });
    expect(place('link').slot).toBe('link');
    expect(place('media_ids[0]')).toEqual({ tab: 'base', slot: 'media', message: 'm' });
    expect(place('scheduled_at')).toEqual({ tab: null, slot: 'when', message: 'm' });
    expect(place('queue').slot).toBe('when');
    expect(place('targets').slot).toBe('channels');
    expect(place(undefined)).toEqual({ tab: null, slot: 'form', message: 'm' });
    expect(place('brand_id').slot).toBe('form');
  });
  it('shows a message only at its slot on its tab; a form error shows everywhere', () => {
    const onC2 = place('targets[1].text');
    expect(errorAt(onC2, 'c2', 'text')).toBe('m');
    expect(errorAt(onC2, 'c1', 'text')).toBeNull();
    expect(errorAt(onC2, 'c2', 'first_comment')).toBeNull();
    expect(errorAt(place(undefined), 'c1', 'form')).toBe('m');
    expect(errorAt(null, 'base', 'text')).toBeNull();
  });
});

describe('recurrenceRule', () => {
  const repeat = (every: 'day' | 'week' | 'month', ends: 'never' | 'on' | 'after' = 'never', until = '', count = '10') => ({ every, ends, until, count });
  it('repeats from the first date: weekly on its weekday, monthly on its day', () => {
    // 2026-12-07 is a Monday.
    expect(recurrenceRule(repeat('day'), '2026-12-07')).toBe('FREQ=DAILY');
    expect(recurrenceRule(repeat('week'), '2026-12-07')).toBe('FREQ=WEEKLY;BYDAY=MO');
    expect(recurrenceRule(repeat('month'), '2026-12-31')).toBe('FREQ=MONTHLY;BYMONTHDAY=31');
  });
  it('ends on a day (through its last minute) or after a number of times', () => {
    expect(recurrenceRule(repeat('week', 'on', '2027-01-31'), '2026-12-07')).toBe('FREQ=WEEKLY;BYDAY=MO;UNTIL=20270131T235959');
    expect(recurrenceRule(repeat('day', 'after', '', '5'), '2026-12-07')).toBe('FREQ=DAILY;COUNT=5');
    expect(recurrenceRule(repeat('day', 'after', '', '0'), '2026-12-07')).toBeNull();
    expect(recurrenceRule(noRepeat, '2026-12-07')).toBeNull();
    expect(recurrenceRule(repeat('week'), '')).toBeNull();
  });
  it('is sent with a new scheduled post only', () => {
    const state = { ...empty, text: 'Soup', channelIds: ['c1'], date: '2026-12-07', time: '09:00', repeat: repeat('week') };
    expect(postBody(state, { kind: 'at', wall: '2026-12-07T09:00' }, { brandId: 'b' }).recurrence).toBe('FREQ=WEEKLY;BYDAY=MO');
    expect(postBody(state, { kind: 'at', wall: '2026-12-07T09:00' }, {}).recurrence).toBeUndefined();
    expect(postBody(state, { kind: 'queue' }, { brandId: 'b' }).recurrence).toBeUndefined();
  });
  it('is said in words', () => {
    expect(describeRepeat(repeat('week', 'after', '', '4'), '2026-12-07', '09:00', 'en-GB')).toBe('Every Monday at 09:00, 4 times');
    expect(describeRepeat(noRepeat, '2026-12-07', '09:00', 'en-GB')).toBe('Does not repeat');
  });
});

describe('repeatOfRule', () => {
  it("reads back the rules the composer makes, and not others", () => {
    const weekly = { every: 'week', ends: 'after', until: '', count: '3' } as const;
    expect(repeatOfRule(recurrenceRule(weekly, '2026-12-08')!)).toEqual(weekly);
    expect(repeatOfRule('FREQ=MONTHLY;BYMONTHDAY=31;UNTIL=20270630T235959')).toEqual({ every: 'month', ends: 'on', until: '2027-06-30', count: '10' });
    expect(repeatOfRule('FREQ=MONTHLY;BYDAY=1MO')).toBeNull();
    expect(repeatOfRule('FREQ=YEARLY')).toBeNull();
  });
});
