// The first-run page: an installation without any account creates its owner and organisation.
import { api } from '../api';
import { Field, fieldError, formError, useForm } from '../components/ui';
import { adopt, loadBrands } from '../session';
import { navigate } from '../router';
import type { Session } from '../types';

export function FirstRun({ onDone }: { onDone: () => void }) {
  const { values: form, error, busy, bind: set, submit: onSubmit } = useForm({ organisation: '', name: '', email: '', password: '' }, { keepValues: true });
  const submit = onSubmit(async () => {
    adopt(await api<Session>('POST', '/setup', form));
    await loadBrands();
    navigate('/calendar', { replace: true, force: true });
    onDone();
  });
  const fields = ['organisation', 'name', 'email', 'password'];
  return (
    <main class="centered">
      <form class="card narrow" onSubmit={submit} aria-labelledby="setup-title">
        <h1 id="setup-title">Welcome to Chorus</h1>
        <p class="muted">This installation has no account yet. Create the owner account and your organisation.</p>
        <Field label="Organisation" error={fieldError(error, 'organisation')}>
          {(id, d) => <input id={id} required value={form.organisation} aria-describedby={d} onInput={set('organisation')} />}
        </Field>
        <Field label="Your name" error={fieldError(error, 'name')}>
          {(id, d) => <input id={id} autoComplete="name" value={form.name} aria-describedby={d} onInput={set('name')} />}
        </Field>
        <Field label="E-mail" error={fieldError(error, 'email')}>
          {(id, d) => <input id={id} type="email" autoComplete="username" required value={form.email} aria-describedby={d} onInput={set('email')} />}
        </Field>
        <Field label="Password" error={fieldError(error, 'password')} hint="At least 10 characters">
          {(id, d) => (
            <input id={id} type="password" autoComplete="new-password" required value={form.password} aria-describedby={d} onInput={set('password')} />
          )}
        </Field>
        {formError(error, fields) && (
          <p class="field-error" role="alert">
            {formError(error, fields)}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          Create owner account
        </button>
      </form>
    </main>
  );
}
