// A channel's queue: its posting slots as times with the days they apply to (or a preset),
// and the next two weeks of slots with the queued post that takes each, or free; the queue
// can be shuffled or paused. "Add to queue" in the composer fills the first free slot.
import { useEffect, useRef, useState } from 'preact/hooks';
import { all, api, ApiError, query } from '../api';
import { comingSlots, groupSlots, queueTimeline, resumedMessage, slotPresets, ungroupSlots, weekdays, type Slot, type SlotTime } from '../queue';
import { formatInZone, wallString, wallTime } from '../time';
import type { Channel, Post } from '../types';
import { Loading, asApiError, attempt, notify, useLoad } from './ui';

const dayLetter = (day: string, locale?: string) =>
  // 2026-12-07 is a Monday: the short name of each weekday in the viewer's language.
  new Date(Date.UTC(2026, 11, 7 + weekdays.indexOf(day as (typeof weekdays)[number]))).toLocaleDateString(locale, { weekday: 'short', timeZone: 'UTC' });

const horizonDays = 14;

interface Queue {
  slots: Slot[];
  time_zone: string;
  paused_at: string | null;
  paused_by: string | null;
  waiting: number; // while paused: posts past their time, held back
}

export function QueuePanel({ channel, timeZone, onChange }: { channel: Channel; timeZone: string; onChange?: () => void }) {
  const loaded = useLoad(async () => {
    const queue = await api<Queue>('GET', `/channels/${channel.id}/slots`);
    const now = new Date();
    const posts = await all<Post>('/posts' + query({ channel_id: channel.id, status: 'scheduled', view: 'summary',
      from: now.toISOString(), to: new Date(now.getTime() + horizonDays * 86_400_000).toISOString() }));
    return { queue, posts };
  }, [channel.id]);
  const [times, setTimes] = useState<SlotTime[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const current = times ?? groupSlots(loaded.data?.queue.slots ?? []);
  const change = (i: number, patch: Partial<SlotTime>) => setTimes(current.map((t, j) => (i === j ? { ...t, ...patch } : t)));
  const toggleDay = (i: number, day: (typeof weekdays)[number]) =>
    change(i, { days: current[i].days.includes(day) ? current[i].days.filter((d) => d !== day) : weekdays.filter((d) => d === day || current[i].days.includes(d)) });
  const save = async () => {
    setError(null);
    try {
      await api('PUT', `/channels/${channel.id}/slots`, { slots: ungroupSlots(current) });
      setTimes(null);
      notify('Posting slots saved');
      loaded.reload();
    } catch (failure) {
      setError(asApiError(failure));
    }
  };
  const shuffle = async () => {
    if (await attempt(() => api('POST', `/channels/${channel.id}/queue/shuffle`), 'Queue shuffled')) loaded.reload();
  };
  // Pausing swaps the button for another: the keyboard stays on it, not on the page.
  const toggle = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (refocus.current && toggle.current) (toggle.current.focus(), (refocus.current = false));
  });
  const pause = async () => {
    if (await attempt(() => api('POST', `/channels/${channel.id}/queue/pause`), 'Publishing paused')) {
      refocus.current = true;
      loaded.reload();
      onChange?.();
    }
  };
  const resume = async () => {
    try {
      const resumed = await api<{ due_now: number; requeued: number }>('POST', `/channels/${channel.id}/queue/resume`);
      notify(resumedMessage(resumed.due_now, resumed.requeued));
      refocus.current = true;
      loaded.reload();
      onChange?.();
    } catch (failure) {
      notify(asApiError(failure).message, 'error');
    }
  };

  return (
    <Loading state={loaded}>
      {({ queue, posts }) => {
        const now = wallString(wallTime(new Date(), timeZone));
        const queued = posts.flatMap((p) =>
          p.targets
            .filter((t) => t.channel_id === channel.id && t.queued && t.scheduled_at)
            .map((t) => ({ wall: wallString(wallTime(t.scheduled_at!, timeZone)), postId: p.id, text: (t.text ?? p.text).split('\n')[0] })),
        );
        const timeline = queueTimeline(comingSlots(queue.slots, now, horizonDays), queued);
        return (
          <div class="queue-panel">
            {queue.paused_at ? (
              <div class="notice warn row spread" role="status">
                <span>
                  Publishing is paused since {formatInZone(queue.paused_at, timeZone)}
                  {queue.paused_by ? ` (by ${queue.paused_by})` : ''}: nothing goes out on this channel, and its slots pass unused.
                  {queue.waiting > 0 &&
                    ` ${queue.waiting} post${queue.waiting === 1 ? ' is' : 's are'} past ${queue.waiting === 1 ? 'its' : 'their'} time: on resuming, queued ones move to the next free slots and the others go out at once.`}
                </span>
                <button type="button" class="primary" onClick={resume} ref={toggle}>
                  Resume publishing
                </button>
              </div>
            ) : (
              <div class="row spread pause-row">
                <span class="muted small">Pausing holds every post of this channel, queued or timed, until you resume.</span>
                <button type="button" onClick={pause} ref={toggle}>
                  Pause publishing
                </button>
              </div>
            )}
            <fieldset class="slots">
              <legend>Posting slots ({queue.time_zone})</legend>
              {current.length === 0 && <p class="muted small">No slots: "Add to queue" needs at least one. Start from a preset or add a time.</p>}
              <div class="row presets">
                {slotPresets.map((preset) => (
                  <button key={preset.label} type="button" class="small" onClick={() => setTimes(preset.times.map((t) => ({ ...t, days: [...t.days] })))}>
                    {preset.label}
                  </button>
                ))}
              </div>
              {current.map((slot, i) => (
                <div class="slot-time" key={i} role="group" aria-label={`Slot ${i + 1}`}>
                  <label>
                    <span class="visually-hidden">Time of slot {i + 1}</span>
                    <input type="time" value={slot.time} onInput={(e) => change(i, { time: (e.target as HTMLInputElement).value })} />
                  </label>
                  <div class="day-toggles">
                    {weekdays.map((day) => (
                      <button key={day} type="button" class={'day' + (slot.days.includes(day) ? ' on' : '')} aria-pressed={slot.days.includes(day)}
                        onClick={() => toggleDay(i, day)}>
                        {dayLetter(day)}
                        <span class="visually-hidden"> at {slot.time}</span>
                      </button>
                    ))}
                  </div>
                  <button type="button" class="link" aria-label={`Remove slot ${i + 1}`} title="Remove slot" onClick={() => setTimes(current.filter((_, j) => j !== i))}>
                    ✕
                  </button>
                </div>
              ))}
              {error && (
                <p class="field-error" role="alert">
                  {error.message}
                </p>
              )}
              <div class="actions">
                <button type="button" onClick={() => setTimes([...current, { time: '09:00', days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] }])}>
                  Add a time
                </button>
                <button type="button" class="primary" onClick={save} disabled={times === null}>
                  Save slots
                </button>
              </div>
            </fieldset>
            <section class="queue-timeline" aria-label={`Queue of ${channel.display_name || channel.handle}`}>
              <div class="row spread">
                <h3>Next {horizonDays} days</h3>
                <button type="button" class="small" onClick={shuffle} disabled={queued.length < 2}>
                  Shuffle the queue
                </button>
              </div>
              {timeline.length === 0 ? (
                <p class="muted small">Nothing queued and no slots in the next {horizonDays} days.</p>
              ) : (
                <ol class="plain" tabIndex={0}>
                  {timeline.map((entry) => (
                    <li key={entry.wall + (entry.postId ?? '')} class={entry.postId ? 'queued' : 'free'}>
                      <time>
                        {new Date(entry.wall + ':00Z').toLocaleString(undefined, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' })}
                      </time>{' '}
                      {entry.postId ? <a href={`/posts/${entry.postId}`}>{entry.text || '(no text)'}</a> : <span class="muted">Free slot</span>}
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>
        );
      }}
    </Loading>
  );
}
