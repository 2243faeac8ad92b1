// Drafts and ideas beside the calendar: the brand's posts that have no time yet, newest
// first. Each opens in the composer; one who may schedule drags it onto a day.
import { useEffect, useRef } from 'preact/hooks';
import { Draggable } from '@fullcalendar/interaction';
import { all, query } from '../api';
import { look } from '../networks';
import type { Post } from '../types';
import { NetworkBadge, useLoad } from './ui';

export function DraftsPanel({ brandId, version, draggable }: { brandId: string; version: number; draggable: boolean }) {
  const list = useRef<HTMLUListElement>(null);
  const drafts = useLoad(
    () => all<Post>('/posts' + query({ brand_id: brandId, unscheduled: 'true', view: 'summary' })).then((posts) => posts.reverse()),
    [brandId, version],
  );
  useEffect(() => {
    if (!draggable || !list.current) return;
    // Dropping makes no event of its own: the calendar's drop schedules the post and fetches again.
    const drag = new Draggable(list.current, { itemSelector: '.draft-card', eventData: (el) => ({ title: el.dataset.title, create: false }) });
    return () => drag.destroy();
  }, [draggable, !!drafts.data]);
  const items = drafts.data ?? [];
  return (
    <aside class="drafts-panel" aria-labelledby="drafts-title">
      <h2 id="drafts-title">Drafts and ideas</h2>
      <p class="muted small">
        {draggable ? 'Not scheduled yet. Drag one onto a day to schedule it.' : 'Not scheduled yet.'}{' '}
        <a href="/compose">New idea</a>
      </p>
      {drafts.error && <p class="field-error">{drafts.error.message}</p>}
      {drafts.data && items.length === 0 && <p class="muted small">No drafts without a date.</p>}
      <ul class="plain" ref={list}>
        {items.map((post) => (
          <li key={post.id} class="draft-card" data-post={post.id} data-title={post.text.split('\n')[0].slice(0, 80)}>
            <div class="draft-networks">
              {[...new Set(post.targets.map((t) => t.network))].map((n) => (
                <NetworkBadge key={n} network={n} small />
              ))}
            </div>
            <p class="draft-text">{post.text || <em>No text yet</em>}</p>
            <a href={`/compose?post=${post.id}`} aria-label={`Edit draft: ${post.text.slice(0, 40) || 'no text'} (${post.targets.map((t) => look(t.network).name).join(', ')})`}>
              Edit
            </a>
          </li>
        ))}
      </ul>
    </aside>
  );
}
