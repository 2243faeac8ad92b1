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
