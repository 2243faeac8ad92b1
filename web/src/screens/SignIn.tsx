import { Field, fieldError, formError, useForm } from '../components/ui';
import { signIn } from '../session';
import { navigate } from '../router';

export function SignIn() {
  const { values, error, busy, bind, submit: onSubmit } = useForm({ email: '', password: '' }, { keepValues: true });
  const submit = onSubmit(async () => {
    await signIn(values.email, values.password);
    const path = window.location.pathname;
    navigate(path === '/' || path === '/signin' ? '/calendar' : path + window.location.search, { replace: true, force: true });
  });
  return (
    <main class="centered">
      <form class="card narrow" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Chorus</h1>
        <Field label="E-mail" error={fieldError(error, 'email')}>
          {(id, describedBy) => (
            <input id={id} type="email" autoComplete="username" required value={values.email} aria-describedby={describedBy}
              onInput={bind('email')} />
          )}
        </Field>
        <Field label="Password" error={fieldError(error, 'password')}>
          {(id, describedBy) => (
            <input id={id} type="password" autoComplete="current-password" required value={values.password} aria-describedby={describedBy}
              onInput={bind('password')} />
          )}
        </Field>
        {formError(error, ['email', 'password']) && (
          <p class="field-error" role="alert">
            {formError(error, ['email', 'password'])}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
