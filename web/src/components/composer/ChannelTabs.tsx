// The composer's tabs: the text of all channels, then one per chosen channel with its
// count against the network's limit (red when over) and a mark when it has its own text.
// Arrow keys move between tabs, as the ARIA tabs pattern has it.
import { counterText } from '../../compose';
import { look } from '../../networks';
import { formatNumber } from '../../time';
import type { Channel, Check } from '../../types';
import { NetworkBadge } from '../ui';

interface Props {
  channels: Channel[];
  channelIds: string[];
  overrides: Record<string, string>;
  checks: Record<string, Check>;
  showChecks: boolean;
  tab: string;
  onTab: (tab: string) => void;
}

export function ChannelTabs({ channels, channelIds, overrides, checks, showChecks, tab, onTab }: Props) {
  const order = ['base', ...channelIds];
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next = order[(order.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : order.length - 1)) % order.length];
    onTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  return (
    <div role="tablist" aria-label="Text per channel" class="tabs" onKeyDown={onKey}>
      {order.map((id) => {
        const channel = channels.find((c) => c.id === id);
        const check = channel ? checks[id] : null;
        // Red only once the user has written something or tried to send: an empty post is
        // not yet a mistake.
        const flagged = showChecks && check && !check.valid;
        return (
          <button key={id} id={`tab-${id}`} role="tab" type="button" aria-selected={tab === id} tabIndex={tab === id ? 0 : -1}
            aria-controls="editor-panel" class={flagged ? 'tab invalid' : 'tab'} onClick={() => onTab(id)}>
            {channel ? (
              <>
                <NetworkBadge network={channel.network} small /> {look(channel.network).name}
                {overrides[id]?.trim() ? <span title="Own text on this channel"> ✎</span> : ''}
                {check && <span class={'counter' + (flagged ? ' over' : '')}> {counterText(check, (n) => formatNumber(n))}</span>}
              </>
            ) : (
              'All channels'
            )}
          </button>
        );
      })}
    </div>
  );
}
