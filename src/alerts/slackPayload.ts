import { compactMoney } from '../reporting/formatNumbers.js';
import type { AccountAlert } from './accountAlerts.js';
import { digestHeadline, type AccountList, type WebhookDigest } from './webhookDigest.js';

/** Slack's limit on one section's text; longer lists are split over several sections. */
const SECTION_LIMIT = 3000;

/**
 * A Slack incoming-webhook message: `text` is the notification and fallback, `blocks` the
 * message (a header, one section per event, accounts linked to their CRM records). Mattermost,
 * Rocket.Chat and other "Slack-compatible" receivers read the same shape.
 */
export function slackPayload(digest: WebhookDigest): { text: string; blocks: unknown[] } {
  const headline = digestHeadline(digest);
  const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: headline.slice(0, 150) } }];
  if (digest.runFailed) {
    blocks.push(...sections(`*Run ${digest.runId} failed*`, digest.runFailed.length > 0 ? digest.runFailed.map((f) => `• ${escape(f)}`) : ['• (no reason recorded)']));
  }
  if (digest.enteredRed) blocks.push(...sections(`*Entered red* (${digest.enteredRed.total})`, accountLines(digest.enteredRed)));
  if (digest.riskCrossed) blocks.push(...sections(`*Churn risk crossed ${digest.riskThreshold}%* (${digest.riskCrossed.total})`, accountLines(digest.riskCrossed)));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `crm-vitals run ${digest.runId} · ${digest.at.slice(0, 16).replace('T', ' ')} UTC` }] });
  return { text: headline, blocks };
}

function accountLines(list: AccountList): string[] {
  const lines = list.accounts.map(accountLine);
  const more = list.total - list.accounts.length;
  if (more > 0) lines.push(`…and ${more} more (see \`vitals report\`)`);
  return lines;
}

function accountLine(a: AccountAlert): string {
  const label = escape(a.name ?? a.accountId).replace(/\|/g, '¦');
  const name = a.url ? `<${a.url}|${label}>` : `*${label}*`;
  const was = a.previous ? ` (was ${a.previous.band} ${Math.round(a.previous.health)}, ${Math.round(a.previous.churnRisk * 100)}%)` : ' (new)';
  const drivers = a.driversText ? ` — ${escape(a.driversText)}` : '';
  return `• ${name}: ${a.band} ${Math.round(a.health)}, churn risk ${Math.round(a.churnRisk * 100)}%${was}, ARR ${compactMoney(a.currency, a.arr)}${drivers}`;
}

/** Sections of at most SECTION_LIMIT characters, the title on the first. */
function sections(title: string, lines: string[]): unknown[] {
  const out: string[] = [];
  let current = title;
  for (const line of lines) {
    const clipped = line.length > SECTION_LIMIT - title.length - 2 ? `${line.slice(0, SECTION_LIMIT - title.length - 3)}…` : line;
    if (current.length + 1 + clipped.length > SECTION_LIMIT) {
      out.push(current);
      current = clipped;
    } else {
      current = `${current}\n${clipped}`;
    }
  }
  out.push(current);
  return out.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

/** Slack's mrkdwn reserves &, < and >. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
