// The shell: who is signed in decides between first run, sign-in and the app; the brand
// switcher and the navigation are always visible once inside.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { Loading, Toast, asApiError, useLoad } from './components/ui';
import { location, match, navigate, onLinkClick } from './router';
import {
  brand,
  brandId,
  brands,
  loadBrands,
  loadOrganisations,
  loadSession,
  organisation,
  organisations,
  pickBrand,
  session,
  signOut,
  switchOrganisation,
} from './session';
import { SignIn } from './screens/SignIn';
import { FirstRun } from './screens/FirstRun';
import { Channels } from './screens/Channels';
import { Composer } from './screens/Composer';
import { CalendarScreen } from './screens/Calendar';
import { PostDetail } from './screens/PostDetail';
import { MediaLibrary } from './screens/MediaLibrary';
import { Settings } from './screens/Settings';
import { Account } from './screens/Account';
import { InvitationScreen } from './screens/Invitation';
import { Onboarding } from './components/Onboarding';

const nav = [
  { path: '/calendar', label: 'Calendar' },
  { path: '/compose', label: 'Compose' },
  { path: '/channels', label: 'Channels' },
  { path: '/media', label: 'Media' },
  { path: '/settings', label: 'Settings' },
];

export function App() {
  const start = useLoad(async () => {
    const setup = await api<{ needed: boolean }>('GET', '/setup');
    if (setup.needed) return 'setup' as const;
    const signedIn = await loadSession();
    if (signedIn) await loadBrands();
    return 'ready' as const;
  }, []);
  return (
    <div onClick={onLinkClick}>
      <Loading state={start}>
        {(phase) =>
          location.value.path === '/invite' ? <InvitationScreen /> : phase === 'setup' && !session.value ? <FirstRun onDone={start.reload} /> : <Signed />
        }
      </Loading>
      <Toast />
    </div>
  );
}

function Signed() {
  if (session.value === null || session.value === undefined) return <SignIn />;
  return <Shell />;
}

function BrandSwitcher() {
  if (brands.value.length === 0) return null;
  return (
    <label class="brand-switcher">
      <span class="visually-hidden">Brand</span>
      <select value={brandId.value ?? ''} onChange={(e) => pickBrand((e.target as HTMLSelectElement).value)} aria-label="Brand">
        {brands.value.map((b) => (
          <option value={b.id} key={b.id}>
            {b.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function Shell() {
  const path = location.value.path;
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.querySelector('.account-menu')?.removeAttribute('open');
  }, [path]);
  useEffect(() => {
    if (path === '/' || path === '/signin' || path === '/setup') navigate('/calendar', { replace: true, force: true });
  }, [path]);
  useEffect(() => {
    loadOrganisations().catch(() => undefined);  // the menu then offers the others; without it, this one only
  }, [session.value?.org_id]);
  const switchTo = async (orgId: string) => {
    setBusy(true);
    try {
      await switchOrganisation(orgId);
      document.querySelector('.account-menu')?.removeAttribute('open');
      navigate('/calendar', { force: true });
    } catch (error) {
      alert(asApiError(error).message);
    }
    setBusy(false);
  };
  const leave = async () => {
    setBusy(true);
    try {
      await signOut();
      navigate('/signin', { replace: true, force: true });
    } catch (error) {
      setBusy(false);
      alert(asApiError(error).message);
    }
  };
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header class="topbar">
        <a class="logo" href="/calendar">
          Chorus
        </a>
        <BrandSwitcher />
        <nav aria-label="Main">
          {nav.map((item) => (
            <a href={item.path} key={item.path} aria-current={path.startsWith(item.path) ? 'page' : undefined}>
              {item.label}
            </a>
          ))}
        </nav>
        <details class="account-menu">
          <summary>
            <span class="who">{session.value?.user.name || session.value?.user.email}</span>
            <span class="visually-hidden"> (account menu)</span>
          </summary>
          <div class="menu card" role="group" aria-label="Account">
            <p class="small muted">
              {session.value?.user.email}
              <br />
              {session.value?.role}
              {organisation.value && ` of ${organisation.value.name}`}
            </p>
            {organisations.value.length > 1 && (
              <ul class="plain org-switch" aria-label="Your organisations">
                {organisations.value
                  .filter((o) => o.id !== session.value?.org_id)
                  .map((o) => (
                    <li key={o.id}>
                      <button type="button" class="link" disabled={busy} onClick={() => switchTo(o.id)}>
                        Switch to {o.name}
                      </button>
                    </li>
                  ))}
              </ul>
            )}
            <a href="/account">Change password</a>
            <button type="button" class="link" onClick={leave} disabled={busy}>
              Sign out
            </button>
          </div>
        </details>
      </header>
      <main id="main" tabIndex={-1}>
        <Screen path={path} />
      </main>
    </>
  );
}

function Screen({ path }: { path: string }) {
  if (session.value?.user.must_change_password) return <Account forced />;
  const detail = match('/posts/{id}', path);
  if (detail) return <PostDetail id={detail.id} />;
  if (path === '/settings') return <Settings />;
  if (path === '/account') return <Account />;
  if (!brand.value)
    return (
      <section class="empty">
        <h1>Welcome to Chorus</h1>
        <p>Four steps to your first post. Start with a brand: it has its own channels, calendar and time zone.</p>
        <Onboarding />
      </section>
    );
  switch (path) {
    case '/compose':
      return <Composer key={brand.value.id + location.value.query.toString()} />;
    case '/channels':
      return <Channels key={brand.value.id} />;
    case '/media':
      return <MediaLibrary key={brand.value.id} />;
    default:
      return <CalendarScreen key={brand.value.id} />;
  }
}
