// What the tab shown edits: the text (of all channels, or one channel's own), the problems
// the networks' rules find in it right under it, the media, and per channel its
// destination, own media and first comment; the title and link on the tab of all channels.
import { useRef, useState } from 'preact/hooks';
import { errorAt, type ComposeAction, type ComposeState, type PlacedError } from '../../compose';
import { look } from '../../networks';
import type { Channel, Media, Problem } from '../../types';
import { ChannelMedia } from '../ChannelMedia';
import { DestinationPicker } from '../DestinationPicker';
import { EmojiPicker } from '../EmojiPicker';
import { HighlightedText } from '../HighlightedText';
import { Field } from '../ui';

interface Props {
  channel: Channel | null; // null: the text of all channels
  selected: Channel[];
  state: ComposeState;
  dispatch: (action: ComposeAction) => void;
  known: Record<string, Media>;
  // The problems to underline in the text shown, and those to list under it (with the
  // network named on the tab of all channels).
  underlined: Problem[];
  listed: Problem[];
  error: PlacedError | null;
  onErrorAnswered: () => void;
  onAddMedia: (forChannel: string | null) => void;
}

const nameOf = (channel: Channel) => channel.display_name || channel.handle;

export function TargetPanel({ channel, selected, state, dispatch, known, underlined, listed, error, onErrorAnswered, onAddMedia }: Props) {
  const tab = channel?.id ?? 'base';
  const [emoji, setEmoji] = useState(false);
  const editor = useRef<HTMLTextAreaElement | null>(null);
  const network = channel ? look(channel.network) : null;
  const text = channel ? state.overrides[channel.id] ?? '' : state.text;
  const textError = errorAt(error, tab, 'text');
  const setText = (value: string) => {
    dispatch({ type: 'text', channelId: channel?.id ?? null, value });
    if (textError) onErrorAnswered();
  };
  const insert = (snippet: string) => {
    const area = editor.current;
    const at = area ? area.selectionStart : text.length;
    setText(text.slice(0, at) + snippet + text.slice(area ? area.selectionEnd : at));
    setEmoji(false);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(at + snippet.length, at + snippet.length);
    });
  };
  // On a channel's tab the button says whose media it adds to: the channel's own files when
  // it has them, else every channel's.
  const own = channel ? state.ownMedia[channel.id] : undefined;
  const addMediaLabel = !channel
    ? `Add media (${state.mediaIds.length})`
    : own
      ? `Add media on ${network!.name} (${own.length})`
      : `Add media to all channels (${state.mediaIds.length})`;
  const postMedia = state.mediaIds.map((id) => known[id]).filter((m): m is Media => !!m);
  const problemsId = `problems-${tab}`;
  const takesTitle = selected.filter((c) => look(c.network).takesTitle);
  const takesLink = selected.filter((c) => look(c.network).takesLink);

  return (
    <div id="editor-panel" role="tabpanel" aria-labelledby={`tab-${tab}`} class="editor-panel">
      <Field label={channel ? `Text for ${network!.name} (${nameOf(channel)})` : 'Text'} error={textError}
        hint={channel && !text.trim() ? 'Empty: the text of all channels is used' : undefined}>
        {(id, describedBy) => (
          <HighlightedText id={id} value={text} problems={underlined} describedBy={[describedBy, listed.length ? problemsId : ''].filter(Boolean).join(' ') || undefined}
            invalid={!!textError || listed.some((p) => p.severity === 'error')} textareaRef={(el) => (editor.current = el)}
            placeholder={channel ? state.text : 'What do you want to say?'} onInput={setText} />
        )}
      </Field>
      {listed.length > 0 && (
        <ul class="problems" id={problemsId} aria-label="Problems">
          {listed.map((p, i) => (
            <li key={i} class={p.severity} data-code={p.code}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
      <div class="editor-tools">
        <button type="button" aria-expanded={emoji} onClick={() => setEmoji(!emoji)}>
          😀 Emoji
        </button>
        <button type="button" onClick={() => onAddMedia(own ? channel!.id : null)}>
          {addMediaLabel}
        </button>
        {channel && state.overrides[channel.id] !== undefined && (
          <button type="button" class="link" onClick={() => dispatch({ type: 'useBaseText', channelId: channel.id })}>
            Use the text of all channels
          </button>
        )}
      </div>
      {emoji && <EmojiPicker onPick={insert} onClose={() => setEmoji(false)} />}
      {!channel && postMedia.length > 0 && (
        <ul class="attached" aria-label="Media of all channels">
          {postMedia.map((m) => (
            <li key={m.id}>
              {m.kind === 'video' ? <div class="video-thumb">▶ {m.filename}</div> : <img src={m.url} alt={m.alt_text} />}
              <span class="small">{m.alt_text || <em>no alt text</em>}</span>
              <button type="button" class="link" onClick={() => dispatch({ type: 'media', mediaIds: state.mediaIds.filter((x) => x !== m.id) })}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {errorAt(error, tab, 'media') && !channel && (
        <p class="field-error" role="alert">
          {errorAt(error, tab, 'media')}
        </p>
      )}
      {channel && network!.destination && (
        <DestinationPicker key={channel.id} channel={channel} destination={network!.destination} options={state.options[channel.id] ?? {}}
          error={errorAt(error, tab, 'options')}
          onChange={(next) => {
            dispatch({ type: 'options', channelId: channel.id, value: next });
            if (errorAt(error, tab, 'options')) onErrorAnswered();
          }} />
      )}
      {channel && (
        <ChannelMedia channel={channel} own={own} known={known} postMedia={postMedia} error={errorAt(error, tab, 'media')}
          onChange={(next) => {
            dispatch({ type: 'ownMedia', channelId: channel.id, value: next ?? null });
            if (errorAt(error, tab, 'media')) onErrorAnswered();
          }} />
      )}
      {channel && network!.firstComment && (
        <Field label="First comment" error={errorAt(error, tab, 'first_comment')}
          hint={network!.firstComment === 'reply' ? `Posted as a reply under the post on ${network!.name}` : `Posted under the post by ${nameOf(channel)} once it is published`}>
          {(id, d) => (
            <textarea id={id} rows={2} value={state.firstComments[channel.id] ?? ''} aria-describedby={d}
              aria-invalid={errorAt(error, tab, 'first_comment') ? 'true' : undefined}
              placeholder="A link, hashtags, or a question to start the conversation"
              onInput={(e) => {
                dispatch({ type: 'firstComment', channelId: channel.id, value: (e.target as HTMLTextAreaElement).value });
                if (errorAt(error, tab, 'first_comment')) onErrorAnswered();
              }} />
          )}
        </Field>
      )}
      {!channel && (takesTitle.length > 0 || takesLink.length > 0) && (
        <div class="row">
          {takesTitle.length > 0 && (
            <Field label="Title" error={errorAt(error, tab, 'title')} hint={`Shown by ${takesTitle.map((c) => look(c.network).name).join(', ')}`}>
              {(id, d) => <input id={id} value={state.title} aria-describedby={d} aria-invalid={errorAt(error, tab, 'title') ? 'true' : undefined}
                onInput={(e) => dispatch({ type: 'field', field: 'title', value: (e.target as HTMLInputElement).value })} />}
            </Field>
          )}
          {takesLink.length > 0 && (
            <Field label="Link" error={errorAt(error, tab, 'link')} hint={`Where ${takesLink.map((c) => look(c.network).name).join(', ')} send a click`}>
              {(id, d) => <input id={id} type="url" value={state.link} placeholder="https://" aria-describedby={d}
                aria-invalid={errorAt(error, tab, 'link') ? 'true' : undefined}
                onInput={(e) => dispatch({ type: 'field', field: 'link', value: (e.target as HTMLInputElement).value })} />}
            </Field>
          )}
        </div>
      )}
    </div>
  );
}
