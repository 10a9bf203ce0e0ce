import type { BookRandom } from '../book/bookRandom.js';

/**
 * The forms a product's own records hold a customer's domain in: typed by the customer at
 * sign-up, copied from a browser, upper-cased by an old export. The engine normalises case,
 * scheme, `www.` and a trailing slash; these are the shapes it must see through. Shares of keys.
 */
const KEY_FORMS: readonly { share: number; write: (domain: string) => string }[] = [
  { share: 0.55, write: (domain) => domain },
  { share: 0.12, write: (domain) => domain.toUpperCase() },
  { share: 0.13, write: (domain) => `https://www.${domain}` },
  { share: 0.08, write: (domain) => `${domain}/` },
  { share: 0.07, write: (domain) => `http://${domain}/` },
  { share: 0.05, write: (domain) => `HTTPS://WWW.${domain.toUpperCase()}/` },
];
/** Keys whose form changed mid-history (the tracking was re-instrumented): one account, two spellings. */
const CHANGED_FORM_SHARE = 0.05;

export function keyFormsFor(rng: BookRandom, domain: string, firstDay: number, lastDay: number): { fromDay: number; key: string }[] {
  const key = pickForm(rng).write(domain);
  if (!rng.chance(CHANGED_FORM_SHARE) || lastDay - firstDay < 60) return [{ fromDay: firstDay, key }];
  let later = pickForm(rng).write(domain);
  if (later === key) later = `https://www.${domain}`;
  if (later === key) later = domain;
  return [
    { fromDay: firstDay, key },
    { fromDay: rng.int(firstDay + 30, lastDay - 30), key: later },
  ];
}

function pickForm(rng: BookRandom): (typeof KEY_FORMS)[number] {
  let u = rng.next();
  for (const form of KEY_FORMS) {
    u -= form.share;
    if (u < 0) return form;
  }
  return KEY_FORMS[0]!;
}

/** The key written on a day. */
export function keyOn(forms: readonly { fromDay: number; key: string }[], day: number): string {
  let key = forms[0]!.key;
  for (const form of forms) if (form.fromDay <= day) key = form.key;
  return key;
}

/** A trial workspace's domain: usage that belongs to no CRM account, for the engine to report as unmatched. */
export function trialDomain(rng: BookRandom, taken: Set<string>): string {
  for (;;) {
    const domain = `trial-${rng.int(100, 99_999)}.example`;
    if (!taken.has(domain)) {
      taken.add(domain);
      return domain;
    }
  }
}
