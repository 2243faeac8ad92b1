// The API's objects, as the web app uses them (docs/API.md has every field).

export interface User {
  id: string;
  email: string;
  name: string;
  must_change_password?: boolean; // someone else chose the password: replace it first
}

export interface Session {
  user: User;
  org_id: string;
  role: 'owner' | 'admin' | 'editor' | 'contributor' | 'viewer';
  csrf_token?: string;
}

export interface Organisation {
  id: string;
  name: string;
  role: string;
}

export interface Brand {
  id: string;
  name: string;
  time_zone: string;
  colour: string;
  avatar_url: string | null;
}

export interface Channel {
  id: string;
  brand_id: string;
  network: string;
  display_name: string;
  handle: string;
  status: 'connected' | 'needs_reconnect' | 'error' | 'disconnected';
  paused_at: string | null; // set: publishing to this channel is paused
  health: {
    last_success_at: string | null;
    last_error_at: string | null;
    last_error: string | null;
    connected: boolean;
    token_expires_at: string | null;
    token_renews: boolean; // false: the token ends at token_expires_at unless reconnected
  };
}

export interface TargetError {
  class: string;
  code: string;
  message: string;
  http_status: number | null;
}

export interface PostMedia {
  media_id: string;
  kind: string;
  mime: string;
  width: number | null;
  height: number | null;
  alt_text: string;
  url: string;
}

export interface Target {
  id: string;
  channel_id: string;
  network: string;
  text: string | null;
  options?: Record<string, unknown>;
  first_comment?: string | null;
  // What the composer does not edit yet (title, link, thread); it sends them back as they came.
  title?: string | null;
  link?: string | null;
  thread?: string[] | null;
  media?: PostMedia[] | null;
  status: 'draft' | 'scheduled' | 'publishing' | 'published' | 'failed' | 'cancelled';
  scheduled_at: string | null;
  queued: boolean;
  attempts: number;
  remote_id: string | null;
  remote_url: string | null;
  published_at: string | null;
  error: TargetError | null;
}

export interface HistoryEvent {
  id: string;
  target_id: string | null;
  at: string;
  kind: string;
  status: string;
  detail: string;
  error_class: string | null;
  http_status: number | null;
}

export interface Post {
  id: string;
  brand_id: string;
  text: string;
  title: string | null;
  link: string | null;
  scheduled_at: string | null;
  time_zone: string;
  series_id?: string | null;
  media: PostMedia[];
  targets: Target[];
  history?: HistoryEvent[];
}

export interface Media {
  id: string;
  brand_id: string;
  kind: 'image' | 'video' | 'gif';
  filename: string;
  mime: string;
  url: string;
  size_bytes: number;
  width: number | null;
  height: number | null;
  duration_seconds: number | null;
  alt_text: string;
  tags: string[];
  folder: string;
}

export interface Problem {
  code: string;
  message: string;
  severity: 'error' | 'warning';
  range?: { start: number; end: number };
}

export interface Check {
  network: string;
  channel_id?: string;
  length: number;
  limit: number;
  unit: string;
  valid: boolean;
  problems: Problem[];
}

export interface Member {
  user_id: string;
  email: string;
  name: string;
  role: string;
  joined_at: string;
}

// A pending invitation; `token` only in the answer that creates it.
export interface Invitation {
  id: string;
  email: string;
  name: string;
  role: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  token?: string;
}

// What an invitation link offers, before it is accepted.
export interface InvitationOffer {
  organisation: string;
  email: string;
  name: string;
  role: string;
  invited_by: string;
  expires_at: string;
}

export interface ApiToken {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  token?: string;
}
