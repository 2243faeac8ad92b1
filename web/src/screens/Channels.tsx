// The brand's channels: status at a glance, connecting (Bluesky by app password, Mastodon
// by OAuth, the test network by password), removing, and each channel's posting slots.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query } from '../api';
import { ChannelHealth } from '../components/ChannelHealth';
import { QueuePanel } from '../components/QueuePanel';
import { ErrorText, Field, Loading, NetworkBadge, StatusPill, attempt, fieldError, formError, notify, useForm, useLoad } from '../components/ui';
import { allNetworks, connectMethod, look } from '../networks';
import { location, navigate } from '../router';
import { brand, isAdmin, canPublish } from '../session';
import type { Channel } from '../types';

export function Channels() {
  const brandId = brand.value!.id;
  const list = useLoad(() => api<{ items: Channel[] }>('GET', '/channels' + query({ brand_id: brandId, limit: '200' })).then((p) => p.items), [brandId]);
  const server = useLoad(() => api<{ connectable_networks: string[] }>('GET', '/health'), []);
  const connectable = (network: string) => !server.data || server.data.connectable_networks.includes(network);
  const params = location.value.query;
  useEffect(() => {
    // Back from an OAuth authorisation: say how it went, then clean the address.
    if (params.get('connected')) notify('Channel connected');
    else if (params.get('connect_error')) notify(`Not connected: ${params.get('message') || params.get('connect_error')}`, 'error');
    if (params.get('connected') || params.get('connect_error')) navigate('/channels', { replace: true, force: true });
  }, []);
  const choosing = params.get('choose');
  const remove = async (channel: Channel) => {
    if (!window.confirm(`Remove ${channel.display_name || channel.handle} (${look(channel.network).name}) from this brand? Its scheduled posts will not be published there.`)) return;
    if (await attempt(() => api('DELETE', `/channels/${channel.id}`), 'Channel removed')) list.reload();
  };
  return (
    <section>
      <h1>Channels</h1>
      {choosing && (
        <ChooseAccounts selectionId={choosing} onDone={() => (navigate('/channels', { replace: true, force: true }), list.reload())} />
      )}
      <Loading state={list}>
        {(channels) =>
          channels.length === 0 ? (
            <p class="muted">No channels yet. Connect the brand's first account below.</p>
          ) : (
            <ul class="channel-list">
              {channels.map((channel) => (
                <ChannelRow key={channel.id} channel={channel} connectable={connectable(channel.network)} onRemove={() => remove(channel)}
                  onChange={list.reload} />
              ))}
            </ul>
          )
        }
      </Loading>
      {isAdmin.value && <ConnectForm key={params.get('reconnect') ?? ''} brandId={brandId} onConnected={list.reload} network={params.get('reconnect')} />}
    </section>
  );
}

interface Candidate {
  remote_account_id: string;
  handle: string;
  display_name: string;
  kind: string;
  channel_id: string | null;
}

// Back from a login that reaches several accounts (a Facebook user's Pages): the user ticks
// the ones that become channels of this brand.
function ChooseAccounts({ selectionId, onDone }: { selectionId: string; onDone: () => void }) {
  const selection = useLoad(() => api<{ network: string; accounts: Candidate[] }>('GET', `/oauth/selections/${selectionId}`), [selectionId]);
  const [chosen, setChosen] = useState<string[]>([]);
  const { error, busy, submit } = useForm({});
  const toggle = (id: string, on: boolean) => setChosen(on ? [...chosen, id] : chosen.filter((c) => c !== id));
  const add = submit(async () => {
    const added = await api<{ channels: Channel[] }>('POST', `/oauth/selections/${selectionId}`, { accounts: chosen });
    notify(added.channels.length === 1 ? 'Channel connected' : `${added.channels.length} channels connected`);
    onDone();
  });
  return (
    <Loading state={selection}>
      {(data) => (
        <form class="card choose-accounts" onSubmit={add} aria-labelledby="choose-title">
          <h2 id="choose-title">Choose the {look(data.network).name} accounts to add</h2>
          <p class="muted">Your login manages these accounts. Each one you choose becomes a channel of this brand.</p>
          <ul class="plain">
            {data.accounts.map((account) => (
              <li key={account.remote_account_id}>
                <label class="check">
                  <input type="checkbox" checked={chosen.includes(account.remote_account_id)}
                    onChange={(e) => toggle(account.remote_account_id, (e.target as HTMLInputElement).checked)} />
                  <NetworkBadge network={data.network} />
                  <span class="grow">
                    <strong>{account.display_name || account.handle}</strong>{' '}
                    <span class="muted">
                      {[account.handle !== account.display_name && account.handle, account.kind,
                        account.channel_id && 'already a channel: choosing reconnects it'].filter(Boolean).join(' · ')}
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {formError(error, []) && (
            <p class="field-error" role="alert">
              {formError(error, [])}
            </p>
          )}
          <div class="actions">
            <button type="submit" class="primary" disabled={busy || chosen.length === 0}>
              {chosen.length <= 1 ? 'Add channel' : `Add ${chosen.length} channels`}
            </button>
            <button type="button" onClick={onDone}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Loading>
  );
}

function ChannelRow({ channel, connectable, onRemove, onChange }: { channel: Channel; connectable: boolean; onRemove: () => void; onChange: () => void }) {
  const [slotsOpen, setSlotsOpen] = useState(false);
  const zone = brand.value!.time_zone;
  return (
    <li class={'channel card' + (slotsOpen ? ' open' : '')} data-channel={channel.id}>
      <div class="channel-head">
        <NetworkBadge network={channel.network} />
        <div class="grow">
          <strong>{channel.display_name || channel.handle}</strong>
          <div class="muted">{channel.handle}</div>
        </div>
        {channel.paused_at && <span class="pill status-paused">Paused</span>}
        <StatusPill status={channel.status} />
      </div>
      <ChannelHealth channel={channel} zone={zone} mayReconnect={isAdmin.value} connectable={connectable} />
      <div class="actions">
        {canPublish.value && (
          <button type="button" aria-expanded={slotsOpen} onClick={() => setSlotsOpen(!slotsOpen)}>
            Queue and slots
          </button>
        )}
        {isAdmin.value && (
          <button type="button" class="danger" onClick={onRemove}>
            Remove
          </button>
        )}
      </div>
      {slotsOpen && <QueuePanel channel={channel} timeZone={zone} onChange={onChange} />}
    </li>
  );
}

function ConnectForm({ brandId, onConnected, network: asked }: { brandId: string; onConnected: () => void; network?: string | null }) {
  const health = useLoad(() => api<{ connectable_networks: string[] }>('GET', '/health'), []);
  const connectable = health.data?.connectable_networks ?? ['bluesky', 'mastodon'];
  // Connectable networks first, then the ones that can only be recorded for now.
  const networks = [...connectable, ...allNetworks.filter((n) => !connectable.includes(n))];
  const [network, setNetwork] = useState(asked && allNetworks.concat('testnet').includes(asked) ? asked : 'bluesky');
  const connectForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (asked) connectForm.current?.scrollIntoView({ block: 'start' });
  }, [asked]);
  const { values: form, error, setError, busy, bind: set, submit: onSubmit } = useForm({
    identifier: '', app_password: '', service: '', instance: '', display_name: '', handle: '',
  });
  const method = connectable.includes(network) ? connectMethod(network) : 'record';
  const redirects = method === 'oauth' || method === 'oauth_instance';
  const submit = onSubmit(async () => {
    if (redirects) {
      const body = method === 'oauth_instance' ? { brand_id: brandId, instance: form.instance } : { brand_id: brandId };
      const started = await api<{ authorization_url: string }>('POST', `/channels/connect/${network}`, body);
      window.location.assign(started.authorization_url);
      return;
    }
    const body =
      method === 'app_password'
        ? { brand_id: brandId, network, identifier: form.identifier, app_password: form.app_password, service: form.service || undefined }
        : { brand_id: brandId, network, display_name: form.display_name, handle: form.handle };
    await api('POST', '/channels', body);
    notify(method === 'record' ? 'Channel added (not connected yet)' : 'Channel connected');
    onConnected();
  });
  const fields = ['identifier', 'app_password', 'service', 'instance', 'display_name', 'handle', 'network'];
  return (
    <form class="card connect" ref={connectForm} onSubmit={submit} aria-labelledby="connect-title">
      <h2 id="connect-title">Connect a channel</h2>
      <Field label="Network" error={fieldError(error, 'network')}>
        {(id, d) => (
          <select id={id} value={network} aria-describedby={d} onChange={(e) => (setNetwork((e.target as HTMLSelectElement).value), setError(null))}>
            {networks.map((n) => (
              <option value={n} key={n}>
                {look(n).name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {method === 'app_password' && (
        <>
          <Field label={network === 'bluesky' ? 'Handle or e-mail' : 'Username'} error={fieldError(error, 'identifier')}>
            {(id, d) => <input id={id} required autoComplete="off" value={form.identifier} aria-describedby={d} onInput={set('identifier')} />}
          </Field>
          <Field label={network === 'bluesky' ? 'App password' : 'Password'} error={fieldError(error, 'app_password')}
            hint={network === 'bluesky' ? 'Made in Bluesky under Settings → Privacy and security → App passwords' : undefined}>
            {(id, d) => <input id={id} type="password" required autoComplete="off" value={form.app_password} aria-describedby={d} onInput={set('app_password')} />}
          </Field>
          {network === 'bluesky' && (
            <Field label="Server (optional)" error={fieldError(error, 'service')} hint="For accounts on a self-hosted PDS">
              {(id, d) => <input id={id} type="url" placeholder="https://bsky.social" value={form.service} aria-describedby={d} onInput={set('service')} />}
            </Field>
          )}
        </>
      )}
      {method === 'oauth' && <p class="muted">You will be sent to {look(network).name} to approve Chorus, then brought back here.</p>}
      {method === 'oauth_instance' && (
        <Field label="Instance" error={fieldError(error, 'instance')} hint="You will be sent there to approve Chorus">
          {(id, d) => <input id={id} required placeholder="mastodon.social" value={form.instance} aria-describedby={d} onInput={set('instance')} />}
        </Field>
      )}
      {method === 'record' && (
        <>
          <p class="muted">
            {look(network).name} cannot be connected on this server yet: an administrator has to register Chorus with {look(network).name} first
            (docs/NETWORKS.md). Meanwhile the channel can be recorded for planning.
          </p>
          <Field label="Name" error={fieldError(error, 'display_name')}>
            {(id, d) => <input id={id} required value={form.display_name} aria-describedby={d} onInput={set('display_name')} />}
          </Field>
          <Field label="Handle" error={fieldError(error, 'handle')}>
            {(id, d) => <input id={id} value={form.handle} aria-describedby={d} onInput={set('handle')} />}
          </Field>
        </>
      )}
      {formError(error, fields) && (
        <p class="field-error" role="alert">
          <ErrorText message={formError(error, fields)!} />
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {redirects ? `Continue to ${look(network).name}` : method === 'record' ? 'Add channel' : 'Connect'}
      </button>
    </form>
  );
}
