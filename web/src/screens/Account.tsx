// The signed-in person's own account: who they are here, and a new password (the one an
// administrator or the first start printed is meant to be replaced at once).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { Field, fieldError, formError, notify, useForm } from '../components/ui';
import { loadSession, session } from '../session';

// forced: the password was printed or chosen by an administrator, and nothing else opens
// until its owner has chosen their own.
export function Account({ forced }: { forced?: boolean }) {
  const user = session.value!.user;
  const { values, error, busy, bind, submit } = useForm({ current: '', replacement: '', repeated: '' });
  const [revokeTokens, setRevokeTokens] = useState(false);
  const save = submit(async () => {
    if (values.replacement !== values.repeated) {
      throw new ApiError(422, { code: 'mismatch', message: 'The two new passwords differ', field: 'repeated' });
    }
    await api('POST', '/auth/password', { current_password: values.current, new_password: values.replacement, revoke_api_tokens: revokeTokens });
    notify(revokeTokens ? 'Password changed; your other sessions and your API tokens are ended' : 'Password changed; your other sessions are ended');
    if (forced) await loadSession();
  });
  return (
    <section class="account">
      <h1>{forced ? 'Choose your own password' : 'Your account'}</h1>
      {forced && (
        <p class="notice" role="status">
          The password you signed in with was chosen for you. Choose one of your own to continue: only you will know it.
        </p>
      )}
      <p>
        {user.name ? `${user.name} · ` : ''}
        {user.email} · <span class="muted">{session.value!.role} of this organisation</span>
      </p>
      <form class="card narrow" onSubmit={save} aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <Field label={forced ? 'The password you were given' : 'Current password'} error={fieldError(error, 'current_password')}>
          {(id, d) => <input id={id} type="password" autoComplete="current-password" required value={values.current} aria-describedby={d}
            aria-invalid={fieldError(error, 'current_password') ? 'true' : undefined} onInput={bind('current')} />}
        </Field>
        <Field label="New password" error={fieldError(error, 'new_password')} hint="At least 10 characters; a few words you will remember are best">
          {(id, d) => <input id={id} type="password" autoComplete="new-password" required value={values.replacement} aria-describedby={d}
            aria-invalid={fieldError(error, 'new_password') ? 'true' : undefined} onInput={bind('replacement')} />}
        </Field>
        <Field label="New password again" error={fieldError(error, 'repeated')}>
          {(id, d) => <input id={id} type="password" autoComplete="new-password" required value={values.repeated} aria-describedby={d}
            aria-invalid={fieldError(error, 'repeated') ? 'true' : undefined} onInput={bind('repeated')} />}
        </Field>
        {!forced && (
          <label class="check">
            <input type="checkbox" checked={revokeTokens} onChange={(e) => setRevokeTokens((e.target as HTMLInputElement).checked)} /> Also
            revoke my API tokens (scripts that use them stop working)
          </label>
        )}
        {formError(error, ['current_password', 'new_password', 'repeated']) && (
          <p class="field-error" role="alert">
            {formError(error, ['current_password', 'new_password', 'repeated'])}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          Change password
        </button>
      </form>
    </section>
  );
}
