// Where inside a channel's account the post goes (a Pinterest account's boards) or who may
// see it (a TikTok creator's audiences), as the network lists them for the account
// (GET /channels/{id}/destinations). The choice is a network option of the channel's
// target, named by the answer ("board_id", "privacy_level").
import { api } from '../api';
import type { Destination } from '../networks';
import type { Channel } from '../types';
import { Field, Loading, useLoad } from './ui';

interface Destinations {
  option: string;
  items: { id: string; name: string; detail: string }[];
}

export function DestinationPicker({ channel, destination, options, error, onChange }: {
  channel: Channel;
  destination: Destination;
  options: Record<string, unknown>;
  error: string | null;
  onChange: (options: Record<string, unknown>) => void;
}) {
  const state = useLoad(() => api<Destinations>('GET', `/channels/${channel.id}/destinations`), [channel.id]);
  return (
    <Loading state={state}>
      {(found) =>
        found.option ? (
          <Field label={destination.label} error={error} hint={found.items.length === 0 ? destination.none : destination.notice}>
            {(id, describedBy) => (
              <select id={id} aria-describedby={describedBy} aria-invalid={!!error} value={String(options[found.option] ?? '')}
                onChange={(event) => {
                  const value = (event.target as HTMLSelectElement).value;
                  const next = { ...options };
                  if (value) next[found.option] = value;
                  else delete next[found.option];
                  onChange(next);
                }}>
                <option value="">{destination.prompt}</option>
                {found.items.map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.name}
                    {item.detail === 'secret' ? ' (secret)' : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null
      }
    </Loading>
  );
}
