import { describe, expect, it, vi, beforeEach } from 'vitest';
import { api, ApiError, query, requestHeaders, setCsrfToken } from './api';
import { brandId, loadBrands, pickBrand, rememberedBrand } from './session';
import type { Brand } from './types';

const brand = (id: string): Brand => ({ id, name: id, time_zone: 'UTC', colour: '#000', avatar_url: null });

describe('the brand switcher remembers the last brand', () => {
  beforeEach(() => window.localStorage.clear());
  it('falls back to the first brand when the remembered one is gone', () => {
    expect(rememberedBrand([brand('a'), brand('b')], 'b')).toBe('b');
    expect(rememberedBrand([brand('a'), brand('b')], 'gone')).toBe('a');
    expect(rememberedBrand([], 'b')).toBeNull();
  });
  it('keeps the choice across reloads', async () => {
    pickBrand('b');
    brandId.value = null;
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ items: [brand('a'), brand('b')] }), { status: 200 })));
    await loadBrands();
    expect(brandId.value).toBe('b');
    vi.unstubAllGlobals();
  });
});

describe('api', () => {
  it('sends the CSRF token on writes only', () => {
    setCsrfToken('tok');
    expect(requestHeaders('POST', true)['X-CSRF-Token']).toBe('tok');
    expect(requestHeaders('GET', false)['X-CSRF-Token']).toBeUndefined();
    setCsrfToken('');
    expect(requestHeaders('DELETE', false)['X-CSRF-Token']).toBeUndefined();
  });
  it('turns the error body into an ApiError naming the field', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: { code: 'too_long', message: 'Too long', field: 'targets[0].text' } }), { status: 422 })));
    const failure = (await api('POST', '/posts', {}).catch((e: unknown) => e)) as ApiError;
    expect(failure).toBeInstanceOf(ApiError);
    expect([failure.status, failure.code, failure.field]).toEqual([422, 'too_long', 'targets[0].text']);
    vi.unstubAllGlobals();
  });
  it('reports an unreachable server as such, for a retry', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const failure = (await api('GET', '/posts').catch((e: unknown) => e)) as ApiError;
    expect(failure.unreachable).toBe(true);
    vi.unstubAllGlobals();
  });
  it('builds queries without empty parameters', () => {
    expect(query({ brand_id: 'b1', status: '', channel_id: undefined })).toBe('?brand_id=b1');
    expect(query({})).toBe('');
  });
});
