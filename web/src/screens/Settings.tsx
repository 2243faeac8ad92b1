// Brands, members with their roles and invitations, and personal API tokens.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { Field, Loading, attempt, fieldError, formError, notify, useForm, useLoad } from '../components/ui';
import { brands, isAdmin, loadBrands, pickBrand, session } from '../session';
import { formatInZone } from '../time';
import type { ApiToken, Brand, Invitation, Member } from '../types';
import { TimeZoneInput, defaultTimeZone } from '../components/TimeZoneInput';

const roles = ['owner', 'admin', 'editor', 'contributor', 'viewer'];
// What each role may do, as the server enforces it (src/core/role.h): said where one is chosen.
const roleHints: Record<string, string> = {
  owner: 'Everything, including other owners',
  admin: 'Members, brands and channels, and all an editor does',
  editor: 'Schedules and publishes posts, manages queues and media',
  contributor: 'Writes drafts and adds media; an editor publishes them',
  viewer: 'Sees the calendar and posts, changes nothing',
};
export function Settings() {
  return (
    <section class="settings">
      <h1>Settings</h1>
      <Brands />
      <Members />
      <Tokens />
    </section>
  );
}

function Brands() {
  const form = useForm({ name: '', time_zone: defaultTimeZone, colour: '#1d9bf0' });
  const create = form.submit(async () => {
    if (!form.values.time_zone)
      throw new ApiError(422, { code: 'required', field: 'time_zone', message: 'Choose the time zone from the list: type a city, such as Berlin' });
    const created = await api<Brand>('POST', '/brands', form.values);
    await loadBrands();
    pickBrand(created.id);
    notify(`Brand ${created.name} created`);
  });
  const changeZone = (b: Brand, zone: string) =>
    attempt(async () => (await api('PATCH', `/brands/${b.id}`, { time_zone: zone }), await loadBrands()), 'Time zone changed');
  const rename = (b: Brand, name: string) =>
    name.trim() && name !== b.name && attempt(async () => (await api('PATCH', `/brands/${b.id}`, { name: name.trim() }), await loadBrands()), 'Brand renamed');
  // `change` (not `input`) fires once, when the picker closes, not for every shade passed.
  const recolour = (b: Brand, colour: string) =>
    colour !== b.colour && attempt(async () => (await api('PATCH', `/brands/${b.id}`, { colour }), await loadBrands()), 'Colour changed');
  const remove = (b: Brand) =>
    window.confirm(`Delete the brand ${b.name} with its channels and posts?`) &&
    attempt(async () => (await api('DELETE', `/brands/${b.id}`), await loadBrands()));
  return (
    <div class="card">
      <h2>Brands</h2>
      <ul class="plain">
        {brands.value.map((b) => (
          <li key={b.id} class="row brand-row" data-brand={b.name}>
            {isAdmin.value ? (
              <input type="color" class="swatch-input" value={b.colour} aria-label={`Colour of ${b.name}`}
                onChange={(e) => recolour(b, (e.target as HTMLInputElement).value)} />
            ) : (
              <span class="swatch" style={{ background: b.colour }} aria-hidden="true" />
            )}
            <label class="grow">
              <span class="visually-hidden">Name of {b.name}</span>
              <input class="brand-name" value={b.name} disabled={!isAdmin.value} required
                onBlur={(e) => rename(b, (e.target as HTMLInputElement).value)}
                onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()} />
            </label>
            <TimeZoneInput key={b.time_zone} label={`Time zone of ${b.name}`} value={b.time_zone} disabled={!isAdmin.value} onChange={(zone) => changeZone(b, zone)} />
            {isAdmin.value && (
              <button type="button" class="link danger" onClick={() => remove(b)}>
                Delete
              </button>
            )}
          </li>
        ))}
      </ul>
      {isAdmin.value && (
        <form onSubmit={create} class="inline-form" aria-label="New brand">
          <Field label="Brand name" error={fieldError(form.error, 'name')}>
            {(id, d) => <input id={id} required value={form.values.name} aria-describedby={d} onInput={form.bind('name')} />}
          </Field>
          <TimeZoneInput label="Time zone" value={form.values.time_zone} error={fieldError(form.error, 'time_zone')}
            onChange={(zone) => form.setValues({ ...form.values, time_zone: zone })}
            onInvalid={() => form.setValues({ ...form.values, time_zone: '' })} />
          <Field label="Colour" error={fieldError(form.error, 'colour')}>
            {(id, d) => <input id={id} type="color" value={form.values.colour} aria-describedby={d} onInput={form.bind('colour')} />}
          </Field>
          {formError(form.error, ['name', 'time_zone', 'colour']) && <p class="field-error">{formError(form.error, ['name', 'time_zone', 'colour'])}</p>}
          <button type="submit" class="primary" disabled={form.busy}>
            Create brand
          </button>
        </form>
      )}
    </div>
  );
}

function Members() {
  const list = useLoad(() => api<{ items: Member[] }>('GET', '/members?limit=200').then((p) => p.items), []);
  return (
    <div class="card">
      <h2>Members</h2>
      <Loading state={list}>
        {(members) => (
          <ul class="plain">
            {members.map((m) => (
              <MemberRow key={m.user_id} member={m} onChange={list.reload} />
            ))}
          </ul>
        )}
      </Loading>
      {isAdmin.value && <Invitations />}
    </div>
  );
}

function MemberRow({ member: m, onChange }: { member: Member; onChange: () => void }) {
  const changeRole = async (role: string) => {
    await attempt(() => api('PATCH', `/members/${m.user_id}`, { role }), 'Role changed');
    onChange();
  };
  const remove = async () =>
    window.confirm(`Remove ${m.name || m.email} from the organisation?`) && (await attempt(() => api('DELETE', `/members/${m.user_id}`))) && onChange();
  return (
    <li class="row" data-member={m.email}>
      <span class="grow">
        <strong>{m.name || m.email}</strong> <span class="muted">{m.email}</span>
      </span>
      <label>
        <span class="visually-hidden">Role of {m.email}</span>
        <select value={m.role} disabled={!isAdmin.value || m.user_id === session.value?.user.id} onChange={(e) => changeRole((e.target as HTMLSelectElement).value)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      {isAdmin.value && m.user_id !== session.value?.user.id && (
        <button type="button" class="link danger" onClick={remove}>
          Remove
        </button>
      )}
    </li>
  );
}

// The link of an invitation: made from this page's own address, which is the one the
// invited person can reach too (the server's --public-url may be a loopback default).
const inviteLink = (token: string) => `${window.location.origin}/invite#${token}`;

// Nobody joins without saying yes: an invitation makes a link, to be sent to the person,
// who accepts it with their own password (or chooses one for a new account).
function Invitations() {
  const fields = ['email', 'name', 'role'];
  const pending = useLoad(() => api<{ items: Invitation[] }>('GET', '/invitations?limit=200').then((p) => p.items), []);
  const [fresh, setFresh] = useState<Invitation | null>(null);
  const form = useForm({ email: '', name: '', role: 'editor' });
  const send = async (input: { email: string; name: string; role: string }) => {
    setFresh(await api<Invitation>('POST', '/invitations', input));
    pending.reload();
  };
  const invite = form.submit(() => send(form.values));
  const cancel = async (i: Invitation) =>
    window.confirm(`Cancel the invitation of ${i.email}? Its link stops working.`) &&
    (await attempt(() => api('DELETE', `/invitations/${i.id}`), 'Invitation cancelled')) &&
    (setFresh((f) => (f?.id === i.id ? null : f)), pending.reload());
  const linkField = useRef<HTMLInputElement>(null);
  // The new link is what the admin came for: keyboard and screen reader go straight to it.
  useEffect(() => {
    if (fresh?.token) linkField.current?.focus();
  }, [fresh]);
  // The Clipboard API exists only on https and localhost; elsewhere the selection is copied.
  const copy = () =>
    attempt(async () => {
      const field = linkField.current!;
      field.select();
      if (navigator.clipboard) await navigator.clipboard.writeText(field.value);
      else if (!document.execCommand('copy')) throw new Error('Copying was refused: the link is selected, copy it with Ctrl+C');
    }, 'Link copied');
  return (
    <>
      {fresh?.token && (
        <div class="notice invitation-link" role="status">
          <p>
            Send this link to <strong>{fresh.email}</strong>: it lets them join as {fresh.role}, once, until{' '}
            {formatInZone(fresh.expires_at, defaultTimeZone)}. It is shown only now.
          </p>
          <div class="row">
            <input ref={linkField} class="grow secret" readOnly value={inviteLink(fresh.token)} aria-label={`Invitation link for ${fresh.email}`}
              onFocus={(e) => (e.target as HTMLInputElement).select()} />
            <button type="button" onClick={copy}>
              Copy link
            </button>
          </div>
        </div>
      )}
      <Loading state={pending}>
        {(invitations) =>
          invitations.length > 0 && (
            <>
              <h3>Invited, not joined yet</h3>
              <ul class="plain">
                {invitations.map((i) => (
                  <li key={i.id} class="row" data-invitation={i.email}>
                    <span class="grow">
                      <strong>{i.name || i.email}</strong> {i.name && <span class="muted">{i.email}</span>}
                    </span>
                    <span class="muted small">
                      {i.role} · {Date.parse(i.expires_at) > Date.now() ? `link valid until ${formatInZone(i.expires_at, defaultTimeZone)}` : 'link expired'}
                    </span>
                    <button type="button" class="link" onClick={() => attempt(() => send(i))}>
                      New link
                    </button>
                    <button type="button" class="link danger" onClick={() => cancel(i)}>
                      Cancel
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </Loading>
      <form onSubmit={invite} class="inline-form" aria-label="Invite a member">
        <Field label="E-mail" error={fieldError(form.error, 'email')}>
          {(id, d) => <input id={id} type="email" required value={form.values.email} aria-describedby={d} onInput={form.bind('email')} />}
        </Field>
        <Field label="Name" error={fieldError(form.error, 'name')}>
          {(id, d) => <input id={id} value={form.values.name} aria-describedby={d} onInput={form.bind('name')} />}
        </Field>
        <Field label="Role" error={fieldError(form.error, 'role')} hint={roleHints[form.values.role]}>
          {(id, d) => (
            <select id={id} value={form.values.role} aria-describedby={d} onChange={form.bind('role')}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </Field>
        {formError(form.error, fields) && <p class="field-error">{formError(form.error, fields)}</p>}
        <button type="submit" class="primary" disabled={form.busy}>
          Invite
        </button>
      </form>
    </>
  );
}

function Tokens() {
  const list = useLoad(() => api<{ items: ApiToken[] }>('GET', '/tokens?limit=200').then((p) => p.items), []);
  const [fresh, setFresh] = useState<ApiToken | null>(null);
  const form = useForm({ name: '' });
  const create = form.submit(async () => {
    setFresh(await api<ApiToken>('POST', '/tokens', form.values));
    list.reload();
  });
  const revoke = async (t: ApiToken) =>
    window.confirm(`Revoke the token "${t.name}"? Scripts using it stop working.`) &&
    (await attempt(() => api('DELETE', `/tokens/${t.id}`))) &&
    list.reload();
  return (
    <div class="card">
      <h2>API tokens</h2>
      <p class="muted">For scripts: send it as <code>Authorization: Bearer …</code>. It acts as you.</p>
      {fresh?.token && (
        <p class="notice" role="status">
          Copy the token now, it is shown only once: <code class="secret">{fresh.token}</code>
        </p>
      )}
      <Loading state={list}>
        {(tokens) => (
          <ul class="plain">
            {tokens.map((t) => (
              <li key={t.id} class="row">
                <strong class="grow">{t.name}</strong>
                <span class="muted small">{t.last_used_at ? `used ${formatInZone(t.last_used_at, defaultTimeZone)}` : 'never used'}</span>
                <button type="button" class="link danger" onClick={() => revoke(t)}>
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        )}
      </Loading>
      <form onSubmit={create} class="inline-form" aria-label="New API token">
        <Field label="Token name" error={fieldError(form.error, 'name')}>
          {(id, d) => <input id={id} required value={form.values.name} aria-describedby={d} onInput={form.bind('name')} />}
        </Field>
        <button type="submit" disabled={form.busy}>
          Create token
        </button>
      </form>
    </div>
  );
}
