// How a feed draws a post's text: links, @mentions and #tags set apart from the words.
// A preview's approximation of each network's own detection (the server's rules decide
// what a network counts; this only colours the preview).

export type RichKind = 'text' | 'link' | 'mention' | 'tag';

export interface RichSegment {
  kind: RichKind;
  text: string;
}

// A link runs to the next space, less the punctuation that ends a sentence (and a closing
// bracket that has no opening one inside the link).
const linkPattern = /\bhttps?:\/\/[^\s]+/giu;
// @name, @name.domain (Bluesky) or @name@instance (Mastodon), after a space or the start.
const mentionPattern = /(?<=^|[\s(])@[\p{L}\p{N}_](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_])?(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?/gu;
// #tag with at least one letter, after a space or the start.
const tagPattern = /(?<=^|[\s(])[#＃](?=[\p{L}\p{N}_]*\p{L})[\p{L}\p{N}_]+/gu;

function trimLink(link: string): string {
  let end = link.length;
  for (;;) {
    const last = link[end - 1];
    if ('.,;:!?\'"'.includes(last)) end--;
    else if (last === ')' && (link.slice(0, end).match(/\(/g)?.length ?? 0) < (link.slice(0, end).match(/\)/g)?.length ?? 0)) end--;
    else break;
  }
  return link.slice(0, end);
}

export function richSegments(text: string): RichSegment[] {
  const found: { start: number; end: number; kind: RichKind }[] = [];
  for (const m of text.matchAll(linkPattern)) found.push({ start: m.index!, end: m.index! + trimLink(m[0]).length, kind: 'link' });
  const inLink = (at: number) => found.some((f) => f.kind === 'link' && at >= f.start && at < f.end);
  for (const [pattern, kind] of [[mentionPattern, 'mention'], [tagPattern, 'tag']] as const)
    for (const m of text.matchAll(pattern)) if (!inLink(m.index!)) found.push({ start: m.index!, end: m.index! + m[0].length, kind });
  found.sort((a, b) => a.start - b.start);
  const out: RichSegment[] = [];
  let at = 0;
  for (const f of found) {
    if (f.start < at) continue;
    if (f.start > at) out.push({ kind: 'text', text: text.slice(at, f.start) });
    out.push({ kind: f.kind, text: text.slice(f.start, f.end) });
    at = f.end;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}

// The first link of a text: the one networks make a card of.
export function firstLink(text: string): string | null {
  return richSegments(text).find((s) => s.kind === 'link')?.text ?? null;
}
