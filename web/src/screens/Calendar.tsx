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
import { capPerDay, postEvent, type CalendarEvent, type MoreEvent } from '../calendar';
import { asApiError, notify, useLoad } from '../components/ui';
import { look } from '../networks';
import { navigate } from '../router';
import { brand, canWrite } from '../session';
import { dateInput, wallOfFloating, wallString, wallTime, zoneLabel } from '../time';
import type { Channel, Post } from '../types';

const statuses = ['scheduled', 'publishing', 'published', 'failed', 'draft', 'cancelled'];

// Posts a month cell draws before its "+N more" (which opens that day's list).
const shownPerDay = 3;

function eventContent(arg: EventContentArg) {
  if (arg.event.extendedProps.more) {
    const more = document.createElement('div');
    more.className = 'cal-event';
    more.textContent = arg.event.title;
    return { domNodes: [more] };
  }
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
    // A post opens its page; a "+N more" opens its day as a list.
    const open = (event: EventClickArg['event']) => {
      const more = (event.extendedProps as MoreEvent['extendedProps']).more;
      if (more) instance.changeView('listDay', more.day);
      else navigate(`/posts/${event.id}`);
    };
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
      editable: canWrite.value,
      eventDurationEditable: false,
      eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
      eventContent,
      // The month's events are capped per day (capPerDay), so no other view may reuse them.
      lazyFetching: false,
      events: async (info: { start: Date; end: Date }) => {
        try {
          // The visible range is in brand wall time; widen it by a day to cover any offset.
          const from = info.start.getTime() - 86_400_000;
          const to = info.end.getTime() + 86_400_000;
          // Four days at a time, all at once: a busy month is several pages, and the pages
          // of one listing can only be fetched one after another.
          const slice = 4 * 86_400_000;
          const slices = [];
          for (let start = from; start < to; start += slice) slices.push([start, Math.min(start + slice, to)]);
          const pages = await Promise.all(
            slices.map(([start, end]) =>
              all<Post>('/posts' + query({ brand_id: b.id, from: new Date(start).toISOString(), to: new Date(end).toISOString(),
                                           channel_id: filters.current.channelId, status: filters.current.status })),
            ),
          );
          const posts = [...new Map(pages.flat().map((p) => [p.id, p])).values()];
          setLoadError(null);
          const events = posts.map((p) => postEvent(p, b.time_zone)).filter((e): e is CalendarEvent => e !== null);
          // Only the month grid is capped; a week or a list shows every post.
          const month = info.end.getTime() - info.start.getTime() > 8 * 86_400_000;
          return (month ? capPerDay(events, shownPerDay) : events) as any;
        } catch (error) {
          setLoadError(asApiError(error).message);
          return [];
        }
      },
      eventClick: (info: EventClickArg) => {
        info.jsEvent.preventDefault();
        open(info.event);
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
        info.el.addEventListener('keydown', (e: KeyboardEvent) => e.key === 'Enter' && open(info.event));
      },
    });
    instance.render();
    calendar.current = instance;
    return () => instance.destroy();
  }, [b.id]);

  // On a change of filter only: the calendar fetches by itself when it is made.
  const filtered = useRef(false);
  useEffect(() => {
    if (filtered.current) calendar.current?.refetchEvents();
    filtered.current = true;
  }, [channelId, status]);

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
