// The composer's state and rules, kept apart from the screen so that they are unit-tested:
// the state itself (one reducer), what "unsaved" means, the body sent to the API and where
// an API error is shown.
import type { Check, Post, Problem, Target } from './types';
import { dateInput, timeInput, wallTime } from './time';

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

// Everything the user edits in the composer, and nothing else: the screen renders it, the
// reducer changes it, and "unsaved" is a comparison with the state it was loaded as.
export interface ComposeState {
  text: string;
  title: string;
  link: string;
  channelIds: string[];
  // Per channel, its own text (absent or blank: the text of all channels).
  overrides: Record<string, string>;
  // Per channel, its network's options (a Pinterest board: {board_id}).
  options: Record<string, Record<string, unknown>>;
  // Per channel, the comment to post under it (blank: none).
  firstComments: Record<string, string>;
  // Per channel, its own media instead of the post's (absent: the post's; [] none there).
  ownMedia: Record<string, OwnMedia[]>;
  mediaIds: string[];
  // The brand's wall time, as the date and time inputs hold it.
  date: string;
  time: string;
  // A new post can repeat from its date and time (a series); an existing one keeps its rule.
  repeat: Repeat;
}

export interface Repeat {
  every: 'none' | 'day' | 'week' | 'month';
  ends: 'never' | 'on' | 'after';
  until: string; // a date, "2027-01-31", when ends is 'on'
  count: string; // how many times in all, when ends is 'after'
}

export const noRepeat: Repeat = { every: 'none', ends: 'never', until: '', count: '10' };

const weekdayCodes = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

// The RFC 5545 rule the API takes (docs/API.md, recurring posts) for a repeat starting on
// `date`: weekly on that weekday, monthly on that day of the month. Null: no repeat, or
// not yet complete.
export function recurrenceRule(repeat: Repeat, date: string): string | null {
  if (repeat.every === 'none' || !/^\d{4}-\d\d-\d\d$/.test(date)) return null;
  const day = new Date(date + 'T12:00:00Z');
  const parts = [
    repeat.every === 'day' ? 'FREQ=DAILY' : repeat.every === 'week' ? `FREQ=WEEKLY;BYDAY=${weekdayCodes[day.getUTCDay()]}` : `FREQ=MONTHLY;BYMONTHDAY=${day.getUTCDate()}`,
  ];
  if (repeat.ends === 'on') {
    if (!/^\d{4}-\d\d-\d\d$/.test(repeat.until)) return null;
    parts.push(`UNTIL=${repeat.until.replace(/-/g, '')}T235959`);
  } else if (repeat.ends === 'after') {
    const count = Number(repeat.count);
    if (!Number.isInteger(count) || count < 1) return null;
    parts.push(`COUNT=${count}`);
  }
  return parts.join(';');
}

// The repeat a rule made by recurrenceRule() stands for; null for any other rule (one
// written through the API), which is then shown as it is.
export function repeatOfRule(rule: string): Repeat | null {
  const parts = Object.fromEntries(rule.replace(/^RRULE:/, '').split(';').map((p) => p.split('=') as [string, string]));
  const every = parts.FREQ === 'DAILY' ? 'day' : parts.FREQ === 'WEEKLY' ? 'week' : parts.FREQ === 'MONTHLY' ? 'month' : null;
  const known = new Set(['FREQ', 'BYDAY', 'BYMONTHDAY', 'UNTIL', 'COUNT']);
  if (!every || Object.keys(parts).some((k) => !known.has(k)) || (parts.BYDAY && parts.BYDAY.length !== 2)) return null;
  const until = /^(\d{4})(\d\d)(\d\d)/.exec(parts.UNTIL ?? '');
  return {
    every,
    ends: until ? 'on' : parts.COUNT ? 'after' : 'never',
    until: until ? `${until[1]}-${until[2]}-${until[3]}` : '',
    count: parts.COUNT ?? '10',
  };
}

// "Every Monday at 09:00, 10 times" in the viewer's language.
export function describeRepeat(repeat: Repeat, date: string, time: string, locale?: string): string {
  if (repeat.every === 'none' || !date) return 'Does not repeat';
  const day = new Date(date + 'T12:00:00Z');
  const at = time ? ` at ${time}` : '';
  const every =
    repeat.every === 'day'
      ? 'Every day'
      : repeat.every === 'week'
        ? `Every ${day.toLocaleDateString(locale, { weekday: 'long', timeZone: 'UTC' })}`
        : `Every month on day ${day.getUTCDate()}`;
  const end =
    repeat.ends === 'on' && repeat.until
      ? `, until ${new Date(repeat.until + 'T12:00:00Z').toLocaleDateString(locale, { dateStyle: 'medium', timeZone: 'UTC' })}`
      : repeat.ends === 'after'
        ? `, ${repeat.count} times`
        : '';
  return every + at + end;
}

export type ComposeAction =
  | { type: 'text'; channelId: string | null; value: string } // null: the text of all channels
  | { type: 'useBaseText'; channelId: string }
  | { type: 'toggleChannel'; channelId: string }
  | { type: 'options'; channelId: string; value: Record<string, unknown> }
  | { type: 'firstComment'; channelId: string; value: string }
  | { type: 'ownMedia'; channelId: string; value: OwnMedia[] | null } // null: back to the post's
  | { type: 'media'; mediaIds: string[] }
  | { type: 'field'; field: 'title' | 'link' | 'date' | 'time'; value: string }
  | { type: 'when'; date: string; time: string }
  | { type: 'repeat'; value: Partial<Repeat> };

const without = <T>(record: Record<string, T>, key: string): Record<string, T> => {
  const next = { ...record };
  delete next[key];
  return next;
};

export function composeReducer(state: ComposeState, action: ComposeAction): ComposeState {
  switch (action.type) {
    case 'text':
      return action.channelId === null ? { ...state, text: action.value } : { ...state, overrides: { ...state.overrides, [action.channelId]: action.value } };
    case 'useBaseText':
      return { ...state, overrides: without(state.overrides, action.channelId) };
    case 'toggleChannel':
      return state.channelIds.includes(action.channelId)
        ? { ...state, channelIds: state.channelIds.filter((id) => id !== action.channelId) }
        : { ...state, channelIds: [...state.channelIds, action.channelId] };
    case 'options':
      return { ...state, options: { ...state.options, [action.channelId]: action.value } };
    case 'firstComment':
      return { ...state, firstComments: { ...state.firstComments, [action.channelId]: action.value } };
    case 'ownMedia':
      return { ...state, ownMedia: action.value ? { ...state.ownMedia, [action.channelId]: action.value } : without(state.ownMedia, action.channelId) };
    case 'media':
      return { ...state, mediaIds: action.mediaIds };
    case 'field':
      return { ...state, [action.field]: action.value };
    case 'when':
      return { ...state, date: action.date, time: action.time };
    case 'repeat':
      return { ...state, repeat: { ...state.repeat, ...action.value } };
  }
}

// The state a post is edited from (or a new post starts from: null). A new post on a brand
// with one channel has it chosen; a day clicked on the calendar starts at 09:00 that day.
export function stateOf(post: Post | null, options: { channelIds: string[]; timeZone: string; day?: string | null }): ComposeState {
  const targets = post?.targets ?? [];
  const per = <T>(pick: (t: Target) => T | null | undefined, keep: (v: T) => boolean = () => true) =>
    Object.fromEntries(targets.flatMap((t) => {
      const value = pick(t);
      return value != null && keep(value) ? [[t.channel_id, value]] : [];
    })) as Record<string, T>;
  const wall = post?.scheduled_at ? wallTime(post.scheduled_at, options.timeZone) : null;
  return {
    text: post?.text ?? '',
    title: post?.title ?? '',
    link: post?.link ?? '',
    channelIds: post ? targets.map((t) => t.channel_id) : options.channelIds.length === 1 ? [...options.channelIds] : [],
    overrides: per((t) => t.text),
    options: per((t) => t.options, (o) => Object.keys(o).length > 0),
    firstComments: per((t) => t.first_comment),
    ownMedia: per((t) => t.media?.map((m) => ({ media_id: m.media_id, alt_text: m.alt_text }))),
    mediaIds: post?.media.map((m) => m.media_id) ?? [],
    date: wall ? dateInput(wall) : options.day ?? '',
    time: wall ? timeInput(wall) : options.day ? '09:00' : '',
    repeat: noRepeat,
  };
}

// What would be saved: blank texts and empty options count as none, and the order the
// channels were ticked in does not matter.
function canonical(state: ComposeState): unknown {
  const nonBlank = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).filter(([, v]) => v.trim() !== ''));
  return {
    text: state.text,
    title: state.title.trim(),
    link: state.link.trim(),
    channelIds: [...state.channelIds].sort(),
    overrides: nonBlank(state.overrides),
    options: Object.fromEntries(Object.entries(state.options).filter(([, v]) => Object.keys(v).length > 0)),
    firstComments: nonBlank(state.firstComments),
    ownMedia: state.ownMedia,
    mediaIds: state.mediaIds,
    date: state.date,
    time: state.time,
    repeat: state.repeat.every === 'none' ? null : state.repeat,
  };
}

// JSON with object keys sorted, so that equal states compare equal whatever order their
// keys were set in.
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

export function isDirty(state: ComposeState, loaded: ComposeState): boolean {
  return stableJson(canonical(state)) !== stableJson(canonical(loaded));
}

// The fields of a loaded target the composer does not edit, in the shape the API takes.
export function untouchedFields(target: Target): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  if (target.title != null) kept.title = target.title;
  if (target.link != null) kept.link = target.link;
  if (target.thread != null) kept.thread = target.thread;
  return kept;
}

export interface SaveContext {
  // The brand a new post is made in; absent when an existing post is edited, since a post
  // never changes brand (the API refuses a move).
  brandId?: string;
  // Per channel, what its target carries that the composer does not edit (a title, link or
  // thread written through the API): sent back as it came, so that saving here never drops it.
  untouched?: Record<string, Record<string, unknown>>;
}

// The body of POST/PATCH /posts. An empty override means "same as the base text"; an empty
// title or link means none.
export function postBody(state: ComposeState, when: When, context: SaveContext = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {
    text: state.text,
    title: state.title.trim() ? state.title : null,
    link: state.link.trim() ? state.link.trim() : null,
    targets: state.channelIds.map((id) => {
      const target: Record<string, unknown> = { channel_id: id, ...context.untouched?.[id] };
      if (state.overrides[id]?.trim()) target.text = state.overrides[id];
      if (state.firstComments[id]?.trim()) target.first_comment = state.firstComments[id];
      const own = state.ownMedia[id];
      if (own) target.media = own.map((m) => (m.alt_text?.trim() ? { media_id: m.media_id, alt_text: m.alt_text } : { media_id: m.media_id }));
      const options = state.options[id];
      if (options && Object.keys(options).length > 0) target.options = options;
      return target;
    }),
    media_ids: state.mediaIds,
  };
  if (context.brandId) body.brand_id = context.brandId;
  // Only a new post starts a series (the API keeps a series' rule as it was created).
  const rule = context.brandId && when.kind === 'at' ? recurrenceRule(state.repeat, state.date) : null;
  if (rule) body.recurrence = rule;
  if (when.kind === 'at') body.scheduled_at = when.wall;
  else if (when.kind === 'queue') body.queue = true;
  else if (when.kind === 'now') body.publish_now = true;
  else body.scheduled_at = null;
  return body;
}

// Where in the composer an API error is shown: the tab it concerns ('base' for the text of
// all channels, a channel id for a channel's own tab, null for wherever the user is) and
// the part of the form next to which it is written.
export type ErrorSlot = 'text' | 'title' | 'link' | 'first_comment' | 'media' | 'options' | 'channels' | 'when' | 'form';

export interface PlacedError {
  tab: string | null;
  slot: ErrorSlot;
  message: string;
}

export function placeError(error: { field?: string; message: string }, channelIds: string[]): PlacedError {
  const field = error.field ?? '';
  const at = (tab: string | null, slot: ErrorSlot): PlacedError => ({ tab, slot, message: error.message });
  const index = targetIndex(field);
  if (index !== null) {
    const tab = channelIds[index] ?? null;
    const rest = field.replace(/^targets\[\d+\]\.?/, '');
    if (rest === 'text') return at(tab, 'text');
    if (rest === 'first_comment') return at(tab, 'first_comment');
    if (/^media(\[|$)/.test(rest)) return at(tab, 'media');
    if (/^options(\.|$)/.test(rest)) return at(tab, 'options');
    if (rest === '' || rest === 'channel_id') return at(null, 'channels');
    return at(tab, 'form');
  }
  if (field === 'text') return at('base', 'text');
  if (field === 'title' || field === 'link') return at('base', field);
  if (/^media_ids(\[|$)/.test(field)) return at('base', 'media');
  if (field === 'targets') return at(null, 'channels');
  if (field === 'scheduled_at' || field === 'queue' || field === 'publish_now') return at(null, 'when');
  return at(null, 'form');
}

// The message to write at a slot of the tab shown, if the error belongs there.
export function errorAt(placed: PlacedError | null, tab: string, slot: ErrorSlot): string | null {
  if (!placed || placed.slot !== slot) return null;
  return placed.tab === null || placed.tab === tab || slot === 'form' ? placed.message : null;
}

export function counterText(check: Check, format: (n: number) => string): string {
  return `${format(check.length)} / ${format(check.limit)}`;
}

export function blocking(checks: Check[]): boolean {
  return checks.some((c) => !c.valid);
}
