// How the post will look on each network: the account, the text (folded with "…more" where
// the network folds it) with its links, mentions and tags set apart, the images in the
// network's grid or the card the network makes of the first link, and the first comment.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api';
import { folded, look } from '../networks';
import { firstLink, richSegments } from '../rich_text';
import type { Channel, Media } from '../types';

export interface LinkCard {
  url: string;
  title: string | null;
  description: string | null;
  image_url: string | null;
}

function RichText({ text }: { text: string }) {
  return (
    <>
      {richSegments(text).map((piece, i) =>
        piece.kind === 'link' ? (
          <span class="preview-link" key={i}>
            {piece.text.length > 30 ? piece.text.replace(/^https?:\/\//, '').slice(0, 27) + '…' : piece.text.replace(/^https?:\/\//, '')}
          </span>
        ) : piece.kind === 'text' ? (
          piece.text
        ) : (
          <span class={`preview-${piece.kind}`} key={i}>
            {piece.text}
          </span>
        ),
      )}
    </>
  );
}

// What a page says about itself, asked of the server once per link (it reads the page on
// public addresses only); null while unknown or when the page cannot be read.
const cards = new Map<string, Promise<LinkCard | null>>();
export function useLinkCard(url: string | null): LinkCard | null {
  const [card, setCard] = useState<LinkCard | null>(null);
  useEffect(() => {
    setCard(null);
    if (!url) return;
    let current = true;
    const timer = window.setTimeout(() => {
      // A failure is not kept: the next look asks again.
      if (!cards.has(url)) cards.set(url, api<LinkCard>('GET', '/link-preview' + query({ url })).catch(() => (cards.delete(url), null)));
      cards.get(url)!.then((found) => current && setCard(found));
    }, 500);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [url]);
  return card;
}

export function CardPreview({ card }: { card: LinkCard }) {
  if (!card.title && !card.description) return null;
  const host = (() => {
    try {
      return new URL(card.url).hostname;
    } catch {
      return card.url;
    }
  })();
  return (
    <div class="preview-card" aria-label="Link card">
      {card.image_url && <img src={card.image_url} alt="" loading="lazy" referrerpolicy="no-referrer" />}
      <div>
        <div class="muted small">{host}</div>
        {card.title && <strong>{card.title}</strong>}
        {card.description && <div class="small">{card.description}</div>}
      </div>
    </div>
  );
}

export function Preview({ channel, text, media, firstComment }: { channel: Channel; text: string; media: Media[]; firstComment?: string }) {
  const l = look(channel.network);
  const { shown, more } = folded(text, channel.network);
  const images = media.filter((m) => m.kind !== 'video').slice(0, l.maxImages);
  const video = media.find((m) => m.kind === 'video');
  // A network that makes a card of a link shows it when the post has no media of its own.
  const card = useLinkCard(l.linkCard && media.length === 0 ? firstLink(text) : null);
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
      {card && <CardPreview card={card} />}
      {firstComment?.trim() && (
        <p class="preview-comment" aria-label="First comment">
          <strong>{channel.display_name || channel.handle}</strong> <RichText text={firstComment} />
        </p>
      )}
    </article>
  );
}
