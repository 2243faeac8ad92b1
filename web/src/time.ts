// Times in the brand's zone, with the browser's own Intl data: the calendar and the
// composer show and take wall-clock times where the brand is, whatever the viewer's zone.

export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
}

const partsCache = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsCache.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    partsCache.set(timeZone, format);
  }
  return format;
}

export function wallTime(instant: string | Date, timeZone: string): WallTime {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const parts: Record<string, number> = {};
  for (const part of partsFormat(timeZone).formatToParts(date)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute };
}

const pad = (n: number) => String(n).padStart(2, '0');

// "2026-12-01T09:00": the form the API reads as a time in the brand's zone.
export function wallString(wall: WallTime): string {
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

export function dateInput(wall: WallTime): string {
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
}

export function timeInput(wall: WallTime): string {
  return `${pad(wall.hour)}:${pad(wall.minute)}`;
}

// FullCalendar gets brand wall times as if they were UTC (its own zone set to UTC), so no
// time zone library is needed and a drop gives back a wall time in the brand's zone.
export function floatingDate(instant: string, timeZone: string): Date {
  const w = wallTime(instant, timeZone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute));
}

export function wallOfFloating(date: Date): WallTime {
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
  };
}

// In the viewer's language, in the brand's zone: "Tue, 1 Dec 2026, 09:00".
export function formatInZone(instant: string, timeZone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(instant));
}

export function formatNumber(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

export function zoneLabel(timeZone: string, locale?: string): string {
  const name = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName')?.value;
  return name ? `${timeZone} (${name})` : timeZone;
}
