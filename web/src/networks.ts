// What the web app shows per network: its name, its mark, and how its posts look in a feed
// (where the network folds long text behind "…more").
import type { IconDefinition } from '@fortawesome/free-brands-svg-icons';
import {
  faBluesky, faFacebook, faInstagram, faLinkedin, faMastodon, faPinterest, faThreads, faTiktok, faXTwitter, faYoutube,
} from '@fortawesome/free-brands-svg-icons';

export interface NetworkLook {
  name: string;
  badge: string; // two letters on the network's colour, where it has no mark
  // The network's mark, from Font Awesome's brand icons (CC BY 4.0), drawn in white on its colour.
  icon?: IconDefinition;
  colour: string;
  foldAt: number | null; // characters shown before "…more"; null: the whole text
  moreLabel: string;
  maxImages: number;
  // The post fields the network shows besides the text.
  takesTitle?: boolean;
  takesLink?: boolean;
  // What a post goes to inside the account (a Pinterest board) or who may see it (TikTok's
  // audience), chosen per channel from what the network lists for the account.
  destination?: Destination;
  // How a first comment goes out: a reply in the post's chain, or a comment under the post
  // by the account; absent where the network has no comments through its API.
  firstComment?: 'reply' | 'comment';
  // The network shows a card (title, image) for the first link of a post without media.
  linkCard?: boolean;
}

export interface Destination {
  label: string; // the field's label
  prompt: string; // the empty choice
  none: string; // when the account offers nothing
  notice?: string; // what the network requires the user be told beside the choice
}

const looks: Record<string, NetworkLook> = {
  x: { linkCard: true, icon: faXTwitter, name: 'X', badge: 'X', colour: '#000000', foldAt: null, moreLabel: 'Show more', maxImages: 4, firstComment: 'reply' },
  bluesky: { linkCard: true, icon: faBluesky, name: 'Bluesky', badge: 'Bs', colour: '#1185fe', foldAt: null, moreLabel: '', maxImages: 4, firstComment: 'reply' },
  mastodon: { linkCard: true, icon: faMastodon, name: 'Mastodon', badge: 'Ma', colour: '#6364ff', foldAt: null, moreLabel: '', maxImages: 4, firstComment: 'reply' },
  facebook: { linkCard: true, icon: faFacebook, name: 'Facebook', badge: 'Fb', colour: '#0866ff', foldAt: 480, moreLabel: 'See more', maxImages: 5, firstComment: 'comment' },
  instagram: { icon: faInstagram, name: 'Instagram', badge: 'Ig', colour: '#e1306c', foldAt: 125, moreLabel: 'more', maxImages: 1, firstComment: 'comment' },
  threads: { linkCard: true, icon: faThreads, name: 'Threads', badge: 'Th', colour: '#101010', foldAt: null, moreLabel: '', maxImages: 4, firstComment: 'reply' },
  linkedin: { linkCard: true, icon: faLinkedin, name: 'LinkedIn', badge: 'in', colour: '#0a66c2', foldAt: 210, moreLabel: '…more', maxImages: 4, firstComment: 'comment' },
  youtube: { icon: faYoutube, name: 'YouTube', badge: 'YT', colour: '#ff0000', foldAt: 100, moreLabel: '...more', maxImages: 1, firstComment: 'comment', takesTitle: true },
  pinterest: { icon: faPinterest, name: 'Pinterest', badge: 'Pi', colour: '#e60023', foldAt: 50, moreLabel: 'more', maxImages: 5, takesTitle: true, takesLink: true,
    destination: { label: 'Board', prompt: 'Choose a board', none: 'This account has no boards yet: make one on Pinterest first' } },
  // A photo post has a title; TikTok asks who may watch every post, with no default.
  tiktok: { icon: faTiktok, name: 'TikTok', badge: 'TT', colour: '#010101', foldAt: 100, moreLabel: 'more', maxImages: 35, takesTitle: true,
    destination: { label: 'Who can watch', prompt: 'Choose who can watch', none: 'TikTok offers this account no audience to post to now',
      notice: "By posting, you agree to TikTok's Music Usage Confirmation." } },
  testnet: { name: 'Test network', badge: 'Te', colour: '#5b6b7b', foldAt: null, moreLabel: '', maxImages: 4, firstComment: 'comment' },
};

export function look(network: string): NetworkLook {
  return looks[network] ?? { name: network, badge: network.slice(0, 2), colour: '#5b6b7b', foldAt: null, moreLabel: '', maxImages: 4 };
}

// The text a feed shows before its "…more", cut at a word boundary when one is close.
export function folded(text: string, network: string): { shown: string; more: boolean } {
  const limit = look(network).foldAt;
  const chars = Array.from(text);
  if (limit === null || chars.length <= limit) return { shown: text, more: false };
  let cut = chars.slice(0, limit).join('');
  const space = cut.lastIndexOf(' ');
  if (space > limit * 0.7) cut = cut.slice(0, space);
  return { shown: cut.trimEnd(), more: true };
}

// How a network's accounts connect (when the server has its connector: /health says which).
// Mastodon asks which instance to send the user to; the others have one sign-in page.
export type ConnectMethod = 'app_password' | 'oauth_instance' | 'oauth';
export function connectMethod(network: string): ConnectMethod {
  if (network === 'bluesky' || network === 'testnet') return 'app_password';
  if (network === 'mastodon') return 'oauth_instance';
  return 'oauth';
}

export const allNetworks = ['bluesky', 'mastodon', 'x', 'facebook', 'instagram', 'threads', 'linkedin', 'youtube', 'pinterest', 'tiktok'];
