// The JSON API (docs/API.md) from the browser: the session cookie is the only credential,
// and every write carries the CSRF token given at sign-in.

export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.field = body.field;
  }

  // The request never got an answer: the server is down or the network is gone.
  get unreachable(): boolean {
    return this.status === 0;
  }
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

let csrfToken = '';
let onSignedOut: () => void = () => {};

export function setCsrfToken(token: string) {
  csrfToken = token;
}

export function whenSignedOut(callback: () => void) {
  onSignedOut = callback;
}

const isWrite = (method: string) => method !== 'GET' && method !== 'HEAD';

export function requestHeaders(method: string, hasJsonBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (hasJsonBody) headers['Content-Type'] = 'application/json';
  if (isWrite(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return headers;
}

export async function errorFrom(response: Response): Promise<ApiError> {
  try {
    const body = await response.json();
    if (body && body.error) return new ApiError(response.status, body.error);
  } catch {
    // not JSON: fall through
  }
  return new ApiError(response.status, { code: 'http_' + response.status, message: `The server answered ${response.status}` });
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/api/v1' + path, {
      method,
      headers: requestHeaders(method, body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, { code: 'unreachable', message: 'Chorus cannot be reached. Check the connection and try again.' });
  }
  if (response.status === 401 && path !== '/auth/login') onSignedOut();
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

// Every page of a list, for views that need all of it (a month of the calendar).
export async function all<T>(path: string, limit = 200): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: Page<T> = await api<Page<T>>('GET', `${path}${separator}limit=${limit}${cursor ? '&cursor=' + encodeURIComponent(cursor) : ''}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

export function query(params: Record<string, string | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? '?' + text : '';
}

// Uploads with progress (fetch has none): multipart, CSRF header, the API's error shape.
export function upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1' + path);
    for (const [name, value] of Object.entries(requestHeaders('POST', false))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onerror = () => reject(new ApiError(0, { code: 'unreachable', message: 'The upload was interrupted. Try again.' }));
    xhr.onload = () => {
      let body: any = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new ApiError(xhr.status, body?.error ?? { code: 'http_' + xhr.status, message: `The server answered ${xhr.status}` }));
    };
    xhr.send(form);
  });
}
