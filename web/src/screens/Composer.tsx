// One base text, a tab per chosen channel with its own override, live checks from the
// networks' rules (underlined where they apply), a preview per network, and the ways to
// send it: a date and time in the brand's zone, the queue, now, or a draft.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, query } from '../api';
import { blocking, counterText, groupByText, postBody, targetIndex, untouchedFields, type OwnMedia, type When } from '../compose';
import { ChannelMedia } from '../components/ChannelMedia';
import { DestinationPicker } from '../components/DestinationPicker';
import { EmojiPicker } from '../components/EmojiPicker';
import { HighlightedText } from '../components/HighlightedText';
import { MediaPicker } from '../components/MediaPicker';
import { Preview } from '../components/Preview';
import { Field, Loading, NetworkBadge, asApiError, notify, useLoad } from '../components/ui';
import { look } from '../networks';
import { guardLeaving, location, navigate } from '../router';
import { brand } from '../session';
import { dateInput, formatNumber, timeInput, wallTime, zoneLabel } from '../time';
import type { Channel, Check, Media, Post } from '../types';

interface Loaded {
  channels: Channel[];
  post: Post | null;
  editing: boolean;
  media: Media[];
  files: Media[];
}

export function Composer() {
  const b = brand.value!;
  const params = location.value.query;
  const postId = params.get('post') ?? params.get('from');
  const state = useLoad<Loaded>(async () => {
    const channels = (await api<{ items: Channel[] }>('GET', '/channels' + query({ brand_id: b.id, limit: '200' }))).items;
    const post = postId ? await api<Post>('GET', `/posts/${postId}`) : null;
    // The files the post and its channels show, with the facts the checks need.
    const ids = [...new Set([...(post?.media ?? []), ...(post?.targets ?? []).flatMap((t) => t.media ?? [])].map((m) => m.media_id))];
    const files = await Promise.all(ids.map((id) => api<Media>('GET', `/media/${id}`)));
    const media = (post?.media ?? []).map((m) => files.find((f) => f.id === m.media_id)).filter((f): f is Media => !!f);
    return { channels, post, editing: !!params.get('post'), media, files };
  }, [b.id, postId]);
  return (
    <section>
      <Loading state={state}>{(loaded) => <Editor loaded={loaded} />}</Loading>
    </section>
  );
}

function Editor({ loaded }: { loaded: Loaded }) {
  const b = brand.value!;
  const { channels, post, editing } = loaded;
  const initialWall = post?.scheduled_at ? wallTime(post.scheduled_at, b.time_zone) : null;
  const defaultDate = location.value.query.get('date');
  const start = useMemo(
    () => ({
      text: post?.text ?? '',
      channelIds: post ? post.targets.map((t) => t.channel_id) : channels.length === 1 ? [channels[0].id] : [],
      overrides: Object.fromEntries((post?.targets ?? []).filter((t) => t.text).map((t) => [t.channel_id, t.text!])) as Record<string, string>,
      options: Object.fromEntries((post?.targets ?? []).filter((t) => t.options && Object.keys(t.options).length).map((t) => [t.channel_id, t.options!])) as Record<string, Record<string, unknown>>,
      firstComments: Object.fromEntries((post?.targets ?? []).filter((t) => t.first_comment).map((t) => [t.channel_id, t.first_comment!])) as Record<string, string>,
      ownMedia: Object.fromEntries((post?.targets ?? []).filter((t) => t.media != null)
        .map((t) => [t.channel_id, t.media!.map((m) => ({ media_id: m.media_id, alt_text: m.alt_text }))])) as Record<string, OwnMedia[]>,
      title: post?.title ?? '',
      link: post?.link ?? '',
      mediaIds: post?.media.map((m) => m.media_id) ?? [],
      untouched: Object.fromEntries((post?.targets ?? []).map((t) => [t.channel_id, untouchedFields(t)])),
      date: initialWall ? dateInput(initialWall) : defaultDate ?? '',
      time: initialWall ? timeInput(initialWall) : defaultDate ? '09:00' : '',
    }),
    [],
  );
  const [text, setText] = useState(start.text);
  const [channelIds, setChannelIds] = useState<string[]>(start.channelIds);
  const [overrides, setOverrides] = useState<Record<string, string>>(start.overrides);
  const [options, setOptions] = useState<Record<string, Record<string, unknown>>>(start.options);
  const [firstComments, setFirstComments] = useState<Record<string, string>>(start.firstComments);
  const [ownMedia, setOwnMedia] = useState<Record<string, OwnMedia[]>>(start.ownMedia);
  const [known, setKnown] = useState<Record<string, Media>>(Object.fromEntries(loaded.files.map((f) => [f.id, f])));
  const [pickFor, setPickFor] = useState<string | null>(null);  // the channel whose own media the picker chooses
  const [title, setTitle] = useState(start.title);
  const [link, setLink] = useState(start.link);
  const [mediaIds, setMediaIds] = useState<string[]>(start.mediaIds);
  const [media, setMedia] = useState<Media[]>(loaded.media);
  const [date, setDate] = useState(start.date);
  const [time, setTime] = useState(start.time);
  const [tab, setTab] = useState<string>('base');
  const [checks, setChecks] = useState<Record<string, Check>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [picker, setPicker] = useState<'media' | 'emoji' | null>(null);
  const editor = useRef<HTMLTextAreaElement | null>(null);

  const dirty =
    text !== start.text ||
    JSON.stringify(channelIds) !== JSON.stringify(start.channelIds) ||
    JSON.stringify(overrides) !== JSON.stringify(start.overrides) ||
    JSON.stringify(options) !== JSON.stringify(start.options) ||
    JSON.stringify(firstComments) !== JSON.stringify(start.firstComments) ||
    JSON.stringify(ownMedia) !== JSON.stringify(start.ownMedia) ||
    title !== start.title ||
    link !== start.link ||
    JSON.stringify(mediaIds) !== JSON.stringify(start.mediaIds) ||
    date !== start.date ||
    time !== start.time;
  const saved = useRef(false);
  useEffect(() => {
    guardLeaving(() => (dirty && !saved.current ? 'This post has unsaved changes. Leave without saving?' : null));
    return () => guardLeaving(null);
  }, [dirty]);

  const textOf = (id: string) => (overrides[id]?.trim() ? overrides[id] : text);
  // What a channel shows: its own files with its alt texts, else the post's.
  const mediaOf = (id: string): Media[] =>
    ownMedia[id]
      ? ownMedia[id].filter((m) => known[m.media_id]).map((m) => ({ ...known[m.media_id], alt_text: m.alt_text?.trim() ? m.alt_text : known[m.media_id].alt_text }))
      : media;
  const selected = channels.filter((c) => channelIds.includes(c.id));

  // Checks as the user types, debounced: one request per distinct text.
  useEffect(() => {
    if (selected.length === 0) return setChecks({});
    const timer = window.setTimeout(async () => {
      const factsOf = (files: Media[]) =>
        files.map((m) => ({ kind: m.kind, size_bytes: m.size_bytes, width: m.width, height: m.height, duration_seconds: m.duration_seconds, alt_text: m.alt_text }));
      try {
        const results: Record<string, Check> = {};
        // One request per distinct text and media.
        for (const [, ids] of groupByText(channelIds, (id) => JSON.stringify([textOf(id), ownMedia[id] ?? null]))) {
          const answer = await api<{ checks: Check[] }>('POST', '/check', { text: textOf(ids[0]), channel_ids: ids, media: factsOf(mediaOf(ids[0])) });
          for (const check of answer.checks) if (check.channel_id) results[check.channel_id] = check;
        }
        setChecks(results);
      } catch {
        // checking is advice; the server checks again when the post is saved
      }
    }, 300);
    return () => window.clearTimeout(timer);
  }, [text, JSON.stringify(overrides), JSON.stringify(channelIds), JSON.stringify(mediaIds), JSON.stringify(ownMedia), media]);

  const toggleChannel = (id: string) => setChannelIds(channelIds.includes(id) ? channelIds.filter((c) => c !== id) : [...channelIds, id]);
  const insert = (snippet: string) => {
    const area = editor.current;
    const current = tab === 'base' ? text : overrides[tab] ?? '';
    const at = area ? area.selectionStart : current.length;
    const next = current.slice(0, at) + snippet + current.slice(area ? area.selectionEnd : at);
    if (tab === 'base') setText(next);
    else setOverrides({ ...overrides, [tab]: next });
    setPicker(null);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(at + snippet.length, at + snippet.length);
    });
  };

  const send = async (when: When) => {
    setBusy(true);
    setError(null);
    const body = postBody({ brandId: b.id, text, title, link, channelIds, overrides, options, firstComments, ownMedia, mediaIds, untouched: start.untouched }, when);
    try {
      const result = editing ? await api<Post>('PATCH', `/posts/${post!.id}`, body) : await api<Post>('POST', '/posts', body);
      saved.current = true;
      guardLeaving(null);
      notify(when.kind === 'draft' ? 'Draft saved' : when.kind === 'now' ? 'Publishing now' : when.kind === 'queue' ? 'Added to the queue' : 'Scheduled');
      navigate(`/posts/${result.id}`, { force: true });
    } catch (failure) {
      const apiError = asApiError(failure);
      setError(apiError);
      const index = targetIndex(apiError.field);
      if (index !== null && channelIds[index]) setTab(channelIds[index]);
      else if (apiError.field === 'text') setTab('base');
      setBusy(false);
    }
  };

  const activeChannel = tab === 'base' ? null : channels.find((c) => c.id === tab) ?? null;
  const activeText = activeChannel ? overrides[activeChannel.id] ?? '' : text;
  const activeProblems = activeChannel
    ? overrides[activeChannel.id]?.trim()
      ? checks[activeChannel.id]?.problems ?? []
      : []
    : channelIds.filter((id) => !overrides[id]?.trim()).flatMap((id) => checks[id]?.problems ?? []);
  const activeIndex = activeChannel ? channelIds.indexOf(activeChannel.id) : -1;
  const editorError =
    error && (activeChannel ? targetIndex(error.field) === activeIndex && /\.text$/.test(error.field ?? '') : error.field === 'text') ? error.message : null;
  const listedProblems = activeChannel
    ? checks[activeChannel.id]?.problems ?? []
    : channelIds.filter((id) => !overrides[id]?.trim()).flatMap((id) => (checks[id]?.problems ?? []).map((p) => ({ ...p, message: `${look(checks[id].network).name}: ${p.message}` })));
  const optionError = (index: number) => (error && targetIndex(error.field) === index && /\.options\./.test(error.field ?? '') ? error.message : null);
  const destinationError = activeChannel ? optionError(activeIndex) : null;
  const firstCommentError =
    activeChannel && error && targetIndex(error.field) === activeIndex && /\.first_comment$/.test(error.field ?? '') ? error.message : null;
  const mediaError =
    activeChannel && error && targetIndex(error.field) === activeIndex && /\.media(\[|$)/.test(error.field ?? '') ? error.message : null;
  const otherError =
    error && !editorError && !destinationError && !firstCommentError && !mediaError && !['scheduled_at', 'title', 'link'].includes(error.field ?? '') ? error.message : null;
  const firstCommentStyle = activeChannel ? look(activeChannel.network).firstComment : undefined;
  // On a channel's tab the button says whose media it adds to: the channel's own files when
  // it has them, else every channel's.
  const ownOnTab = activeChannel ? ownMedia[activeChannel.id] : undefined;
  const addMediaLabel = !activeChannel
    ? `Add media (${mediaIds.length})`
    : ownOnTab
      ? `Add media on ${look(activeChannel.network).name} (${ownOnTab.length})`
      : `Add media to all channels (${mediaIds.length})`;
  const takesTitle = selected.some((c) => look(c.network).takesTitle);
  const takesLink = selected.some((c) => look(c.network).takesLink);
  const wall = date && time ? `${date}T${time}` : '';
  const anyBlocking = blocking(Object.values(checks));

  const onTabKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const order = ['base', ...channelIds];
    const next = order[(order.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : order.length - 1)) % order.length];
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };

  return (
    <div class="composer">
      <div class="compose-main">
        <h1>{editing ? 'Edit post' : 'Compose'}</h1>
        <fieldset class="channel-picker">
          <legend>Channels</legend>
          {channels.length === 0 && (
            <p class="muted">
              This brand has no channels. <a href="/channels">Connect one</a>.
            </p>
          )}
          {channels.map((c) => (
            <label key={c.id} class={'chip' + (channelIds.includes(c.id) ? ' on' : '')}>
              <input type="checkbox" checked={channelIds.includes(c.id)} onChange={() => toggleChannel(c.id)} />
              <NetworkBadge network={c.network} small /> {c.display_name || c.handle}
            </label>
          ))}
        </fieldset>

        <div role="tablist" aria-label="Text per channel" class="tabs" onKeyDown={onTabKey}>
          {['base', ...channelIds].map((id) => {
            const channel = channels.find((c) => c.id === id);
            const check = channel ? checks[id] : null;
            return (
              <button key={id} id={`tab-${id}`} role="tab" type="button" aria-selected={tab === id} tabIndex={tab === id ? 0 : -1}
                aria-controls="editor-panel" class={check && !check.valid ? 'tab invalid' : 'tab'} onClick={() => setTab(id)}>
                {channel ? (
                  <>
                    <NetworkBadge network={channel.network} small /> {look(channel.network).name}
                    {overrides[id]?.trim() ? ' ✎' : ''}
                    {check && <span class={'counter' + (check.valid ? '' : ' over')}> {counterText(check, (n) => formatNumber(n))}</span>}
                  </>
                ) : (
                  'All channels'
                )}
              </button>
            );
          })}
        </div>
        <div id="editor-panel" role="tabpanel" aria-labelledby={`tab-${tab}`} class="editor-panel">
          <Field label={activeChannel ? `Text for ${look(activeChannel.network).name} (${activeChannel.display_name || activeChannel.handle})` : 'Text'}
            error={editorError} hint={activeChannel ? 'Empty: the text of all channels is used' : undefined}>
            {(id, describedBy) => (
              <HighlightedText id={id} value={activeText} problems={activeProblems} describedBy={describedBy}
                invalid={!!editorError} textareaRef={(el) => (editor.current = el)}
                placeholder={activeChannel ? text : 'What do you want to say?'}
                onInput={(value) => (activeChannel ? setOverrides({ ...overrides, [activeChannel.id]: value }) : setText(value))} />
            )}
          </Field>
          <div class="editor-tools">
            <button type="button" aria-expanded={picker === 'emoji'} onClick={() => setPicker(picker === 'emoji' ? null : 'emoji')}>
              😀 Emoji
            </button>
            <button type="button" onClick={() => { setPickFor(ownOnTab ? activeChannel!.id : null); setPicker('media'); }}>
              {addMediaLabel}
            </button>
            {activeChannel && overrides[activeChannel.id] !== undefined && (
              <button type="button" class="link" onClick={() => { const next = { ...overrides }; delete next[activeChannel.id]; setOverrides(next); }}>
                Use the text of all channels
              </button>
            )}
          </div>
          {activeChannel && look(activeChannel.network).destination && (
            <DestinationPicker key={activeChannel.id} channel={activeChannel} destination={look(activeChannel.network).destination!} options={options[activeChannel.id] ?? {}}
              error={destinationError}
              onChange={(next) => {
                setOptions({ ...options, [activeChannel.id]: next });
                if (destinationError) setError(null);  // answered: the complaint no longer applies
              }} />
          )}
          {activeChannel && (
            <ChannelMedia channel={activeChannel} own={ownMedia[activeChannel.id]} known={known} postMediaCount={media.length} error={mediaError}
              onChange={(own) => {
                const next = { ...ownMedia };
                if (own) next[activeChannel.id] = own;
                else delete next[activeChannel.id];
                setOwnMedia(next);
                if (mediaError) setError(null);
              }} />
          )}
          {activeChannel && firstCommentStyle && (
            <Field label="First comment" error={firstCommentError}
              hint={firstCommentStyle === 'reply'
                ? `Posted as a reply under the post on ${look(activeChannel.network).name}`
                : `Posted under the post by ${activeChannel.display_name || activeChannel.handle} once it is published`}>
              {(id, d) => (
                <textarea id={id} rows={2} value={firstComments[activeChannel.id] ?? ''} aria-describedby={d} aria-invalid={!!firstCommentError}
                  placeholder="A link, hashtags, or a question to start the conversation"
                  onInput={(e) => {
                    setFirstComments({ ...firstComments, [activeChannel.id]: (e.target as HTMLTextAreaElement).value });
                    if (firstCommentError) setError(null);
                  }} />
              )}
            </Field>
          )}
          {!activeChannel && (takesTitle || takesLink) && (
            <div class="row">
              {takesTitle && (
                <Field label="Title" error={error?.field === 'title' ? error.message : null}
                  hint={`Shown by ${selected.filter((c) => look(c.network).takesTitle).map((c) => look(c.network).name).join(', ')}`}>
                  {(id, d) => <input id={id} value={title} aria-describedby={d} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />}
                </Field>
              )}
              {takesLink && (
                <Field label="Link" error={error?.field === 'link' ? error.message : null}
                  hint={`Where ${selected.filter((c) => look(c.network).takesLink).map((c) => look(c.network).name).join(', ')} send a click`}>
                  {(id, d) => <input id={id} type="url" value={link} placeholder="https://" aria-describedby={d} onInput={(e) => setLink((e.target as HTMLInputElement).value)} />}
                </Field>
              )}
            </div>
          )}
          {picker === 'emoji' && <EmojiPicker onPick={insert} onClose={() => setPicker(null)} />}
          {listedProblems.length > 0 && (
            <ul class="problems" aria-label="Problems">
              {listedProblems.map((p, i) => (
                <li key={i} class={p.severity} data-code={p.code}>
                  {p.message}
                </li>
              ))}
            </ul>
          )}
          {media.length > 0 && !(activeChannel && ownMedia[activeChannel.id]) && (
            <ul class="attached" aria-label="Media of all channels">
              {media.map((m) => (
                <li key={m.id}>
                  {m.kind === 'video' ? '▶' : <img src={m.url} alt={m.alt_text} />}
                  <span class="small">{m.alt_text || <em>no alt text</em>}</span>
                  <button type="button" class="link" onClick={() => { setMediaIds(mediaIds.filter((x) => x !== m.id)); setMedia(media.filter((x) => x.id !== m.id)); }}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>

        <fieldset class="when">
          <legend>When ({zoneLabel(b.time_zone)})</legend>
          <div class="row">
            <Field label="Date" error={error?.field === 'scheduled_at' ? error.message : null}>
              {(id, d) => <input id={id} type="date" value={date} aria-describedby={d} onInput={(e) => setDate((e.target as HTMLInputElement).value)} />}
            </Field>
            <Field label="Time">{(id) => <input id={id} type="time" value={time} onInput={(e) => setTime((e.target as HTMLInputElement).value)} />}</Field>
          </div>
          {otherError && (
            <p class="field-error" role="alert">
              {otherError}
            </p>
          )}
          <div class="actions">
            <button type="button" class="primary" disabled={busy || !wall || channelIds.length === 0 || anyBlocking} onClick={() => send({ kind: 'at', wall })}>
              Schedule
            </button>
            <button type="button" disabled={busy || channelIds.length === 0 || anyBlocking} onClick={() => send({ kind: 'queue' })}>
              Add to queue
            </button>
            <button type="button" disabled={busy || channelIds.length === 0 || anyBlocking} onClick={() => send({ kind: 'now' })}>
              Publish now
            </button>
            <button type="button" disabled={busy} onClick={() => send({ kind: 'draft' })}>
              Save draft
            </button>
          </div>
          {anyBlocking && <p class="muted small">Fix the problems marked in red to schedule or publish; a draft can be saved as it is.</p>}
        </fieldset>
      </div>
      <aside class="previews" aria-label="Previews">
        <h2>Preview</h2>
        {selected.length === 0 && <p class="muted">Choose channels to see how the post looks on each.</p>}
        {selected.map((c) => (
          <Preview key={c.id} channel={c} text={textOf(c.id)} media={mediaOf(c.id)} firstComment={firstComments[c.id]} />
        ))}
      </aside>
      {picker === 'media' && (
        <MediaPicker brandId={b.id} selected={pickFor ? (ownMedia[pickFor] ?? []).map((m) => m.media_id) : mediaIds}
          onClose={() => { setPicker(null); setPickFor(null); }}
          onChange={(ids, items) => {
            setKnown({ ...known, ...Object.fromEntries(items.map((m) => [m.id, m])) });
            if (!pickFor) {
              setMediaIds(ids);
              setMedia(items);
              return;
            }
            // Alt texts already written for this channel stay with their files.
            const before = ownMedia[pickFor] ?? [];
            setOwnMedia({ ...ownMedia, [pickFor]: ids.map((id) => before.find((m) => m.media_id === id) ?? { media_id: id }) });
          }} />
      )}
    </div>
  );
}
