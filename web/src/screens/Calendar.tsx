// The brand's posts on FullCalendar: month, week and list views in the brand's time zone,
// drag and drop to reschedule (the server validates; a refusal puts the post back and says
// why), a click opens the post, filters by channel and status; the queue's slots behind the
// week, and beside it the drafts without a date, dragged onto a day to schedule them.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Calendar, type EventClickArg, type EventContentArg, type EventDropArg, type EventMountArg } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import timeGridPlugin from '@fullcalendar/timegrid';
import listPlugin from '@fullcalendar/list';
import interactionPlugin, { Draggable, type DropArg } from '@fullcalendar/interaction';
import { all, api, query } from '../api';
import { DraftsPanel } from '../components/DraftsPanel';
import { Onboarding } from '../components/Onboarding';
import { dayEvent, postEvent, slotEvents, type CalendarDay, type CalendarEvent, type DayEvent, type QueueSlot } from '../calendar';
import { NetworkBadge, StatusPill, asApiError, notify, useLoad } from '../components/ui';
import { look } from '../networks';
import { navigate } from '../router';
import { brand, canDraft, canPublish } from '../session';
import { dateInput, wallOfFloating, wallString, wallTime, zoneLabel } from '../time';
import type { Channel, Post } from '../types';
import { render } from 'preact';

const statuses = ['scheduled', 'publishing', 'published', 'failed', 'draft', 'cancelled'];

// Posts a month cell draws before its "+N more" (which opens that day's list).
const shownPerDay = 3;

const legend: [string, string][] = [
  ['scheduled', 'Scheduled'], ['publishing', 'Publishing'], ['published', 'Published'], ['failed', 'Failed'], ['draft', 'Draft'], ['cancelled', 'Cancelled'],
];

// A post in the list: each channel with the text it sends (its own or the post's), how
// the post stands, whether it repeats, and its first image.
function ListEvent({ arg, channels }: { arg: EventContentArg; channels: Channel[] }) {
  const { post, status } = arg.event.extendedProps as CalendarEvent['extendedProps'];
  const thumb = post.media[0]?.kind === 'image' ? post.media[0] : null;
  return (
    <div class="cal-list-event">
      <StatusPill status={status} />
      {post.series_id && <span class="cal-series small">↻ repeats</span>}
      <ul class="plain">
        {post.targets.map((t) => {
          const channel = channels.find((c) => c.id === t.channel_id);
          return (
            <li key={t.id}>
              <NetworkBadge network={t.network} small /> <span class="muted small">{channel ? channel.display_name || channel.handle : ''}</span>
              <p class="cal-list-text">{t.text ?? post.text}</p>
            </li>
          );
        })}
      </ul>
      {thumb && <img class="cal-list-thumb" src={thumb.url} alt={thumb.alt_text} loading="lazy" />}
    </div>
  );
}

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// A post in the month or week grid, put in `line`: its channels' marks, time, a repeat mark,
// first image and first line, built as plain elements (a busy month draws a hundred at once).
function fillPostLine(line: HTMLElement, title: string, props: CalendarEvent['extendedProps'], timeText: string): HTMLElement {
  const { post, networks, status } = props;
  line.classList.add('cal-event');
  line.title = `${title} (${status})`;
  for (const network of networks) line.append(badgeNode(network).cloneNode(true));
  line.append(element('span', 'cal-time', timeText));
  if (post.series_id) {
    const repeat = element('span', 'cal-series', '↻');
    repeat.setAttribute('role', 'img');
    repeat.setAttribute('aria-label', 'Repeats');
    line.append(repeat);
  }
  const thumb = post.media[0]?.kind === 'image' ? post.media[0] : null;
  if (thumb) {
    const image = element('img', 'cal-thumb') as HTMLImageElement;
    image.src = thumb.url;
    image.alt = '';
    image.loading = 'lazy';
    line.append(image);
  }
  line.append(element('span', 'cal-title', title));
  return line;
}

// A week's post: FullCalendar's own event, with the line inside.
function weekEvent(arg: EventContentArg): HTMLElement {
  const host = element('div', 'cal-host');
  host.append(fillPostLine(element('div', ''), arg.event.title, arg.event.extendedProps as CalendarEvent['extendedProps'], arg.timeText));
  return host;
}

// A month day: its posts as links (those that may move can be dragged to another day), then
// "+N more" for the rest.
function monthDay(day: DayEvent['extendedProps']['day'], time: Intl.DateTimeFormat): HTMLElement {
  const list = element('div', 'cal-day-list');
  for (const event of day.posts) {
    const link = element('a', `cal-post status-${event.extendedProps.status}`) as HTMLAnchorElement;
    link.href = `/posts/${event.id}`;
    link.dataset.post = event.id;
    if (event.editable) {
      link.dataset.draggable = '';
      link.dataset.time = `${String(event.start.getUTCHours()).padStart(2, '0')}:${String(event.start.getUTCMinutes()).padStart(2, '0')}`;
      link.dataset.day = day.date;
      link.dataset.title = event.title;
    }
    list.append(fillPostLine(link, event.title, event.extendedProps, time.format(event.start)));
  }
  if (day.hidden > 0) {
    const more = element('button', 'cal-more' + (day.failed ? ' status-failed' : ''), `+${day.hidden} more` + (day.failed ? ` (${day.failed} failed)` : ''));
    (more as HTMLButtonElement).type = 'button';
    list.append(more);
  }
  return list;
}

// A network's mark, made once per network and cloned for each post: parsing its SVG for
// every post of a busy month is work the month does not need.
const badgeNodes = new Map<string, HTMLElement>();
function badgeNode(network: string): HTMLElement {
  let node = badgeNodes.get(network);
  if (node === undefined) {
    const host = document.createElement('span');
    render(<NetworkBadge network={network} small />, host);
    node = host.firstElementChild as HTMLElement;
    badgeNodes.set(network, node);
  }
  return node;
}

// Narrow screens get the views under the grid, so that every button stays on screen.
const narrow = () => window.matchMedia('(max-width: 640px)').matches;

export function CalendarScreen() {
  const b = brand.value!;
  const host = useRef<HTMLDivElement>(null);
  const calendar = useRef<Calendar | null>(null);
  const [channelId, setChannelId] = useState('');
  const [status, setStatus] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const channels = useLoad(() => api<{ items: Channel[] }>('GET', '/channels' + query({ brand_id: b.id, limit: '200' })).then((p) => p.items), [b.id]);
  // Each channel's queue slots, drawn behind the week, once the channels are known.
  const slots = useLoad(
    () =>
      Promise.all((channels.data ?? []).map(async (c) => ({
        channel: c.display_name || c.handle,
        slots: (await api<{ slots: QueueSlot[] }>('GET', `/channels/${c.id}/slots`)).slots,
      }))),
    [channels.data],
  );
  const [draftsVersion, setDraftsVersion] = useState(0);
  const filters = useRef({ channelId, status });
  filters.current = { channelId, status };
  const known = useRef<{ channels: Channel[]; slots: { channel: string; slots: QueueSlot[] }[] }>({ channels: [], slots: [] });
  known.current = { channels: channels.data ?? [], slots: slots.data ?? [] };

  useEffect(() => {
    // A post opens its page; a month day's "+N more" opens that day as a list.
    const open = (event: EventClickArg['event'], clicked: HTMLElement) => {
      const day = (event.extendedProps as Partial<DayEvent['extendedProps']>).day;
      if (!day) return navigate(`/posts/${event.id}`);
      if (clicked.closest('.cal-more')) return instance.changeView('listDay', day.date);
      const post = clicked.closest<HTMLElement>('[data-post]');
      if (post) navigate(`/posts/${post.dataset.post}`);
    };
    const timeFormat = new Intl.DateTimeFormat(navigator.language, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
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
      headerToolbar: narrow()
        ? { left: 'prev,next', center: 'title', right: 'today' }
        : { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,listWeek' },
      footerToolbar: narrow() ? { center: 'dayGridMonth,timeGridWeek,listWeek' } : undefined,
      buttonText: { today: 'Today', month: 'Month', week: 'Week', list: 'List' },
      editable: canPublish.value,
      droppable: canPublish.value,
      eventDurationEditable: false,
      // One time format everywhere, the viewer's locale's (17:30 or 5:30 PM).
      eventTimeFormat: { hour: 'numeric', minute: '2-digit' },
      slotLabelFormat: { hour: 'numeric', minute: '2-digit' },
      // The working day first; the night is a scroll away (datesSet gives the week a height
      // of its own, so that it scrolls: at 'auto' it would show all 24 hours from midnight).
      scrollTime: '08:00:00',
      // Posts close together stay readable: side by side, each tall enough for a line.
      slotEventOverlap: false,
      eventMinHeight: 26,
      eventContent: (arg: EventContentArg) => {
        if (arg.event.display === 'background') return true; // a queue slot: FullCalendar's own (empty) fill
        if (arg.event.extendedProps.day) return { domNodes: [monthDay(arg.event.extendedProps.day, timeFormat)] };
        // The week's events are built as plain elements; the list, a handful per day, is a component.
        if (!arg.view.type.startsWith('list')) return { domNodes: [weekEvent(arg)] };
        const host = document.createElement('div');
        host.className = 'cal-host';
        render(<ListEvent arg={arg} channels={known.current.channels} />, host);
        return { domNodes: [host] };
      },
      // The month's events are one per day (dayEvent), so no other view may reuse them.
      lazyFetching: false,
      // Assistive technology (and the bench) can tell an empty range from one still loading.
      loading: (isLoading: boolean) => host.current?.setAttribute('aria-busy', String(isLoading)),
      events: async (info: { start: Date; end: Date }) => {
        try {
          // The visible range is in brand wall time; widen it by a day to cover any offset.
          const from = info.start.getTime() - 86_400_000;
          const to = info.end.getTime() + 86_400_000;
          const filter = { brand_id: b.id, channel_id: filters.current.channelId, status: filters.current.status };
          // The month draws a few posts a day: the server sends just those, and counts the rest.
          // (By the range: while the view changes, instance.view is still the one before.)
          if (info.end.getTime() - info.start.getTime() > 8 * 86_400_000) {
            const { days } = await api<{ days: CalendarDay[] }>('GET', '/calendar/days' + query({
              ...filter, from: new Date(from).toISOString(), to: new Date(to).toISOString(), per_day: String(shownPerDay) }));
            setLoadError(null);
            return days.map((day) => dayEvent(day, b.time_zone)) as any;
          }
          // A week or a list shows every post, four days at a time, all at once: the pages of
          // one listing can only be fetched one after another.
          const slice = 4 * 86_400_000;
          const slices = [];
          for (let start = from; start < to; start += slice) slices.push([start, Math.min(start + slice, to)]);
          const pages = await Promise.all(
            slices.map(([start, end]) =>
              all<Post>('/posts' + query({ ...filter, from: new Date(start).toISOString(), to: new Date(end).toISOString(), view: 'summary' })),
            ),
          );
          const posts = [...new Map(pages.flat().map((p) => [p.id, p])).values()];
          setLoadError(null);
          const events = posts.map((p) => postEvent(p, b.time_zone)).filter((e): e is CalendarEvent => e !== null);
          // The week draws its queue slots behind the posts.
          const nowWall = wallTime(new Date(), b.time_zone);
          const nowFloating = new Date(Date.UTC(nowWall.year, nowWall.month - 1, nowWall.day, nowWall.hour, nowWall.minute));
          return [...events, ...slotEvents(known.current.slots, info.start, info.end, nowFloating)] as any;
        } catch (error) {
          setLoadError(asApiError(error).message);
          return [];
        }
      },
      eventClick: (info: EventClickArg) => {
        const click = info.jsEvent as MouseEvent;
        // A post's link opened in a new tab or window is the browser's to open.
        if (info.event.extendedProps.day && (click.ctrlKey || click.metaKey || click.shiftKey || click.button !== 0)) return;
        click.preventDefault();
        open(info.event, click.target as HTMLElement);
      },
      dateClick: (info: { date: Date }) => canDraft.value && navigate('/compose?date=' + dateInput(wallOfFloating(info.date))),
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
      // A draft from the panel dropped on a day: scheduled then, at 09:00 in the month (whose
      // days have no hours) or at the time dropped on in the week.
      // A month's post dragged to another day keeps its time of day.
      drop: async (info: DropArg) => {
        const { post: id, time, day } = info.draggedEl.dataset;
        const wall = wallOfFloating(info.date);
        if (info.allDay) [wall.hour, wall.minute] = time ? time.split(':').map(Number) : [9, 0];
        if (day && info.allDay && wallString(wall).startsWith(day)) return; // dropped back on its own day
        const [done, refused] = time ? ['Moved to', 'Not moved'] : ['Scheduled for', 'Not scheduled'];
        try {
          await api('PATCH', `/posts/${id}`, { scheduled_at: wallString(wall) });
          const at = new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute));
          notify(`${done} ${at.toLocaleString(navigator.language, { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' })}`);
        } catch (error) {
          notify(`${refused}: ${asApiError(error).message}`, 'error');
        }
        setDraftsVersion((v) => v + 1);
        instance.refetchEvents();
      },
      // FullCalendar's arrow icons are role="img" without a name; their buttons have one.
      datesSet: (arg: { view: { type: string } }) => {
        host.current?.querySelectorAll('.fc-icon').forEach((icon) => icon.setAttribute('aria-hidden', 'true'));
        const height = arg.view.type === 'timeGridWeek' ? 760 : 'auto';
        if (instance.getOption('height') !== height) {
          instance.setOption('height', height);
          // Once the new height is laid out; the scroller has just been made.
          if (height !== 'auto') requestAnimationFrame(() => instance.scrollToTime('08:00:00'));
        }
      },
      eventDidMount: (info: EventMountArg) => {
        if (info.event.display === 'background') return;
        if (info.event.extendedProps.day) {
          // A month day holds links and a button: it is their group, not a control itself.
          info.el.removeAttribute('tabindex');
          info.el.setAttribute('role', 'group');
          info.el.setAttribute('aria-label', info.event.title);
          return;
        }
        // Keyboard: every post is reachable with Tab and opens with Enter.
        info.el.setAttribute('tabindex', '0');
        info.el.setAttribute('role', 'link');
        info.el.addEventListener('keydown', (e: KeyboardEvent) => e.key === 'Enter' && open(info.event, info.el));
      },
    });
    instance.render();
    calendar.current = instance;
    // The month's posts are lines inside one event per day: they move like the drafts do.
    const dragging = canPublish.value
      ? new Draggable(host.current!, { itemSelector: '.cal-post[data-draggable]', eventData: (el) => ({ title: el.dataset.title, create: false }) })
      : null;
    return () => (dragging?.destroy(), instance.destroy());
  }, [b.id]);

  useEffect(() => {
    // Only the week (slots) and the list (channel names) draw them: the month has nothing to redraw.
    // (The list draws no background events.)
    if (calendar.current && calendar.current.view.type !== 'dayGridMonth') calendar.current.refetchEvents();
  }, [slots.data, channels.data]);

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
        {canDraft.value && (
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
      <Onboarding dismissible />
      <ul class="legend" aria-label="Status colours">
        {legend.map(([key, label]) => (
          <li key={key} class={`status-${key}`}>
            <span class="swatch" aria-hidden="true" /> {label}
          </li>
        ))}
        <li class="queue-slot-key">
          <span class="swatch" aria-hidden="true" /> Queue slot
        </li>
      </ul>
      <div class="calendar-layout">
        <div ref={host} class="calendar" />
        <DraftsPanel brandId={b.id} version={draftsVersion} draggable={canPublish.value} />
      </div>
    </section>
  );
}
