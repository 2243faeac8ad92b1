// Picks files of the brand's library for a post; alt text can be written right here.
import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { Loading, attempt, useLoad } from './ui';
import type { Media } from '../types';

interface Props {
  brandId: string;
  selected: string[];
  onChange: (ids: string[], items: Media[]) => void;
  onClose: () => void;
}

export function MediaPicker({ brandId, selected, onChange, onClose }: Props) {
  const library = useLoad(() => api<{ items: Media[] }>('GET', '/media' + query({ brand_id: brandId, limit: '200' })).then((p) => p.items), [brandId]);
  const [chosen, setChosen] = useState<string[]>(selected);
  const toggle = (id: string) => setChosen(chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id]);
  const saveAlt = async (item: Media, alt: string) => {
    if (alt === item.alt_text) return;
    await attempt(async () => {
      const updated = await api<Media>('PATCH', `/media/${item.id}`, { alt_text: alt });
      library.set((library.data ?? []).map((m) => (m.id === item.id ? updated : m)));
    });
  };
  const done = () => {
    const items = library.data ?? [];
    onChange(chosen, chosen.map((id) => items.find((m) => m.id === id)).filter((m): m is Media => !!m));
    onClose();
  };
  return (
    <div class="dialog-backdrop">
      <div class="dialog card" role="dialog" aria-modal="true" aria-labelledby="media-picker-title" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <h2 id="media-picker-title">Add media</h2>
        <Loading state={library}>
          {(items) =>
            items.length === 0 ? (
              <p class="muted">
                The library is empty. <a href="/media">Upload files</a> first.
              </p>
            ) : (
              <ul class="media-grid">
                {items.map((item) => (
                  <li key={item.id} class={chosen.includes(item.id) ? 'chosen' : ''}>
                    <label>
                      <input type="checkbox" checked={chosen.includes(item.id)} onChange={() => toggle(item.id)} />
                      {item.kind === 'video' ? <div class="video-tile">▶ {item.filename}</div> : <img src={item.url} alt="" loading="lazy" />}
                      <span class="visually-hidden">{item.filename}</span>
                    </label>
                    <label>
                      <span class="small">Alt text</span>
                      <input value={item.alt_text} onBlur={(e) => saveAlt(item, (e.target as HTMLInputElement).value)} />
                    </label>
                  </li>
                ))}
              </ul>
            )
          }
        </Loading>
        <div class="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" class="primary" onClick={done}>
            Use {chosen.length} file{chosen.length === 1 ? '' : 's'}
          </button>
        </div>
      </div>
    </div>
  );
}
