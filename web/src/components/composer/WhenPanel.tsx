// When the post goes out: a date and time in the brand's zone, the next free queue slot,
// now, or not yet (a draft). A role that may not publish sees so before any click.
import type { When } from '../../compose';
import { zoneLabel } from '../../time';
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
}

export function WhenPanel({ timeZone, date, time, onDate, onTime, whenError, formError, busy, noChannels, blocked, mayPublish, role, onSend }: Props) {
  const wall = date && time ? `${date}T${time}` : '';
  const cannotSend = busy || noChannels || blocked || !mayPublish;
  return (
    <fieldset class="when">
      <legend>When ({zoneLabel(timeZone)})</legend>
      <div class="row">
        <Field label="Date" error={whenError}>
          {(id, d) => <input id={id} type="date" value={date} aria-describedby={d} aria-invalid={whenError ? 'true' : undefined}
            onInput={(e) => onDate((e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label="Time">{(id) => <input id={id} type="time" value={time} onInput={(e) => onTime((e.target as HTMLInputElement).value)} />}</Field>
      </div>
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
        <button type="button" class="primary" disabled={cannotSend || !wall} aria-describedby={mayPublish ? undefined : 'role-notice'}
          onClick={() => onSend({ kind: 'at', wall })}>
          Schedule
        </button>
        <button type="button" disabled={cannotSend} aria-describedby={mayPublish ? undefined : 'role-notice'} onClick={() => onSend({ kind: 'queue' })}>
          Add to queue
        </button>
        <button type="button" disabled={cannotSend} aria-describedby={mayPublish ? undefined : 'role-notice'} onClick={() => onSend({ kind: 'now' })}>
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
