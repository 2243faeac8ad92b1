import { describe, expect, it } from 'vitest';
import { firstLink, richSegments } from './rich_text';

const kinds = (text: string) => richSegments(text).filter((s) => s.kind !== 'text').map((s) => [s.kind, s.text]);

describe('richSegments', () => {
  it('sets apart links, mentions and tags, and keeps every character', () => {
    const text = 'New menu by @chef.bsky.social and @ana@mastodon.social #winter #café: https://cafe.example/menu.';
    expect(kinds(text)).toEqual([
      ['mention', '@chef.bsky.social'],
      ['mention', '@ana@mastodon.social'],
      ['tag', '#winter'],
      ['tag', '#café'],
      ['link', 'https://cafe.example/menu'],
    ]);
    expect(richSegments(text).map((s) => s.text).join('')).toBe(text);
  });
  it('leaves e-mail addresses, numbers after # and anchors inside links alone', () => {
    expect(kinds('mail ana@cafe.example about #1 and https://cafe.example/#menu')).toEqual([['link', 'https://cafe.example/#menu']]);
  });
  it('keeps a closing bracket that belongs to the link, not one that closes the sentence', () => {
    expect(kinds('(see https://en.wikipedia.org/wiki/Foo_(bar))')).toEqual([['link', 'https://en.wikipedia.org/wiki/Foo_(bar)']]);
    expect(kinds('(see https://cafe.example/a)')).toEqual([['link', 'https://cafe.example/a']]);
  });
  it('finds the first link, the one a card is made of', () => {
    expect(firstLink('Read https://a.example/x then https://b.example')).toBe('https://a.example/x');
    expect(firstLink('No link here')).toBeNull();
  });
});
