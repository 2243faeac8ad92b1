// The composer's rules, kept apart from the screen so that they are unit-tested.
import type { Check, Problem, Target } from './types';

export interface Segment {
  text: string;
  problem: Problem | null;
}

// Cuts the text into plain and flagged pieces for the underline layer. Ranges are UTF-16
// offsets (the API's unit); overlapping ranges merge, out-of-range ones are clamped.
export function segments(text: string, problems: Problem[]): Segment[] {
  const ranged = problems
    .filter((p) => p.range && p.range.end > p.range.start)
    .map((p) => ({ start: Math.max(0, Math.min(text.length, p.range!.start)), end: Math.max(0, Math.min(text.length, p.range!.end)), problem: p }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let at = 0;
  for (const range of ranged) {
    const start = Math.max(range.start, at);
    if (range.end <= at) continue;
    if (start > at) out.push({ text: text.slice(at, start), problem: null });
    out.push({ text: text.slice(start, range.end), problem: range.problem });
    at = range.end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), problem: null });
  return out;
}

// "targets[2].text" → 2: which channel an API error is about.
export function targetIndex(field: string | undefined): number | null {
  const found = field ? /^targets\[(\d+)\]/.exec(field) : null;
  return found ? Number(found[1]) : null;
}

// Channels that send the same text are checked together: one request per distinct text.
export function groupByText(channelIds: string[], textOf: (id: string) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const id of channelIds) {
    const text = textOf(id);
    groups.set(text, [...(groups.get(text) ?? []), id]);
  }
  return groups;
}

// A file a channel shows instead of the post's, with the alt text it has there (empty: the
// library's).
export interface OwnMedia {
  media_id: string;
  alt_text?: string;
}

export type When = { kind: 'draft' } | { kind: 'at'; wall: string } | { kind: 'queue' } | { kind: 'now' };

export interface ComposeState {
  brandId: string;
  text: string;
  title?: string;
  link?: string;
  channelIds: string[];
  overrides: Record<string, string>;
  // Per channel, its network's options (a Pinterest board: {board_id}).
  options?: Record<string, Record<string, unknown>>;
  mediaIds: string[];
  // Per channel, the comment to post under it (empty: none).
  firstComments?: Record<string, string>;
  // Per channel, its own media instead of the post's (absent: the post's; [] none there).
  ownMedia?: Record<string, OwnMedia[]>;
  // Per channel, what its target carries that the composer does not edit (a title, link or
  // thread written through the API): sent back as it came, so that saving here never drops it.
  untouched?: Record<string, Record<string, unknown>>;
}

// The fields of a loaded target the composer does not edit, in the shape the API takes.
export function untouchedFields(target: Target): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  if (target.title != null) kept.title = target.title;
  if (target.link != null) kept.link = target.link;
  if (target.thread != null) kept.thread = target.thread;
  return kept;
}

// The body of POST/PATCH /posts. An empty override means "same as the base text"; an empty
// title or link means none.
export function postBody(state: ComposeState, when: When): Record<string, unknown> {
  const body: Record<string, unknown> = {
    brand_id: state.brandId,
    text: state.text,
    title: state.title?.trim() ? state.title : null,
    link: state.link?.trim() ? state.link.trim() : null,
    targets: state.channelIds.map((id) => {
      const target: Record<string, unknown> = { channel_id: id, ...state.untouched?.[id] };
      if (state.overrides[id]?.trim()) target.text = state.overrides[id];
      if (state.firstComments?.[id]?.trim()) target.first_comment = state.firstComments[id];
      const own = state.ownMedia?.[id];
      if (own) target.media = own.map((m) => (m.alt_text?.trim() ? { media_id: m.media_id, alt_text: m.alt_text } : { media_id: m.media_id }));
      const options = state.options?.[id];
      if (options && Object.keys(options).length > 0) target.options = options;
      return target;
    }),
    media_ids: state.mediaIds,
  };
  if (when.kind === 'at') body.scheduled_at = when.wall;
  else if (when.kind === 'queue') body.queue = true;
  else if (when.kind === 'now') body.publish_now = true;
  else body.scheduled_at = null;
  return body;
}

export function counterText(check: Check, format: (n: number) => string): string {
  return `${format(check.length)} / ${format(check.limit)}`;
}

export function blocking(checks: Check[]): boolean {
  return checks.some((c) => !c.valid);
}
