// One post: each channel's status and link, the whole history with the networks' own
// messages, and what can be done: retry a failed target, edit, duplicate, delete.
import { useEffect } from 'preact/hooks';
import { api } from '../api';
import { ErrorText, Loading, NetworkBadge, StatusPill, attempt, useLoad } from '../components/ui';
import { look } from '../networks';
import { navigate } from '../router';
import { describeRepeat, repeatOfRule } from '../compose';
import { brandId, brands, canDraft, canPublish, pickBrand } from '../session';
import { formatInZone } from '../time';
import type { Channel, Post } from '../types';

// The server's history details name instants in UTC; the user reads them in the brand's zone.
const instantPattern = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;

export function PostDetail({ id }: { id: string }) {
  const state = useLoad(async () => {
    const post = await api<Post>('GET', `/posts/${id}`);
    const channels = await api<{ items: Channel[] }>('GET', `/channels?brand_id=${post.brand_id}&limit=200`);
    return { post, channels: channels.items };
  }, [id]);
  // The brand switcher follows the post: the calendar, composer and channels it leads to
  // are its brand's.
  const postBrand = state.data?.post.brand_id;
  useEffect(() => {
    if (postBrand && postBrand !== brandId.value && brands.value.some((b) => b.id === postBrand)) pickBrand(postBrand);
  }, [postBrand]);
  // While something is on its way out, look again every few seconds.
  const pending = state.data?.post.targets.some((t) => t.status === 'publishing' || (t.status === 'scheduled' && t.scheduled_at && Date.parse(t.scheduled_at) < Date.now() + 60_000));
  useEffect(() => {
    if (!pending) return;
    const timer = window.setInterval(async () => {
      try {
        const post = await api<Post>('GET', `/posts/${id}`);
        state.set({ ...state.data!, post });
      } catch {
        // the next tick tries again
      }
    }, 2000);
    return () => window.clearInterval(timer);
  }, [pending, id]);

  const act = (method: string, path: string, message: string) =>
    attempt(async () => state.set({ ...state.data!, post: await api<Post>(method, path) }), message);
  const remove = async () => {
    if (!window.confirm('Delete this post? Posts already published stay on the networks.')) return;
    if (await attempt(() => api('DELETE', `/posts/${id}`), 'Post deleted')) navigate('/calendar');
  };

  return (
    <section>
      <Loading state={state}>
        {({ post, channels }) => {
          const zone = post.time_zone;
          const channelOf = (channelId: string) => channels.find((c) => c.id === channelId);
          const targetName = (targetId: string | null) => {
            const target = post.targets.find((t) => t.id === targetId);
            const channel = target && channelOf(target.channel_id);
            return target ? `${look(target.network).name}${channel ? ' · ' + (channel.display_name || channel.handle) : ''}` : 'Post';
          };
          const editable = post.targets.some((t) => t.status === 'draft' || t.status === 'scheduled' || t.status === 'failed');
          return (
            <>
              <div class="row spread">
                <h1>Post</h1>
                {canDraft.value && (
                  <div class="actions">
                    {editable && (
                      <a class="button" href={`/compose?post=${post.id}`}>
                        Edit
                      </a>
                    )}
                    {canPublish.value && post.targets.some((t) => t.status === 'scheduled' || t.status === 'draft') && (
                      <button type="button" onClick={() => act('POST', `/posts/${post.id}/publish-now`, 'Publishing now')}>
                        Publish now
                      </button>
                    )}
                    <a class="button" href={`/compose?from=${post.id}`}>
                      Duplicate
                    </a>
                    <button type="button" class="danger" onClick={remove}>
                      Delete
                    </button>
                  </div>
                )}
              </div>
              <p class="muted">{post.scheduled_at ? `For ${formatInZone(post.scheduled_at, zone)} (${zone})` : 'Draft: not scheduled'}</p>
              {post.series_id && <SeriesNote seriesId={post.series_id} zone={zone} />}
              <blockquote class="post-text">{post.text}</blockquote>
              {post.media.length > 0 && (
                <ul class="attached" aria-label="Media">
                  {post.media.map((m) => (
                    <li key={m.media_id}>
                      {m.kind === 'video' ? <div class="video-thumb">▶ video</div> : <img src={m.url} alt={m.alt_text} />}
                      <span class="small">{m.alt_text || <em>no alt text</em>}</span>
                    </li>
                  ))}
                </ul>
              )}
              <h2>Channels</h2>
              <div class="table-scroll">
              <table class="targets">
                <thead>
                  <tr>
                    <th scope="col">Channel</th>
                    <th scope="col">Status</th>
                    <th scope="col">When</th>
                    <th scope="col">On the network</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {post.targets.map((t) => {
                    const channel = channelOf(t.channel_id);
                    return (
                      <tr key={t.id} data-target={t.id} data-network={t.network}>
                        <td>
                          <NetworkBadge network={t.network} small /> {channel ? channel.display_name || channel.handle : t.channel_id}
                          {t.text && <div class="muted small">Own text: {t.text}</div>}
                          {t.first_comment && <div class="muted small">First comment: {t.first_comment}</div>}
                          {t.media && (
                            <div class="muted small">
                              Own media: {t.media.length === 0 ? 'none' : t.media.map((m) => m.alt_text || 'no alt text').join(', ')}
                            </div>
                          )}
                        </td>
                        <td>
                          <StatusPill status={t.status} />
                          {t.status === 'scheduled' && channel?.paused_at && (
                            <div class="muted small">
                              Publishing to this channel is paused: it waits until someone resumes it (<a href="/channels">Channels</a>).
                            </div>
                          )}
                          {t.error && (
                            <div class="field-error small">
                              <ErrorText message={t.error.message} code={t.error.http_status ? `HTTP ${t.error.http_status}, ${t.error.code}` : t.error.code} />
                            </div>
                          )}
                        </td>
                        <td>{t.published_at ? formatInZone(t.published_at, zone) : t.scheduled_at ? formatInZone(t.scheduled_at, zone) : '—'}</td>
                        <td>
                          {t.remote_url ? (
                            <a href={t.remote_url} target="_blank" rel="noopener noreferrer">
                              View on {look(t.network).name}
                            </a>
                          ) : (
                            '—'
                          )}
                        </td>
                        <td>
                          {canPublish.value && (t.status === 'failed' || t.status === 'cancelled') && (
                            <button type="button" onClick={() => act('POST', `/posts/${post.id}/targets/${t.id}/retry`, 'Retrying now')}>
                              Retry
                            </button>
                          )}
                          {canDraft.value && t.status === 'scheduled' && (
                            <button type="button" class="link" onClick={() => act('POST', `/posts/${post.id}/targets/${t.id}/cancel`, 'Cancelled')}>
                              Cancel
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              </div>
              <h2>History</h2>
              <ol class="history">
                {(post.history ?? []).map((event) => (
                  <li key={event.id} data-kind={event.kind}>
                    <time dateTime={event.at}>{formatInZone(event.at, zone)}</time>
                    <span class="history-target">{targetName(event.target_id)}</span>
                    <StatusPill status={event.status} />
                    <span>{event.detail.replace(instantPattern, (instant) => formatInZone(instant, zone))}</span>
                    {event.http_status && <span class="muted small"> HTTP {event.http_status}</span>}
                  </li>
                ))}
              </ol>
            </>
          );
        }}
      </Loading>
    </section>
  );
}

interface SeriesView {
  id: string;
  recurrence: string;
  starts: string; // the first time, in the brand's zone: "2026-12-07T10:00"
  finished: boolean;
  upcoming: string[];
}

// A post of a recurring series: its rule, the times not yet on the calendar (a series is
// made 35 days ahead), and a way to stop it (its future posts are removed).
function SeriesNote({ seriesId, zone }: { seriesId: string; zone: string }) {
  const series = useLoad(() => api<SeriesView>('GET', `/series/${seriesId}?upcoming=3`), [seriesId]);
  const stop = async () => {
    if (!window.confirm('Stop this series? Every post of it that has not gone out yet is removed, this one too if it is still to come; those already published stay.'))
      return;
    if (await attempt(() => api('DELETE', `/series/${seriesId}`), 'The series is stopped: its coming posts are removed')) navigate('/calendar');
  };
  if (!series.data) return null;
  return (
    <div class="notice series-note">
      <strong>↻ {(() => {
        const repeat = repeatOfRule(series.data.recurrence);
        return repeat ? describeRepeat(repeat, series.data.starts.slice(0, 10), series.data.starts.slice(11, 16)) : 'Repeats';
      })()}</strong>
      {!repeatOfRule(series.data.recurrence) && <code>{series.data.recurrence}</code>}
      {series.data.upcoming.length > 0 ? (
        <span> · then: {series.data.upcoming.map((at) => formatInZone(at, zone)).join('; ')}</span>
      ) : (
        <span> · every time is on the calendar</span>
      )}
      {canPublish.value && (
        <button type="button" class="link danger" onClick={stop}>
          Stop the series
        </button>
      )}
    </div>
  );
}
