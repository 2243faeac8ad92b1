// Files into the brand's library: a drop zone and a file button, each upload with its
// progress and, when the server refuses it, the reason. Used by the library and inside the
// composer's media dialog, so that adding a new photo to a post never leaves the post.
import { useState } from 'preact/hooks';
import { upload } from '../api';
import type { Media } from '../types';
import { asApiError } from './ui';

interface Uploading {
  id: number;
  name: string;
  progress: number;
  error: string | null;
}

let uploadCounter = 0;

export function Uploader({ brandId, onUploaded, compact }: { brandId: string; onUploaded: (media: Media) => void; compact?: boolean }) {
  const [uploads, setUploads] = useState<Uploading[]>([]);
  const [over, setOver] = useState(false);
  const send = async (files: File[]) => {
    for (const file of files) {
      const id = ++uploadCounter;
      setUploads((list) => [...list, { id, name: file.name, progress: 0, error: null }]);
      const update = (patch: Partial<Uploading>) => setUploads((list) => list.map((u) => (u.id === id ? { ...u, ...patch } : u)));
      const form = new FormData();
      form.append('brand_id', brandId);
      form.append('file', file, file.name);
      try {
        const media = await upload<Media>('/media', form, (progress) => update({ progress }));
        setUploads((list) => list.filter((u) => u.id !== id));
        onUploaded(media);
      } catch (error) {
        update({ error: asApiError(error).message });
      }
    }
  };
  return (
    <>
      <div class={'dropzone' + (over ? ' over' : '') + (compact ? ' compact' : '')}
        onDragOver={(e) => (e.preventDefault(), setOver(true))}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => (e.preventDefault(), setOver(false), send(Array.from(e.dataTransfer?.files ?? [])))}>
        <p>Drop images or videos here, or</p>
        <label class="button">
          Upload files
          <input type="file" multiple accept="image/*,video/*" class="visually-hidden"
            onChange={(e) => { const input = e.target as HTMLInputElement; send(Array.from(input.files ?? [])); input.value = ''; }} />
        </label>
      </div>
      {uploads.length > 0 && (
        <ul class="uploads" aria-label="Uploads">
          {uploads.map((u) => (
            <li key={u.id}>
              {u.name} <progress max={1} value={u.progress} aria-label={`Uploading ${u.name}`} />
              {u.error && <span class="field-error" role="alert"> {u.error}</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
