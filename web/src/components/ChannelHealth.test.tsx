import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../types';
import { ChannelHealth } from './ChannelHealth';

const channel = (status: Channel['status'], health: Partial<Channel['health']>): Channel => ({
  id: 'channel_1', brand_id: 'brand_1', network: 'bluesky', display_name: 'Café Luna', handle: 'cafeluna.bsky.social', status, paused_at: null,
  health: { last_success_at: null, last_error_at: null, last_error: null, connected: status === 'connected', token_expires_at: null, token_renews: true, ...health },
});

const shown = (c: Channel, mayReconnect = true) => {
  const host = document.createElement('div');
  render(<ChannelHealth channel={c} zone="UTC" mayReconnect={mayReconnect} />, host);
  return host;
};

describe('ChannelHealth', () => {
  it('says what to do when the network no longer takes the access, with the last failure and a way to reconnect', () => {
    const host = shown(channel('needs_reconnect', {
      last_success_at: '2026-12-01T09:00:00Z', last_error_at: '2026-12-02T09:00:00Z',
      last_error: 'The session has expired. Details: ExpiredToken',
    }));
    expect(host.textContent).toContain('connect the account again to keep publishing');
    expect(host.textContent).toContain('The session has expired.');
    expect(host.querySelector('details')?.textContent).toContain('ExpiredToken');
    expect(host.querySelector('a.button')?.getAttribute('href')).toBe('/channels?reconnect=bluesky');
    expect(shown(channel('needs_reconnect', {}), false).querySelector('a.button')).toBeNull();
  });
  it('shows a connected channel\'s failure only when it came after its last success', () => {
    const recovered = shown(channel('connected', { last_success_at: '2026-12-03T09:00:00Z', last_error_at: '2026-12-02T09:00:00Z', last_error: 'Timeout' }));
    expect(recovered.textContent).not.toContain('Timeout');
    expect(recovered.textContent).toContain('Last published');
    const failing = shown(channel('connected', { last_success_at: '2026-12-01T09:00:00Z', last_error_at: '2026-12-02T09:00:00Z', last_error: 'Timeout' }));
    expect(failing.textContent).toContain('Last failure');
    expect(shown(channel('connected', {})).textContent).toContain('Nothing published yet.');
  });
});
