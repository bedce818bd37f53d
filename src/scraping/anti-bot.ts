/** Markers of captcha and anti-bot interstitials of common protection vendors and marketplaces. */
const MARKERS: [RegExp, string][] = [
  [/<title>[^<]*(captcha|robot check|are you a robot|вы не робот|доступ ограничен|access denied|attention required)[^<]*<\/title>/i, 'captcha page'],
  [/cf-challenge|challenge-platform|cf_chl_opt/i, 'Cloudflare challenge'],
  [/smartcaptcha|showcaptcha|checkcaptcha/i, 'SmartCaptcha'],
  [/g-recaptcha|hcaptcha\.com\/1\/api/i, 'reCAPTCHA/hCaptcha'],
  [/ddos-guard|__ddg/i, 'DDoS-Guard'],
  [/_Incapsula_Resource|incapsula incident/i, 'Incapsula'],
];

/** Returns a short description of the anti-bot wall when the HTML is one, otherwise null. */
export function detectAntiBot(html: string): string | null {
  const head = html.slice(0, 200_000);
  for (const [pattern, label] of MARKERS) if (pattern.test(head)) return label;
  return null;
}
