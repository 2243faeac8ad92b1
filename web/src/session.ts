// Who is signed in, in which organisation, and the brand being worked on.
import { computed, signal } from '@preact/signals';
import { api, ApiError, setCsrfToken, whenSignedOut } from './api';
import type { Brand, Organisation, Session } from './types';

export const session = signal<Session | null | undefined>(undefined); // undefined: not known yet
export const brands = signal<Brand[]>([]);
export const brandId = signal<string | null>(null);
export const brand = computed(() => brands.value.find((b) => b.id === brandId.value) ?? null);
// The organisations the user belongs to: one is worked in at a time (the session's).
export const organisations = signal<Organisation[]>([]);
export const organisation = computed(() => organisations.value.find((o) => o.id === session.value?.org_id) ?? null);

const brandKey = 'chorus.brand';

export function adopt(signedIn: Session) {
  if (signedIn.csrf_token) setCsrfToken(signedIn.csrf_token);
  session.value = signedIn;
}

export async function loadSession(): Promise<Session | null> {
  try {
    adopt(await api<Session>('GET', '/auth/me'));
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    session.value = null;
  }
  return session.value ?? null;
}

// The brands are loaded before the session is set: the shell, once it sees a session,
// decides where to go by whether there are brands.
export async function signIn(email: string, password: string) {
  const signedIn = await api<Session>('POST', '/auth/login', { email, password });
  if (signedIn.csrf_token) setCsrfToken(signedIn.csrf_token);
  await loadBrands();
  adopt(signedIn);
}

// Accepting an invitation signs in, in the organisation just joined.
export async function acceptInvitation(token: string, password: string, name: string) {
  const signedIn = await api<Session>('POST', '/invitations/accept', { token, password, name });
  if (signedIn.csrf_token) setCsrfToken(signedIn.csrf_token);
  await loadBrands();
  adopt(signedIn);
}

export async function loadOrganisations() {
  organisations.value = (await api<{ items: Organisation[] }>('GET', '/orgs?limit=200')).items;
}

// Moves the session to another of the user's organisations, with that one's brands.
export async function switchOrganisation(orgId: string) {
  const switched = await api<Session>('POST', '/auth/switch', { org_id: orgId });
  if (switched.csrf_token) setCsrfToken(switched.csrf_token);
  await loadBrands();
  adopt(switched);
}

export async function signOut() {
  try {
    await api('POST', '/auth/logout');
  } finally {
    setCsrfToken('');
    session.value = null;
    brands.value = [];
    organisations.value = [];
  }
}

whenSignedOut(() => {
  session.value = null;
});

// The last brand used is remembered per browser; a brand that is gone falls back to the first.
export function pickBrand(id: string) {
  brandId.value = id;
  try {
    window.localStorage.setItem(brandKey, id);
  } catch {
    // private mode: remembering is a nicety
  }
}

export function rememberedBrand(list: Brand[], remembered: string | null): string | null {
  if (remembered && list.some((b) => b.id === remembered)) return remembered;
  return list[0]?.id ?? null;
}

export async function loadBrands() {
  const page = await api<{ items: Brand[] }>('GET', '/brands?limit=200');
  brands.value = page.items;
  let remembered: string | null = null;
  try {
    remembered = window.localStorage.getItem(brandKey);
  } catch {
    remembered = null;
  }
  brandId.value = rememberedBrand(page.items, remembered);
}

// What the signed-in role may do, as the server enforces it (src/core/role.h): the screens
// say so before a click rather than after a refusal.
const rank = { viewer: 0, contributor: 1, editor: 2, admin: 3, owner: 4 } as const;
const atLeast = (role: keyof typeof rank) => computed(() => rank[session.value?.role ?? 'viewer'] >= rank[role]);
// Write posts as drafts and add media.
export const canDraft = atLeast('contributor');
// Schedule, queue, publish, move on the calendar, retry; delete media.
export const canPublish = atLeast('editor');
export const isAdmin = atLeast('admin');
