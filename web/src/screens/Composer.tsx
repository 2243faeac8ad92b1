// One base text, a tab per chosen channel with its own override, live checks from the
// networks' rules (underlined where they apply), a preview per network, and the ways to
// send it: a date and time in the brand's zone, the queue, now, or a draft. The state is
// one ComposeState (compose.ts); this screen loads it, checks it and sends it.
import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { api, query } from '../api';
import { blocking, composeReducer, groupByText, isDirty, placeError, postBody, stateOf, untouchedFields, type PlacedError, type When } from '../compose';
import { ChannelTabs } from '../components/composer/ChannelTabs';
import { TargetPanel } from '../components/composer/TargetPanel';
import { WhenPanel } from '../components/composer/WhenPanel';
import { MediaPicker } from '../components/MediaPicker';
import { Preview } from '../components/Preview';
import { Loading, NetworkBadge, asApiError, notify, useLoad } from '../components/ui';
import { look } from '../networks';
import { guardLeaving, location, navigate } from '../router';
import { brand, brands, canPublish, pickBrand, session } from '../session';
import type { Channel, Check, Media, Post, Problem } from '../types';

interface Loaded {
  channels: Channel[];
  post: Post | null;
  editing: boolean;
  files: Media[];
}

export function Composer() {
  const b = brand.value!;
  const params = location.value.query;
  const postId = params.get('post') ?? params.get('from');
  const state = useLoad<Loaded | null>(async () => {
    const post = postId ? await api<Post>('GET', `/posts/${postId}`) : null;
    // A post is edited in its own brand, whichever brand was chosen: the switcher follows
    // it, and the screen is made again for that brand (null until then).
    if (post && post.brand_id !== b.id && brands.value.some((x) => x.id === post.brand_id)) {
      pickBrand(post.brand_id);
      return null;
    }
    const channels = (await api<{ items: Channel[] }>('GET', '/channels' + query({ brand_id: b.id, limit: '200' }))).items;
    // The files the post and its channels show, with the facts the checks need.
    const ids = [...new Set([...(post?.media ?? []), ...(post?.targets ?? []).flatMap((t) => t.media ?? [])].map((m) => m.media_id))];
    const files = await Promise.all(ids.map((id) => api<Media>('GET', `/media/${id}`)));
    return { channels, post, editing: !!params.get('post'), files };
  }, [b.id, postId]);
  return (
    <section>
      <Loading state={state}>{(loaded) => (loaded ? <Editor loaded={loaded} /> : <p class="muted" aria-busy="true">Loading…</p>)}</Loading>
    </section>
  );
}

const mediaFacts = (files: Media[]) =>
  files.map((m) => ({ kind: m.kind, size_bytes: m.size_bytes, width: m.width, height: m.height, duration_seconds: m.duration_seconds, alt_text: m.alt_text }));

function Editor({ loaded }: { loaded: Loaded }) {
  const b = brand.value!;
  const { channels, post, editing } = loaded;
  const start = useMemo(
    () => stateOf(post, { channelIds: channels.map((c) => c.id), timeZone: b.time_zone, day: location.value.query.get('date') }),
    [],
  );
  // What a target carries that the composer does not edit goes back as it came.
  const untouched = useMemo(() => Object.fromEntries((post?.targets ?? []).map((t) => [t.channel_id, untouchedFields(t)])), []);
  const [state, dispatch] = useReducer(composeReducer, start);
  const [known, setKnown] = useState<Record<string, Media>>(Object.fromEntries(loaded.files.map((f) => [f.id, f])));
  const [tab, setTab] = useState<string>('base');
  const [checks, setChecks] = useState<Record<string, Check>>({});
  const [error, setError] = useState<PlacedError | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempted, setAttempted] = useState(false);
  // undefined: closed; null: the media of all channels; an id: that channel's own media.
  const [pickFor, setPickFor] = useState<string | null | undefined>(undefined);

  const dirty = isDirty(state, start);
  // A channel unticked while its tab is shown: back to the text of all channels.
  useEffect(() => {
    if (tab !== 'base' && !state.channelIds.includes(tab)) setTab('base');
  }, [state.channelIds, tab]);
  const saved = useRef(false);
  useEffect(() => {
    guardLeaving(() => (dirty && !saved.current ? 'This post has unsaved changes. Leave without saving?' : null));
    return () => guardLeaving(null);
  }, [dirty]);

  const textOf = (id: string) => (state.overrides[id]?.trim() ? state.overrides[id] : state.text);
  const postMedia = state.mediaIds.map((id) => known[id]).filter((m): m is Media => !!m);
  // What a channel shows: its own files with its alt texts, else the post's.
  const mediaOf = (id: string): Media[] =>
    state.ownMedia[id]
      ? state.ownMedia[id].filter((m) => known[m.media_id]).map((m) => ({ ...known[m.media_id], alt_text: m.alt_text?.trim() ? m.alt_text : known[m.media_id].alt_text }))
      : postMedia;
  const selected = channels.filter((c) => state.channelIds.includes(c.id));

  // Checks as the user types, debounced: one request per distinct text and media.
  useEffect(() => {
    if (selected.length === 0) return setChecks({});
    const timer = window.setTimeout(async () => {
      try {
        const results: Record<string, Check> = {};
        for (const [, ids] of groupByText(state.channelIds, (id) => JSON.stringify([textOf(id), state.ownMedia[id] ?? null]))) {
          const answer = await api<{ checks: Check[] }>('POST', '/check', { text: textOf(ids[0]), channel_ids: ids, media: mediaFacts(mediaOf(ids[0])) });
          for (const check of answer.checks) if (check.channel_id) results[check.channel_id] = check;
        }
        setChecks(results);
      } catch {
        // checking is advice; the server checks again when the post is saved
      }
    }, 300);
    return () => window.clearTimeout(timer);
  }, [state.text, state.overrides, state.channelIds, state.ownMedia, postMedia.map((m) => m.id + m.alt_text).join()]);

  // Problems show once there is something to judge: a loaded post, anything written or
  // chosen, or a try to send. An empty composer is not a mistake.
  const written = state.text.trim() !== '' || Object.values(state.overrides).some((t) => t.trim()) || state.mediaIds.length > 0;
  const showChecks = !!post || written || attempted;
  const visibleChecks = showChecks ? checks : {};
  const blocked = showChecks && blocking(Object.values(checks));
  const activeChannel = tab === 'base' ? null : channels.find((c) => c.id === tab) ?? null;
  const usesBase = (id: string) => !state.overrides[id]?.trim();
  const underlined: Problem[] = activeChannel
    ? usesBase(activeChannel.id) ? [] : visibleChecks[activeChannel.id]?.problems ?? []
    : state.channelIds.filter(usesBase).flatMap((id) => visibleChecks[id]?.problems ?? []);
  const listed: Problem[] = activeChannel
    ? visibleChecks[activeChannel.id]?.problems ?? []
    : state.channelIds.filter(usesBase).flatMap((id) =>
        (visibleChecks[id]?.problems ?? []).map((p) => ({ ...p, message: `${look(visibleChecks[id].network).name}: ${p.message}` })));

  const send = async (when: When) => {
    setAttempted(true);
    if (when.kind !== 'draft' && blocking(Object.values(checks))) {
      // Show where: the first channel whose check fails.
      const first = state.channelIds.find((id) => checks[id] && !checks[id].valid);
      if (first) setTab(usesBase(first) ? 'base' : first);
      return;
    }
    setBusy(true);
    setError(null);
    const body = postBody(state, when, { brandId: editing ? undefined : b.id, untouched });
    try {
      const result = editing ? await api<Post>('PATCH', `/posts/${post!.id}`, body) : await api<Post>('POST', '/posts', body);
      saved.current = true;
      guardLeaving(null);
      notify(when.kind === 'draft' ? 'Draft saved' : when.kind === 'now' ? 'Publishing now' : when.kind === 'queue' ? 'Added to the queue' : 'Scheduled');
      navigate(`/posts/${result.id}`, { force: true });
    } catch (failure) {
      const placed = placeError(asApiError(failure), state.channelIds);
      setError(placed);
      if (placed.tab) setTab(placed.tab);
      setBusy(false);
    }
  };

  const channelsError = error?.slot === 'channels' ? error.message : null;
  return (
    <div class="composer">
      <div class="compose-main">
        <h1>{editing ? 'Edit post' : 'Compose'}</h1>
        <fieldset class={'channel-picker' + (channelsError ? ' invalid' : '')}>
          <legend>Channels</legend>
          {channels.length === 0 && (
            <p class="muted">
              This brand has no channels. <a href="/channels">Connect one</a>.
            </p>
          )}
          {channels.map((c) => (
            <label key={c.id} class={'chip' + (state.channelIds.includes(c.id) ? ' on' : '')}>
              <input type="checkbox" checked={state.channelIds.includes(c.id)} onChange={() => dispatch({ type: 'toggleChannel', channelId: c.id })} />
              <NetworkBadge network={c.network} small /> {c.display_name || c.handle}
              {c.paused_at && <span class="pill status-paused small">paused</span>}
            </label>
          ))}
          {selected.some((c) => c.paused_at) && (
            <p class="muted small">
              Publishing to {selected.filter((c) => c.paused_at).map((c) => c.display_name || c.handle).join(', ')} is paused: the post
              waits there until someone resumes it (<a href="/channels">Channels</a>).
            </p>
          )}
          {channelsError && (
            <p class="field-error" role="alert">
              {channelsError}
            </p>
          )}
        </fieldset>

        <ChannelTabs channels={channels} channelIds={state.channelIds} overrides={state.overrides} checks={checks} showChecks={showChecks}
          tab={tab} onTab={setTab} />
        <TargetPanel key={tab} channel={activeChannel} selected={selected} state={state} dispatch={dispatch} known={known}
          underlined={underlined} listed={listed} error={error} onErrorAnswered={() => setError(null)} onAddMedia={setPickFor} />

        <WhenPanel timeZone={b.time_zone} date={state.date} time={state.time}
          onDate={(date) => dispatch({ type: 'field', field: 'date', value: date })}
          onTime={(time) => dispatch({ type: 'field', field: 'time', value: time })}
          whenError={error?.slot === 'when' ? error.message : null} formError={error?.slot === 'form' ? error.message : null}
          busy={busy} noChannels={state.channelIds.length === 0} blocked={blocked} mayPublish={canPublish.value}
          role={session.value?.role ?? 'viewer'} onSend={send}
          repeat={editing ? null : state.repeat} onRepeat={(value) => dispatch({ type: 'repeat', value })} inSeries={!!post?.series_id && editing} />
      </div>
      <aside class="previews" aria-label="Previews">
        <h2>Preview</h2>
        {selected.length === 0 && <p class="muted">Choose channels to see how the post looks on each.</p>}
        {selected.map((c) => (
          <Preview key={c.id} channel={c} text={textOf(c.id)} media={mediaOf(c.id)} firstComment={state.firstComments[c.id]} />
        ))}
      </aside>
      {pickFor !== undefined && (
        <MediaPicker brandId={b.id} title={pickFor ? `Media on ${look(channels.find((c) => c.id === pickFor)!.network).name}` : 'Add media to the post'}
          selected={pickFor ? (state.ownMedia[pickFor] ?? []).map((m) => m.media_id) : state.mediaIds}
          onClose={() => setPickFor(undefined)}
          onChange={(ids, items) => {
            setKnown({ ...known, ...Object.fromEntries(items.map((m) => [m.id, m])) });
            if (!pickFor) return dispatch({ type: 'media', mediaIds: ids });
            // Alt texts already written for this channel stay with their files.
            const before = state.ownMedia[pickFor] ?? [];
            dispatch({ type: 'ownMedia', channelId: pickFor, value: ids.map((id) => before.find((m) => m.media_id === id) ?? { media_id: id }) });
          }} />
      )}
    </div>
  );
}
