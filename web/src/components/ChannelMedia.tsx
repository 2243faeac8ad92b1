// A channel's own media: by default a channel shows the post's media; here it can have other
// files (a square crop for Instagram, another video for TikTok), each with the alt text it
// has on that channel.
import type { OwnMedia } from '../compose';
import { look } from '../networks';
import type { Channel, Media } from '../types';

interface Props {
  channel: Channel;
  own: OwnMedia[] | undefined; // undefined: the post's media
  known: Record<string, Media>;
  postMedia: Media[]; // what the channel shows while it has no media of its own
  error: string | null;
  onChange: (own: OwnMedia[] | undefined) => void;
}

export function ChannelMedia({ channel, own, known, postMedia, error, onChange }: Props) {
  const name = look(channel.network).name;
  if (!own)
    return (
      <div class={'channel-media' + (error ? ' invalid' : '')} aria-label={`Media on ${name}`} role="group">
        <p class="muted small">
          {postMedia.length === 0 ? 'No media, as on all channels.' : `The media of all channels (${postMedia.length}):`}{' '}
          <button type="button" class="link" onClick={() => onChange([])}>
            Use other media on {name}
          </button>
        </p>
        {postMedia.length > 0 && (
          <ul class="attached small-thumbs">
            {postMedia.map((m) => (
              <li key={m.id}>{m.kind === 'video' ? <div class="video-thumb">▶ {m.filename}</div> : <img src={m.url} alt={m.alt_text} />}</li>
            ))}
          </ul>
        )}
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    );
  return (
    <div class={'channel-media' + (error ? ' invalid' : '')} aria-label={`Media on ${name}`} role="group">
      <p class="small">
        <strong>Media on {name}</strong> ({own.length}){' '}
        <button type="button" class="link" onClick={() => onChange(undefined)}>
          Use the media of all channels
        </button>
      </p>
      {own.length > 0 && (
        <ul class="attached">
          {own.map((item, i) => {
            const file = known[item.media_id];
            return (
              <li key={item.media_id}>
                {file?.kind === 'video' ? '▶ ' + file.filename : <img src={file?.url} alt="" />}
                <label class="small">
                  Alt text on {name}
                  <input value={item.alt_text ?? ''} placeholder={file?.alt_text || 'Describe the image'}
                    onInput={(e) => onChange(own.map((m, j) => (j === i ? { ...m, alt_text: (e.target as HTMLInputElement).value } : m)))} />
                </label>
                <button type="button" class="link" onClick={() => onChange(own.filter((_, j) => j !== i))}>
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
