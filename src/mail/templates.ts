/**
 * The messages the service sends, each as plain text and HTML. Every value put into the HTML is escaped (names
 * and addresses are user-supplied); links are built here from the public base URL and a token, never taken from
 * the payload as a whole URL.
 */
import { escapeMarkup } from '../util/markup.js';

export const MailTemplate = {
  ConfirmEmail: 'confirm-email',
  ResetPassword: 'reset-password',
  PasswordChanged: 'password-changed',
  Welcome: 'welcome',
  PriceAlert: 'price-alert',
} as const;
export type MailTemplate = (typeof MailTemplate)[keyof typeof MailTemplate];

/** What each template fills in. `token` is the only secret; the outbox drops it once the message is settled. */
export interface MailPayloads {
  'confirm-email': { firstName: string; username: string; token: string; expiresAt: string };
  'reset-password': { firstName: string; username: string; token: string; expiresAt: string };
  'password-changed': { firstName: string; username: string; how: 'reset' | 'changed' };
  welcome: { firstName: string; username: string };
  'price-alert': {
    firstName: string;
    username: string;
    scheduleName: string | null;
    rule: string;
    value: number | null;
    url: string;
    region: string | null;
    previous: PriceSide;
    current: PriceSide;
  };
}

/** A price and availability as an alert reports them. */
interface PriceSide {
  amount: string | null;
  currency: string | null;
  availability: string | null;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}


/** Every value a template inserts into HTML goes through this. */
export const escapeHtml = escapeMarkup;

/** Where a confirmation link points: a small page that confirms with `POST /api/auth/confirm` (the token stays in the fragment). */
export function confirmLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/api/auth/confirm#token=${encodeURIComponent(token)}`;
}

/** Where a reset link points: a small page with a password form that calls `POST /api/auth/password-reset/confirm`. */
export function resetLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/api/auth/password-reset/confirm#token=${encodeURIComponent(token)}`;
}

interface Body {
  subject: string;
  /** Paragraphs of plain text (not yet escaped). */
  paragraphs: string[];
  link?: { href: string; label: string };
}

const bodies: { [T in MailTemplate]: (p: MailPayloads[T], publicUrl: string) => Body } = {
  'confirm-email': (p, url) => ({
    subject: 'Confirm your email address',
    paragraphs: [
      `Hello ${greetingName(p)},`,
      `Please confirm that this address belongs to the price-collector account "${p.username}". Until you do, the account cannot submit tasks.`,
      `The link works once, until ${p.expiresAt}. If you did not register, ignore this message.`,
      `Confirmation code: ${p.token}`,
    ],
    link: { href: confirmLink(url, p.token), label: 'Confirm my email address' },
  }),
  'reset-password': (p, url) => ({
    subject: 'Reset your password',
    paragraphs: [
      `Hello ${greetingName(p)},`,
      `Someone (hopefully you) asked to reset the password of the price-collector account "${p.username}".`,
      `The link works once, until ${p.expiresAt}. Setting a new password signs out every session of the account. If you did not ask, ignore this message; your password stays as it is.`,
      `Reset code: ${p.token}`,
    ],
    link: { href: resetLink(url, p.token), label: 'Choose a new password' },
  }),
  'password-changed': (p) => ({
    subject: 'Your password was changed',
    paragraphs: [
      `Hello ${greetingName(p)},`,
      p.how === 'reset'
        ? `The password of the price-collector account "${p.username}" was reset with a link sent to this address, and every session was signed out.`
        : `The password of the price-collector account "${p.username}" was changed; every other session was signed out.`,
      'If this was not you, reset your password at once and tell an administrator.',
    ],
  }),
  welcome: (p, url) => ({
    subject: 'Welcome to price-collector',
    paragraphs: [
      `Hello ${greetingName(p)},`,
      `Your email address is confirmed: the account "${p.username}" can now submit tasks.`,
      `The API and its documentation: ${url.replace(/\/+$/, '')}/api/docs`,
    ],
  }),
  'price-alert': (p) => ({
    subject: `Price alert: ${ruleText(p.rule, p.value)}`,
    paragraphs: [
      `Hello ${greetingName(p)},`,
      `Your recurring price check${p.scheduleName ? ` "${p.scheduleName}"` : ''} saw a change, confirmed by a second look at the page: ${ruleText(p.rule, p.value)}.`,
      `Page: ${p.url}${p.region ? ` (region ${p.region})` : ''}`,
      `Before: ${describeSide(p.previous)}`,
      `Now: ${describeSide(p.current)}`,
    ],
  }),
};

const RULE_TEXT: Record<string, (value: number | null) => string> = {
  any_change: () => 'the price changed',
  price_at_or_below: (v) => `the price fell to or below ${v}`,
  drop_percent: (v) => `the price dropped by at least ${v} %`,
  back_in_stock: () => 'the product is back in stock',
  out_of_stock: () => 'the product is out of stock',
};

function ruleText(rule: string, value: number | null): string {
  return RULE_TEXT[rule]?.(value) ?? rule;
}

function describeSide(p: PriceSide): string {
  const price = p.amount === null ? 'no price shown' : [p.amount, p.currency ?? ''].filter(Boolean).join(' ');
  return [price, p.availability ? `(${p.availability})` : ''].filter(Boolean).join(' ');
}

function greetingName(p: { firstName: string; username: string }): string {
  return p.firstName.trim() || p.username;
}

/** Renders a stored message; throws on an unknown template (a message the outbox then marks failed). */
export function renderMail(template: string, payload: Record<string, unknown>, publicUrl: string): RenderedMail {
  if (!(template in bodies)) throw new UnknownTemplateError(template);
  const body = (bodies[template as MailTemplate] as (p: unknown, url: string) => Body)(payload, publicUrl);
  const text = [...body.paragraphs, ...(body.link ? [`${body.link.label}: ${body.link.href}`] : [])].join('\n\n') + '\n';
  const html = [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><title>' + escapeHtml(body.subject) + '</title></head>',
    '<body style="font-family: sans-serif; line-height: 1.4">',
    ...body.paragraphs.map((para) => `<p>${escapeHtml(para)}</p>`),
    ...(body.link ? [`<p><a href="${escapeHtml(body.link.href)}">${escapeHtml(body.link.label)}</a></p>`] : []),
    '</body></html>',
  ].join('\n');
  return { subject: body.subject, text, html };
}

/** A message names a template this version does not know: retrying cannot help. */
export class UnknownTemplateError extends Error {
  constructor(template: string) {
    super(`unknown mail template ${JSON.stringify(template)}`);
    this.name = 'UnknownTemplateError';
  }
}
