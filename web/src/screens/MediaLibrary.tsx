// The brand's media: a grid, drag-and-drop upload with progress, alt text, search by tag.
import { useState } from 'preact/hooks';
import { api, query, upload } from '../api';
import { Loading, asApiError, attempt, useLoad } from '../components/ui';
import { brand, canWrite } from '../session';
import { formatNumber } from '../time';
import type { Media } from '../types';

interface Uploading {
  id: number;
  name: string;
  progress: number;
  error: string | null;
}

let uploadCounter = 0;

export function MediaLibrary() {
  const b = brand.value!;
  const [tag, setTag] = useState('');
  const [search, setSearch] = useState('');
  const library = useLoad(() => api<{ items: Media[] }>('GET', '/media' + query({ brand_id: b.id, tag: search, limit: '200' })).then((p) => p.items), [b.id, search]);
  const [uploads, setUploads] = useState<Uploading[]>([]);
  const [over, setOver] = useState(false);

  const send = async (files: File[]) => {
    for (const file of files) {
      const id = ++uploadCounter;
      setUploads((list) => [...list, { id, name: file.name, progress: 0, error: null }]);
      const update = (patch: Partial<Uploading>) => setUploads((list) => list.map((u) => (u.id === id ? { ...u, ...patch } : u)));
      const form = new FormData();
      form.append('brand_id', b.id);
      form.append('file', file, file.name);
      try {
        await upload<Media>('/media', form, (progress) => update({ progress }));
        setUploads((list) => list.filter((u) => u.id !== id));
      } catch (error) {
        update({ error: asApiError(error).message });
      }
    }
    library.reload();
  };
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
      {canWrite.value && (
        <div class={'dropzone' + (over ? ' over' : '')}
          onDragOver={(e) => (e.preventDefault(), setOver(true))}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => (e.preventDefault(), setOver(false), send(Array.from(e.dataTransfer?.files ?? [])))}>
          <p>Drop images or videos here, or</p>
          <label class="button">
            Choose files
            <input type="file" multiple accept="image/*,video/*" class="visually-hidden"
              onChange={(e) => { const input = e.target as HTMLInputElement; send(Array.from(input.files ?? [])); input.value = ''; }} />
          </label>
        </div>
      )}
      {uploads.length > 0 && (
        <ul class="uploads">
          {uploads.map((u) => (
            <li key={u.id}>
              {u.name} <progress max={1} value={u.progress} aria-label={`Uploading ${u.name}`} />
              {u.error && <span class="field-error"> {u.error}</span>}
            </li>
          ))}
        </ul>
      )}
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
                    <input value={item.alt_text} disabled={!canWrite.value} onBlur={(e) => saveAlt(item, (e.target as HTMLInputElement).value)} />
                  </label>
                  <label>
                    <span class="small">Tags</span>
                    <input value={item.tags.join(', ')} disabled={!canWrite.value} onBlur={(e) => saveTags(item, (e.target as HTMLInputElement).value)} />
                  </label>
                  {canWrite.value && (
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
