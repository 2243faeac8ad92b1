// A small emoji palette: the ones social posts use most, searchable by name, keyboard-usable.
import { useState } from 'preact/hooks';

const emojis: [string, string][] = [
  ['😀', 'grinning'], ['😂', 'joy laughing'], ['😍', 'heart eyes love'], ['🥳', 'party'], ['😎', 'cool sunglasses'],
  ['🤔', 'thinking'], ['😢', 'sad cry'], ['😮', 'wow surprised'], ['🙏', 'thanks pray'], ['👏', 'clap applause'],
  ['👍', 'thumbs up yes'], ['👀', 'eyes look'], ['💪', 'strong muscle'], ['🙌', 'hooray hands'], ['🤝', 'handshake deal'],
  ['❤️', 'heart love red'], ['💙', 'blue heart'], ['💚', 'green heart'], ['🔥', 'fire hot'], ['✨', 'sparkles new'],
  ['🎉', 'tada celebrate'], ['🚀', 'rocket launch'], ['⭐', 'star'], ['✅', 'check done'], ['❗', 'exclamation important'],
  ['📣', 'megaphone announce'], ['📅', 'calendar date'], ['⏰', 'alarm clock time'], ['📍', 'pin location'], ['🔗', 'link'],
  ['💡', 'idea bulb'], ['📈', 'chart growth'], ['🛒', 'cart shop'], ['🎁', 'gift present'], ['☕', 'coffee'],
  ['🍕', 'pizza food'], ['🌱', 'seedling green'], ['☀️', 'sun summer'], ['❄️', 'snow winter'], ['🎄', 'christmas tree'],
  ['📸', 'camera photo'], ['🎥', 'video camera'], ['🎶', 'music notes'], ['📝', 'memo write'], ['👉', 'point right'],
];

export function EmojiPicker({ onPick, onClose }: { onPick: (emoji: string) => void; onClose: () => void }) {
  const [search, setSearch] = useState('');
  const shown = emojis.filter(([, name]) => name.includes(search.toLowerCase().trim()));
  return (
    <div class="emoji-picker card" role="dialog" aria-label="Emoji" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <label>
        <span class="visually-hidden">Search emoji</span>
        <input type="search" placeholder="Search emoji" value={search} autoFocus onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
      </label>
      <div class="emoji-grid">
        {shown.map(([emoji, name]) => (
          <button type="button" key={emoji} aria-label={name.split(' ')[0]} title={name.split(' ')[0]} onClick={() => onPick(emoji)}>
            {emoji}
          </button>
        ))}
        {shown.length === 0 && <p class="muted">No emoji called "{search}"</p>}
      </div>
    </div>
  );
}
