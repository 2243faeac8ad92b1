// When the post goes out: a date and time in the brand's zone, the next free queue slot,
// now, or not yet (a draft). A role that may not publish sees so before any click.
import { describeRepeat, recurrenceRule, type Repeat, type When } from '../../compose';
import { wallString, wallTime, zoneLabel } from '../../time';

// Whether a wall time in the zone is before now.
const past = (wall: string, timeZone: string) => wall < wallString(wallTime(new Date(), timeZone));
import { Field } from '../ui';

interface Props {
  timeZone: string;
  date: string;
  time: string;
  onDate: (date: string) => void;
  onTime: (time: string) => void;
  whenError: string | null;
  formError: string | null;
  busy: boolean;
  noChannels: boolean;
  blocked: boolean; // a check the networks would refuse
  mayPublish: boolean;
  role: string;
  onSend: (when: When) => void;
  // A new post may repeat; a post of a series says so (its rule is kept as created).
  repeat: Repeat | null;
  onRepeat: (change: Partial<Repeat>) => void;
  inSeries: boolean;
}

export function WhenPanel(props: Props) {
  const { timeZone, date, time, onDate, onTime, whenError, formError, busy, noChannels, blocked, mayPublish, role, onSend, repeat, onRepeat, inSeries } = props;
  const wall = date && time ? `${date}T${time}` : '';
  const cannotSend = busy || noChannels || blocked || !mayPublish;
  // A repeat goes with a date and time only, and only once its end is complete.
  const repeating = !!repeat && repeat.every !== 'none';
  const ruleIncomplete = repeating && !recurrenceRule(repeat!, date);
  return (
    <fieldset class="when">
      <legend>When ({zoneLabel(timeZone)})</legend>
      {!mayPublish && <p class="small muted">A draft has no time yet: the editor who schedules it chooses one.</p>}
      <div class="row" hidden={!mayPublish}>
        <Field label="Date" error={whenError}>
          {(id, d) => <input id={id} type="date" value={date} aria-describedby={d} aria-invalid={whenError ? 'true' : undefined}
            onInput={(e) => onDate((e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label="Time">{(id) => <input id={id} type="time" value={time} onInput={(e) => onTime((e.target as HTMLInputElement).value)} />}</Field>
        {repeat && (
          <Field label="Repeat">
            {(id) => (
              <select id={id} value={repeat.every} onChange={(e) => onRepeat({ every: (e.target as HTMLSelectElement).value as Repeat['every'] })}>
                <option value="none">Does not repeat</option>
                <option value="day">Every day</option>
                <option value="week">Every week</option>
                <option value="month">Every month</option>
              </select>
            )}
          </Field>
        )}
        {repeat && repeat.every !== 'none' && (
          <Field label="Ends">
            {(id) => (
              <select id={id} value={repeat.ends} onChange={(e) => onRepeat({ ends: (e.target as HTMLSelectElement).value as Repeat['ends'] })}>
                <option value="never">Never</option>
                <option value="on">On a date</option>
                <option value="after">After a number of times</option>
              </select>
            )}
          </Field>
        )}
        {repeat && repeat.every !== 'none' && repeat.ends === 'on' && (
          <Field label="Last date">
            {(id) => <input id={id} type="date" value={repeat.until} min={date} onInput={(e) => onRepeat({ until: (e.target as HTMLInputElement).value })} />}
          </Field>
        )}
        {repeat && repeat.every !== 'none' && repeat.ends === 'after' && (
          <Field label="Times in all">
            {(id) => <input id={id} type="number" min={1} max={500} value={repeat.count} class="narrow-number"
              onInput={(e) => onRepeat({ count: (e.target as HTMLInputElement).value })} />}
          </Field>
        )}
      </div>
      {repeat && repeat.every !== 'none' && (
        <p class="small repeat-summary">
          ↻ {describeRepeat(repeat, date, time)}
          {date ? '' : ' — choose the first date'}
          {ruleIncomplete && date ? ' — say when it ends' : ''}. Scheduling creates the series; each time is a post of its own.
          {repeat.every === 'month' && Number(date.slice(8, 10)) > 28 ? ' Months without this day are skipped.' : ''}
        </p>
      )}
      {inSeries && <p class="small muted">↻ This post is one of a recurring series: editing it changes this time only.</p>}
      {formError && (
        <p class="field-error" role="alert">
          {formError}
        </p>
      )}
      {!mayPublish && (
        <p class="notice small" id="role-notice">
          As a {role}, you can save this post as a draft; an editor, admin or owner of the organisation schedules and publishes it.
        </p>
      )}
      <div class="actions">
        <button type="button" class="primary" disabled={cannotSend || !wall || ruleIncomplete} aria-describedby={mayPublish ? undefined : 'role-notice'}
          onClick={() => {
            // A time that has passed would go out at once: say so first.
            if (past(wall, timeZone) && !window.confirm('This time has already passed: the post would be published right away. Publish it now?')) return;
            onSend({ kind: 'at', wall });
          }}>
          {repeating ? 'Schedule the series' : 'Schedule'}
        </button>
        <button type="button" disabled={cannotSend || repeating} aria-describedby={mayPublish ? undefined : 'role-notice'} onClick={() => onSend({ kind: 'queue' })}>
          Add to queue
        </button>
        <button type="button" disabled={cannotSend || repeating} aria-describedby={mayPublish ? undefined : 'role-notice'} onClick={() => onSend({ kind: 'now' })}>
          Publish now
        </button>
        <button type="button" class={mayPublish ? '' : 'primary'} disabled={busy} onClick={() => onSend({ kind: 'draft' })}>
          Save draft
        </button>
      </div>
      {mayPublish && blocked && <p class="muted small">Fix the problems marked in red to schedule or publish; a draft can be saved as it is.</p>}
      {mayPublish && !blocked && !noChannels && !wall && <p class="muted small">Choose a date and time to schedule, or add the post to the queue.</p>}
    </fieldset>
  );
}
