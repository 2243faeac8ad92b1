// The brand's posts on FullCalendar: month, week and list views in the brand's time zone,
// drag and drop to reschedule (the server validates; a refusal puts the post back and says
// why), a click opens the post, filters by channel and status.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Calendar, type EventClickArg, type EventContentArg, type EventDropArg, type EventMountArg } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import timeGridPlugin from '@fullcalendar/timegrid';
import listPlugin from '@fullcalendar/list';
import interactionPlugin from '@fullcalendar/interaction';
import { all, api, query } from '../api';
import { postEvent, type CalendarEvent } from '../calendar';
import { asApiError, notify, useLoad } from '../components/ui';
import { look } from '../networks';
import { navigate } from '../router';
import { brand, canWrite } from '../session';
import { dateInput, wallOfFloating, wallString, wallTime, zoneLabel } from '../time';
import type { Channel, Post } from '../types';

const statuses = ['scheduled', 'publishing', 'published', 'failed', 'draft', 'cancelled'];

function eventContent(arg: EventContentArg) {
  const { networks, status } = arg.event.extendedProps as CalendarEvent['extendedProps'];
  const wrapper = document.createElement('div');
  wrapper.className = 'cal-event';
  wrapper.title = `${arg.event.title} (${status})`;
  for (const network of networks) {
    const badge = document.createElement('span');
    badge.className = 'badge small';
    badge.style.background = look(network).colour;
    badge.textContent = look(network).badge;
    badge.setAttribute('aria-label', look(network).name);
    wrapper.append(badge);
  }
  const time = document.createElement('span');
  time.className = 'cal-time';
  time.textContent = arg.timeText;
  const title = document.createElement('span');
  title.className = 'cal-title';
  title.textContent = arg.event.title;
  wrapper.append(time, title);
  return { domNodes: [wrapper] };
}

export function CalendarScreen() {
  const b = brand.value!;
  const host = useRef<HTMLDivElement>(null);
  const calendar = useRef<Calendar | null>(null);
  const [channelId, setChannelId] = useState('');
  const [status, setStatus] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const channels = useLoad(() => api<{ items: Channel[] }>('GET', '/channels' + query({ brand_id: b.id, limit: '200' })).then((p) => p.items), [b.id]);
  const filters = useRef({ channelId, status });
  filters.current = { channelId, status };

  useEffect(() => {
    const now = wallTime(new Date(), b.time_zone);
    const instance = new Calendar(host.current!, {
      plugins: [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin],
      initialView: 'dayGridMonth',
      // Brand wall times are given as UTC dates (see time.ts): the grid is in the brand's zone.
      timeZone: 'UTC',
      now: new Date(Date.UTC(now.year, now.month - 1, now.day, now.hour, now.minute)),
      locale: navigator.language,
      firstDay: 1,
      height: 'auto',
      headerToolbar: { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,listWeek' },
      buttonText: { today: 'Today', month: 'Month', week: 'Week', list: 'List' },
      dayMaxEvents: 4,
      editable: canWrite.value,
      eventDurationEditable: false,
      eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
      eventContent,
      events: async (info: { start: Date; end: Date }) => {
        try {
          // The visible range is in brand wall time; widen it by a day to cover any offset.
          const from = new Date(info.start.getTime() - 86_400_000).toISOString();
          const to = new Date(info.end.getTime() + 86_400_000).toISOString();
          const posts = await all<Post>('/posts' + query({ brand_id: b.id, from, to, channel_id: filters.current.channelId, status: filters.current.status }));
          setLoadError(null);
          return posts.map((p) => postEvent(p, b.time_zone)).filter((e): e is CalendarEvent => e !== null) as any;
        } catch (error) {
          setLoadError(asApiError(error).message);
          return [];
        }
      },
      eventClick: (info: EventClickArg) => {
        info.jsEvent.preventDefault();
        navigate(`/posts/${info.event.id}`);
      },
      dateClick: (info: { date: Date }) => canWrite.value && navigate('/compose?date=' + dateInput(wallOfFloating(info.date))),
      eventDrop: async (info: EventDropArg) => {
        const wall = wallString(wallOfFloating(info.event.start!));
        try {
          await api('PATCH', `/posts/${info.event.id}`, { scheduled_at: wall });
          notify(`Moved to ${info.event.start!.toLocaleString(navigator.language, { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' })}`);
          instance.refetchEvents();
        } catch (error) {
          info.revert();
          notify(`Not moved: ${asApiError(error).message}`, 'error');
        }
      },
      eventDidMount: (info: EventMountArg) => {
        // Keyboard: every post is reachable with Tab and opens with Enter.
        info.el.setAttribute('tabindex', '0');
        info.el.setAttribute('role', 'link');
        info.el.dataset.postId = info.event.id;
        info.el.addEventListener('keydown', (e: KeyboardEvent) => e.key === 'Enter' && navigate(`/posts/${info.event.id}`));
      },
    });
    instance.render();
    calendar.current = instance;
    return () => instance.destroy();
  }, [b.id]);

  useEffect(() => calendar.current?.refetchEvents(), [channelId, status]);

  return (
    <section class="calendar-screen">
      <div class="row spread">
        <h1>Calendar</h1>
        <span class="muted">{zoneLabel(b.time_zone)}</span>
      </div>
      <div class="row filters">
        <label>
          Channel{' '}
          <select value={channelId} onChange={(e) => setChannelId((e.target as HTMLSelectElement).value)}>
            <option value="">All channels</option>
            {(channels.data ?? []).map((c) => (
              <option value={c.id} key={c.id}>
                {look(c.network).name}: {c.display_name || c.handle}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
            <option value="">Any status</option>
            {statuses.map((s) => (
              <option value={s} key={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {canWrite.value && (
          <a class="button primary" href="/compose">
            New post
          </a>
        )}
      </div>
      {loadError && (
        <div class="problem" role="alert">
          <p>Could not load the posts: {loadError}</p>
          <button type="button" onClick={() => calendar.current?.refetchEvents()}>
            Retry
          </button>
        </div>
      )}
      <div ref={host} class="calendar" />
    </section>
  );
}
