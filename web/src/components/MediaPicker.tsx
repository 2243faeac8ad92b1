// Picks files of the brand's library for a post, or uploads new ones right here (they are
// chosen at once); alt text is written here too, on several lines. A native modal <dialog>:
// the browser keeps focus inside it, Escape closes it, and focus returns where it was.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query } from '../api';
import { Uploader } from './Uploader';
import { Loading, attempt, useLoad } from './ui';
import type { Media } from '../types';

interface Props {
  brandId: string;
  title: string; // whose media: "Add media", "Media on Pinterest"
  selected: string[];
  onChange: (ids: string[], items: Media[]) => void;
  onClose: () => void;
}

export function MediaPicker({ brandId, title, selected, onChange, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const library = useLoad(() => api<{ items: Media[] }>('GET', '/media' + query({ brand_id: brandId, limit: '200' })).then((p) => p.items), [brandId]);
  const [chosen, setChosen] = useState<string[]>(selected);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const toggle = (id: string) => setChosen(chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id]);
  // Alt texts are saved as they are left; "Use" waits for the last saves and hands the
  // files back with their new texts, so that checks and previews see them.
  const saves = useRef<Promise<unknown>[]>([]);
  const latest = useRef<Media[]>([]);
  latest.current = library.data ?? [];
  const [altEdited, setAltEdited] = useState(false);
  const saveAlt = (item: Media, alt: string) => {
    if (alt === item.alt_text) return;
    setAltEdited(true);
    saves.current.push(
      attempt(async () => {
        const updated = await api<Media>('PATCH', `/media/${item.id}`, { alt_text: alt });
        library.set(latest.current.map((m) => (m.id === item.id ? updated : m)));
        latest.current = latest.current.map((m) => (m.id === item.id ? updated : m));
      }),
    );
  };
  const done = async () => {
    await Promise.all(saves.current);
    const items = latest.current;
    onChange(chosen, chosen.map((id) => items.find((m) => m.id === id)).filter((m): m is Media => !!m));
    dialog.current?.close(); // the close event hands focus back and calls onClose
  };
  const unchanged = !altEdited && chosen.length === selected.length && chosen.every((id) => selected.includes(id));
  // A click on the backdrop (outside the dialog's box) closes it; one on its padding does not.
  const onBackdrop = (event: MouseEvent) => {
    const box = dialog.current?.getBoundingClientRect();
    if (!box || event.target !== dialog.current) return;
    const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) dialog.current?.close();
  };
  // A modal dialog makes the page behind it inert, but Tab past its last control still
  // leaves for the browser's own toolbar: keep the cycle inside.
  const trapTab = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>('button, input, textarea, select, a[href]')].filter(
      (el) => !(el as HTMLButtonElement).disabled && el.tabIndex >= 0,
    );
    const [first, last] = [focusable[0], focusable[focusable.length - 1]];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  };
  return (
    <dialog ref={dialog} class="dialog card" aria-labelledby="media-picker-title" onClose={onClose} onKeyDown={trapTab}
      onClick={onBackdrop}>
      <h2 id="media-picker-title">{title}</h2>
      <Uploader brandId={brandId} compact onUploaded={(media) => {
        library.set([media, ...(library.data ?? [])]);
        setChosen((list) => [...list, media.id]);
      }} />
      <Loading state={library}>
        {(items) =>
          items.length === 0 ? (
            <p class="muted">The library is empty: upload files above.</p>
          ) : (
            <ul class="media-grid">
              {items.map((item) => (
                <li key={item.id} class={chosen.includes(item.id) ? 'chosen' : ''}>
                  <label>
                    <input type="checkbox" checked={chosen.includes(item.id)} onChange={() => toggle(item.id)} />
                    {item.kind === 'video' ? <div class="video-tile">▶ {item.filename}</div> : <img src={item.url} alt="" loading="lazy" />}
                    <span class="small">{item.filename}</span>
                  </label>
                  <label>
                    <span class="small">Alt text</span>
                    <textarea rows={3} value={item.alt_text} placeholder="Describe the image for people who cannot see it"
                      onBlur={(e) => saveAlt(item, (e.target as HTMLTextAreaElement).value)} />
                  </label>
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
      <div class="actions">
        <button type="button" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button type="button" class="primary" disabled={unchanged} onClick={done}>
          {chosen.length === 0 ? 'Use no files' : `Use ${chosen.length} file${chosen.length === 1 ? '' : 's'}`}
        </button>
      </div>
    </dialog>
  );
}
