// The first steps, ticked as they are done: a brand, a channel, posting slots, a first post.
// Shown to a new organisation until every step is done or it is put away.
import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { brand, brands, canPublish, isAdmin } from '../session';
import type { Channel, Post } from '../types';
import { useLoad } from './ui';

interface Step {
  key: string;
  label: string;
  done: boolean;
  href: string;
  action: string;
}

const dismissedKey = 'chorus.onboarding.dismissed';

export function onboardingSteps(facts: { brands: number; channels: number; slots: number; posts: number }, admin: boolean): Step[] {
  return [
    admin
      ? { key: 'brand', label: 'Create a brand, in its time zone', done: facts.brands > 0, href: '/settings', action: 'Create a brand' }
      : { key: 'brand', label: 'An administrator of the organisation creates a brand', done: facts.brands > 0, href: '', action: '' },
    { key: 'channel', label: 'Connect a channel', done: facts.channels > 0, href: '/channels', action: 'Connect a channel' },
    { key: 'slots', label: 'Set posting slots for the queue', done: facts.slots > 0, href: '/channels', action: 'Set slots' },
    { key: 'post', label: 'Write your first post', done: facts.posts > 0, href: '/compose', action: 'Write a post' },
  ];
}

export function Onboarding({ dismissible }: { dismissible?: boolean }) {
  const b = brand.value;
  const [dismissed, setDismissed] = useState(() => {
    try {
      return window.localStorage.getItem(dismissedKey) === '1';
    } catch {
      return false;
    }
  });
  const facts = useLoad(async () => {
    if (dismissible && dismissed) return null;
    if (!b) return { brands: brands.value.length, channels: 0, slots: 0, posts: 0 };
    const channels = (await api<{ items: Channel[] }>('GET', '/channels' + query({ brand_id: b.id, limit: '200' }))).items;
    const slots = await Promise.all(channels.map((c) => api<{ slots: unknown[] }>('GET', `/channels/${c.id}/slots`).then((q) => q.slots.length)));
    const posts = (await api<{ items: Post[] }>('GET', '/posts' + query({ brand_id: b.id, limit: '1', view: 'summary' }))).items;
    // A channel counts once it can publish: one recorded for planning is not connected.
    const connected = channels.filter((c) => c.status === 'connected').length;
    return { brands: brands.value.length, channels: connected, slots: slots.reduce((a, n) => a + n, 0), posts: posts.length };
  }, [b?.id, brands.value.length]);
  if (!facts.data || (b && !canPublish.value)) return null;
  const steps = onboardingSteps(facts.data, isAdmin.value);
  const left = steps.filter((s) => !s.done).length;
  if ((dismissible && dismissed) || left === 0) return null;
  const next = steps.find((s) => !s.done)!;
  const dismiss = () => {
    setDismissed(true);
    try {
      window.localStorage.setItem(dismissedKey, '1');
    } catch {
      // private mode: it shows again next time
    }
  };
  return (
    <section class="onboarding card" aria-labelledby="onboarding-title">
      <div class="row spread">
        <h2 id="onboarding-title">Get started: {steps.length - left} of {steps.length} done</h2>
        {dismissible && (
          <button type="button" class="link" onClick={dismiss}>
            Hide
          </button>
        )}
      </div>
      <ol class="checklist">
        {steps.map((step) => (
          <li key={step.key} class={step.done ? 'done' : ''} data-step={step.key}>
            <span class="tick" aria-hidden="true">{step.done ? '✓' : ''}</span>
            <span>
              {step.label}
              <span class="visually-hidden">{step.done ? ' (done)' : ' (to do)'}</span>
            </span>
            {!step.done && step === next && step.href && (
              <a class="button primary" href={step.href}>
                {step.action}
              </a>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
