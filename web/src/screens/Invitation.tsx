// The page an invitation link opens (/invite#<token>): who invites whom to what, then
// joining with the account's own password, or with the password of a new account. The token
// rides in the fragment, which the browser never sends to a server.
import { useEffect } from 'preact/hooks';
import { api } from '../api';
import { Field, fieldError, formError, useForm, useLoad } from '../components/ui';
import { acceptInvitation, session } from '../session';
import { navigate } from '../router';
import { defaultTimeZone } from '../components/TimeZoneInput';
import { formatInZone } from '../time';
import type { InvitationOffer } from '../types';

export function InvitationScreen() {
  const token = window.location.hash.slice(1);
  const offer = useLoad(() => api<InvitationOffer>('POST', '/invitations/preview', { token }), [token]);
  const { values, setValues, error, busy, bind, submit } = useForm({ name: '', password: '' }, { keepValues: true });
  useEffect(() => {
    if (offer.data?.name) setValues((current) => ({ ...current, name: current.name || offer.data!.name }));
  }, [offer.data]);
  const join = submit(async () => {
    await acceptInvitation(token, values.password, values.name);
    navigate('/calendar', { replace: true, force: true });
  });
  if (offer.error)
    return (
      <main class="centered">
        <div class="card narrow" role="alert">
          <h1>This invitation cannot be used</h1>
          <p>{offer.error.message}</p>
          <p>
            <a href="/signin">Sign in</a> if you are already a member.
          </p>
        </div>
      </main>
    );
  if (!offer.data)
    return (
      <main class="centered">
        <p class="muted" aria-busy="true">Loading…</p>
      </main>
    );
  const invitation = offer.data;
  return (
    <main class="centered">
      <form class="card narrow" onSubmit={join} aria-labelledby="invite-title">
        <h1 id="invite-title">Join {invitation.organisation}</h1>
        <p>
          {invitation.invited_by} invites you to work in Chorus for {invitation.organisation}, as <strong>{invitation.role}</strong>.
        </p>
        <p class="muted small">The link works once, until {formatInZone(invitation.expires_at, defaultTimeZone)}.</p>
        {session.value && session.value.user.email !== invitation.email && (
          <p class="notice" role="status">
            This browser is signed in as {session.value.user.email}. Joining signs it in as {invitation.email} instead.
          </p>
        )}
        <Field label="E-mail">
          {(id) => <input id={id} type="email" autoComplete="username" value={invitation.email} readOnly />}
        </Field>
        <Field label="Password" error={fieldError(error, 'password')}
          hint="Already have a Chorus account with this address? Its password. Otherwise choose one, at least 10 characters.">
          {(id, d) => (
            <input id={id} type="password" autoComplete="current-password" required value={values.password} aria-describedby={d}
              onInput={bind('password')} />
          )}
        </Field>
        <Field label="Your name" error={fieldError(error, 'name')} hint="For a new account">
          {(id, d) => <input id={id} autoComplete="name" value={values.name} aria-describedby={d} onInput={bind('name')} />}
        </Field>
        {formError(error, ['password', 'name']) && (
          <p class="field-error" role="alert">
            {formError(error, ['password', 'name'])}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Joining…' : `Join ${invitation.organisation}`}
        </button>
      </form>
    </main>
  );
}
