// A time zone by typing a city, a region or an offset: the browser's own searchable list
// (<datalist>) of every zone it knows, each labelled with its current offset. Only a zone
// from the list is taken; anything else says so next to the field.
import { useState } from 'preact/hooks';
import { useId } from './ui';

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
// Browsers list canonical zones only; UTC and the browser's own zone are added when missing.
export const timeZones: string[] = [
  ...new Set([...((Intl as any).supportedValuesOf ? (Intl as any).supportedValuesOf('timeZone') : []), 'UTC', browserZone].filter(Boolean)),
].sort();
export const defaultTimeZone = browserZone || 'UTC';

// "UTC+01:00" now, in this zone.
export function offsetOf(zone: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value;
  return name === 'GMT' ? 'UTC+00:00' : (name ?? '').replace('GMT', 'UTC');
}

// "Europe/Berlin" → "Berlin, Europe · UTC+01:00"
export function zoneDescription(zone: string): string {
  const parts = zone.split('/');
  const city = parts[parts.length - 1].replace(/_/g, ' ');
  const region = parts.slice(0, -1).join(' / ').replace(/_/g, ' ');
  return `${city}${region ? `, ${region}` : ''} · ${offsetOf(zone)}`;
}

function ZoneList({ id }: { id: string }) {
  return (
    <datalist id={id}>
      {timeZones.map((z) => (
        <option key={z} value={z} label={zoneDescription(z)} />
      ))}
    </datalist>
  );
}

interface Props {
  label: string;
  value: string;
  disabled?: boolean;
  error?: string | null;
  onChange: (zone: string) => void;
  // Called with '' while the text is no zone, so that a form cannot go on with the last good one.
  onInvalid?: () => void;
}

export function TimeZoneInput({ label, value, disabled, error, onChange, onInvalid }: Props) {
  const id = useId('zone');
  const [text, setText] = useState(value);
  const [wrong, setWrong] = useState(false);
  const take = (typed: string) => {
    setText(typed);
    const known = timeZones.includes(typed);
    setWrong(!known);
    if (known && typed !== value) onChange(typed);
    if (!known) onInvalid?.();
  };
  const message = error ?? (wrong ? 'Choose a time zone from the list: type a city, such as Berlin or New York' : null);
  return (
    <div class={'field' + (message ? ' invalid' : '')}>
      <label for={id}>{label}</label>
      <input id={id} list={`${id}-list`} value={text} disabled={disabled} autoComplete="off" spellcheck={false}
        aria-describedby={`${id}-hint`} aria-invalid={message ? 'true' : undefined}
        onInput={(e) => take((e.target as HTMLInputElement).value)} onBlur={() => wrong || take(text)} />
      <small id={`${id}-hint`} class={message ? 'field-error' : 'muted'} role={message ? 'alert' : undefined}>
        {message ?? (timeZones.includes(text) ? zoneDescription(text) : 'Type a city or region')}
      </small>
      <ZoneList id={`${id}-list`} />
    </div>
  );
}
