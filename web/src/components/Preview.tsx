// How the post will look on each network: the account, the text (folded with "…more" where
// the network folds it), links highlighted, the images in the network's grid, and the first
// comment under it.
import { folded, look } from '../networks';
import type { Channel, Media } from '../types';

const linkPattern = /(https?:\/\/[^\s]+)/g;

function RichText({ text }: { text: string }) {
  return (
    <>
      {text.split(linkPattern).map((piece, i) =>
        i % 2 === 1 ? (
          <span class="preview-link" key={i}>
            {piece.length > 30 ? piece.replace(/^https?:\/\//, '').slice(0, 27) + '…' : piece.replace(/^https?:\/\//, '')}
          </span>
        ) : (
          piece
        ),
      )}
    </>
  );
}

export function Preview({ channel, text, media, firstComment }: { channel: Channel; text: string; media: Media[]; firstComment?: string }) {
  const l = look(channel.network);
  const { shown, more } = folded(text, channel.network);
  const images = media.filter((m) => m.kind !== 'video').slice(0, l.maxImages);
  const video = media.find((m) => m.kind === 'video');
  return (
    <article class={`preview preview-${channel.network}`} aria-label={`${l.name} preview`} data-network={channel.network}>
      <header>
        <span class="avatar" style={{ background: l.colour }} aria-hidden="true">
          {(channel.display_name || channel.handle || '?').slice(0, 1).toUpperCase()}
        </span>
        <div>
          <strong>{channel.display_name || channel.handle}</strong>
          <div class="muted small">
            {channel.handle} · {l.name}
          </div>
        </div>
      </header>
      <p class="preview-text">
        <RichText text={shown} />
        {more && <span class="preview-more">… {l.moreLabel}</span>}
      </p>
      {video && <div class="preview-video">▶ {video.filename}</div>}
      {!video && images.length > 0 && (
        <div class={`preview-grid n${images.length}`}>
          {images.map((m) => (
            <img key={m.id} src={m.url} alt={m.alt_text} loading="lazy" />
          ))}
        </div>
      )}
      {firstComment?.trim() && (
        <p class="preview-comment" aria-label="First comment">
          <strong>{channel.display_name || channel.handle}</strong> <RichText text={firstComment} />
        </p>
      )}
    </article>
  );
}
