// How a channel stands: what went wrong last and when, what to do about it, when access
// ends and when it last published.
import { look } from '../networks';
import { formatInZone } from '../time';
import type { Channel } from '../types';
import { ErrorText } from './ui';

// `connectable`: this server has the network's connector; a channel of another network is
// only recorded, for planning.
export function ChannelHealth({ channel, zone, mayReconnect, connectable = true }: { channel: Channel; zone: string; mayReconnect: boolean; connectable?: boolean }) {
  const { health } = channel;
  if (!connectable)
    return (
      <div class="health small">
        <p class="muted">
          Recorded for planning: this server has no {look(channel.network).name} app set up, so posts for this channel are planned
          here and published by hand. An administrator can set one up (docs/NETWORKS.md).
        </p>
      </div>
    );
  const failedLast = !!health.last_error_at && (!health.last_success_at || health.last_error_at > health.last_success_at);
  const advice =
    channel.status === 'needs_reconnect'
      ? 'The network no longer accepts the access Chorus has: connect the account again to keep publishing.'
      : channel.status === 'error'
        ? 'Chorus could not use this channel lately; it retries on its own. Check the account on the network if it goes on.'
        : channel.status === 'disconnected'
          ? 'Disconnected: connect the account again to publish here.'
          : null;
  return (
    <div class="health small">
      {advice && <p class="field-error">{advice}</p>}
      {health.last_error && (channel.status !== 'connected' || failedLast) && (
        <p class={channel.status === 'connected' ? 'muted' : 'field-error'}>
          {health.last_error_at ? `Last failure ${formatInZone(health.last_error_at, zone)}: ` : 'Last failure: '}
          <ErrorText message={health.last_error} />
        </p>
      )}
      {channel.status !== 'connected' && mayReconnect && (
        <a class="button small" href={`/channels?reconnect=${channel.network}`}>
          Reconnect {look(channel.network).name}
        </a>
      )}
      <p class="muted">
        {health.last_success_at ? <>Last published {formatInZone(health.last_success_at, zone)}. </> : <>Nothing published yet. </>}
        <TokenLine channel={channel} zone={zone} />
      </p>
    </div>
  );
}

// When access ends: renewed on its own, or (LinkedIn members) to be reconnected by hand,
// which the last week before makes a warning.
function TokenLine({ channel, zone }: { channel: Channel; zone: string }) {
  const ends = channel.health.token_expires_at;
  if (!ends) return null;
  if (channel.health.token_renews)
    return <span title={`The current access ends ${formatInZone(ends, zone)}; Chorus renews it before then.`}>Access is renewed automatically.</span>;
  const soon = Date.parse(ends) - Date.now() < 7 * 24 * 3600 * 1000;
  return (
    <span class={soon ? 'token-ends warning' : 'token-ends'}>
      Access ends {formatInZone(ends, zone)}: connect this account again before then to keep publishing.
    </span>
  );
}

