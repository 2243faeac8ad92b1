// The brand's media: a grid, drag-and-drop upload with progress, alt text, search by tag.
import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { Uploader } from '../components/Uploader';
import { Loading, attempt, useLoad } from '../components/ui';
import { brand, canDraft, canPublish } from '../session';
import { formatNumber } from '../time';
import type { Media } from '../types';

export function MediaLibrary() {
  const b = brand.value!;
  const [tag, setTag] = useState('');
  const [search, setSearch] = useState('');
  const library = useLoad(() => api<{ items: Media[] }>('GET', '/media' + query({ brand_id: b.id, tag: search, limit: '200' })).then((p) => p.items), [b.id, search]);
  const saveAlt = (item: Media, alt: string) =>
    alt !== item.alt_text && attempt(() => api('PATCH', `/media/${item.id}`, { alt_text: alt }), 'Alt text saved');
  const saveTags = async (item: Media, text: string) => {
    const tags = text.split(',').map((t) => t.trim()).filter(Boolean);
    if (tags.join(',') !== item.tags.join(',')) await attempt(() => api('PATCH', `/media/${item.id}`, { tags }), 'Tags saved');
  };
  const remove = async (item: Media) =>
    window.confirm(`Delete ${item.filename}?`) && (await attempt(() => api('DELETE', `/media/${item.id}`))) && library.reload();

  return (
    <section>
      <h1>Media library</h1>
      <form class="row filters" onSubmit={(e) => (e.preventDefault(), setSearch(tag.trim()))} role="search">
        <label>
          Tag <input type="search" value={tag} onInput={(e) => setTag((e.target as HTMLInputElement).value)} placeholder="e.g. summer" />
        </label>
        <button type="submit">Search</button>
      </form>
      {canDraft.value && <Uploader brandId={b.id} onUploaded={() => library.reload()} />}
      <Loading state={library}>
        {(items) =>
          items.length === 0 ? (
            <p class="muted">{search ? `Nothing tagged "${search}".` : 'No media yet.'}</p>
          ) : (
            <ul class="media-grid">
              {items.map((item) => (
                <li key={item.id} data-media={item.id}>
                  {item.kind === 'video' ? <div class="video-tile">▶ {item.filename}</div> : <img src={item.url} alt={item.alt_text} loading="lazy" />}
                  <div class="small muted">
                    {item.filename} · {item.width && item.height ? `${item.width}×${item.height} · ` : ''}
                    {formatNumber(Math.round(item.size_bytes / 1024))} KB
                  </div>
                  <label>
                    <span class="small">Alt text</span>
                    <input value={item.alt_text} disabled={!canDraft.value} onBlur={(e) => saveAlt(item, (e.target as HTMLInputElement).value)} />
                  </label>
                  <label>
                    <span class="small">Tags</span>
                    <input value={item.tags.join(', ')} disabled={!canDraft.value} onBlur={(e) => saveTags(item, (e.target as HTMLInputElement).value)} />
                  </label>
                  {canPublish.value && (
                    <button type="button" class="link danger" onClick={() => remove(item)}>
                      Delete
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </section>
  );
}
