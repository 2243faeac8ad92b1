// Small pieces every screen uses: loading with retry, fields with their API error, badges.
import type { ComponentChildren, JSX } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { signal } from '@preact/signals';
import { ApiError } from '../api';
import { look } from '../networks';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  set: (value: T) => void;
}

// Loads on mount and whenever `deps` change; a failure keeps the error for a retry button.
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setLoading(true);
    setError(null);
    load().then(
      (value) => mine === generation.current && (setData(value), setLoading(false)),
      (failure) => mine === generation.current && (setError(asApiError(failure)), setLoading(false)),
    );
  }, deps);
  useEffect(run, [run]);
  return { data, error, loading, reload: run, set: setData };
}

export function asApiError(failure: unknown): ApiError {
  if (failure instanceof ApiError) return failure;
  return new ApiError(500, { code: 'unexpected', message: String((failure as Error)?.message ?? failure) });
}

// What a screen shows instead of its content while loading or after a failure: never blank.
export function Loading<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (state.error)
    return (
      <div class="problem" role="alert">
        <p>{state.error.unreachable ? state.error.message : `Could not load this: ${state.error.message}`}</p>
        <button type="button" onClick={state.reload}>
          Retry
        </button>
      </div>
    );
  if (state.data === undefined) return <p class="muted" aria-busy="true">Loading…</p>;
  return <>{children(state.data)}</>;
}

// Runs what the user asked for; success says so, a failure becomes an error message.
export async function attempt(action: () => Promise<unknown>, success?: string): Promise<boolean> {
  try {
    await action();
    if (success) notify(success);
    return true;
  } catch (error) {
    notify(asApiError(error).message, 'error');
    return false;
  }
}

// A form's values, its API error (shown next to the field it names) and busy state.
export function useForm<T extends Record<string, string>>(initial: T, options: { keepValues?: boolean } = {}) {
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const bind = (key: keyof T) => (e: Event) => setValues({ ...values, [key]: (e.target as HTMLInputElement).value });
  const submit = (action: () => Promise<void>) => async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
      if (!options.keepValues) setValues(initial);
    } catch (failure) {
      setError(asApiError(failure));
    }
    setBusy(false);
  };
  return { values, setValues, error, setError, busy, bind, submit };
}

let fieldCounter = 0;
export function useId(prefix: string): string {
  const id = useRef(`${prefix}-${++fieldCounter}`);
  return id.current;
}

interface FieldProps {
  label: string;
  error?: string | null;
  hint?: string;
  children: (id: string, describedBy: string | undefined) => JSX.Element;
}

// A label, the control, and the API's message for this field right under it.
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId('field');
  // The error and the hint both describe the control: a screen reader hears why it is
  // invalid, and what it takes.
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={'field' + (error ? ' invalid' : '')}>
      <label for={id}>{label}</label>
      {children(id, describedBy)}
      {hint && (
        <small id={`${id}-hint`} class="muted">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} class="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

// The error of a form: the field it names, or the whole form.
export function fieldError(error: ApiError | null, field: string): string | null {
  return error && error.field === field ? error.message : null;
}

export function formError(error: ApiError | null, fields: string[]): string | null {
  return error && !fields.includes(error.field ?? '') ? error.message : null;
}

// The network's mark in white on its colour (two letters where it has none), named for
// screen readers.
export function NetworkBadge({ network, small }: { network: string; small?: boolean }) {
  const l = look(network);
  const [width, height, , , path] = l.icon?.icon ?? [];
  return (
    <span class={'badge' + (small ? ' small' : '')} style={{ background: l.colour }} title={l.name} role="img" aria-label={l.name}>
      {l.icon ? (
        <svg viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
          <path fill="currentColor" d={Array.isArray(path) ? path.join(' ') : path} />
        </svg>
      ) : (
        l.badge
      )}
    </span>
  );
}

export function StatusPill({ status }: { status: string }) {
  return <span class={`pill status-${status}`}>{status.replace('_', ' ')}</span>;
}

// Short messages after an action ("Scheduled", "Moved back: …"), read out by screen readers.
export const toast = signal<{ text: string; kind: 'ok' | 'error' } | null>(null);
let toastTimer: number | undefined;
export function notify(text: string, kind: 'ok' | 'error' = 'ok') {
  toast.value = { text, kind };
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (toast.value = null), 6000);
}

export function Toast() {
  const current = toast.value;
  return (
    <div class="toast-area" aria-live="polite">
      {current && (
        <div class={`toast ${current.kind}`} role={current.kind === 'error' ? 'alert' : 'status'}>
          {current.text}
        </div>
      )}
    </div>
  );
}

// A network's refusal in words, with what the network or the connection said verbatim
// (after "Details: ") folded away for whoever diagnoses it.
export function ErrorText({ message, code }: { message: string; code?: string }) {
  const at = message.indexOf(' Details: ');
  const words = at < 0 ? message : message.slice(0, at);
  const raw = [at < 0 ? '' : message.slice(at + ' Details: '.length), code ?? ''].filter(Boolean).join(' · ');
  return (
    <>
      {words}
      {raw && (
        <details class="error-details">
          <summary>Details</summary>
          <code>{raw}</code>
        </details>
      )}
    </>
  );
}
