import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { Field, asApiError, fieldError, formError } from '../components/ui';
import { signIn } from '../session';
import { navigate } from '../router';

export function SignIn() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
      const path = window.location.pathname;
      navigate(path === '/' || path === '/signin' ? '/calendar' : path + window.location.search, { replace: true, force: true });
    } catch (failure) {
      setError(asApiError(failure));
      setBusy(false);
    }
  };
  return (
    <main class="centered">
      <form class="card narrow" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Chorus</h1>
        <Field label="E-mail" error={fieldError(error, 'email')}>
          {(id, describedBy) => (
            <input id={id} type="email" autoComplete="username" required value={email} aria-describedby={describedBy}
              onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
          )}
        </Field>
        <Field label="Password" error={fieldError(error, 'password')}>
          {(id, describedBy) => (
            <input id={id} type="password" autoComplete="current-password" required value={password} aria-describedby={describedBy}
              onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
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
