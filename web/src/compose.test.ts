import { describe, expect, it } from 'vitest';
import { groupByText, postBody, segments, targetIndex, untouchedFields } from './compose';
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

describe('postBody', () => {
  const state = { brandId: 'brand_1', text: 'Base', channelIds: ['c1', 'c2'], overrides: { c2: 'Variant', c1: '  ' }, mediaIds: ['m1'] };
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
    const body = postBody({ ...state, untouched }, { kind: 'draft' });
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
