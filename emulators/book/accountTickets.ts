import type { BookTicket, Segment, TicketPriority } from './bookTypes.js';
import { DAY_MS } from '../../src/model/time.js';
import type { BookCalendar } from './bookCalendar.js';
import { clamp, type BookRandom } from './bookRandom.js';
import { TICKET_SUBJECTS } from './bookNames.js';
import { SEVERITY_WEIGHT, SIGNAL_WINDOW_DAYS, typicalTicketLoad, type ChurnSignals } from './churnModel.js';

const PRIORITIES: readonly TicketPriority[] = ['Low', 'Medium', 'High', 'Urgent'];
const SEVERITY_WEIGHTS = PRIORITIES.map((p) => SEVERITY_WEIGHT[p]);
/** Upper bounds of the base priority mix (35% Low, 40% Medium, 18% High, 7% Urgent). */
const PRIORITY_CUTS = [0.35, 0.75, 0.93] as const;
const MEDIAN_RESOLUTION_DAYS = [6, 4, 2.5, 1] as const;
const ESCALATION_CHANCE = [0.01, 0.04, 0.12, 0.3] as const;
const CSAT_CHANCE = 0.4;
const WINDOW_MS = SIGNAL_WINDOW_DAYS * DAY_MS;

export type TicketSignals = Pick<ChurnSignals, 'ticketLoadRatio' | 'oldestOpenHighDays' | 'escalations' | 'csatMean'>;

/**
 * One account's tickets while its history is simulated: parallel number arrays reused from
 * account to account, so that the churn decision can read the tickets as they stood at any
 * instant without building records first. Times are milliseconds from the as-of day; a ticket
 * still open at as-of has closedMs = Infinity.
 */
export class AccountTickets {
  private readonly createdMs: number[] = [];
  private readonly closedMs: number[] = [];
  private readonly severity: number[] = [];
  private readonly csat: number[] = [];
  private readonly escalated: boolean[] = [];
  private readonly subject: number[] = [];

  reset(): void {
    this.createdMs.length = 0;
    this.closedMs.length = 0;
    this.severity.length = 0;
    this.csat.length = 0;
    this.escalated.length = 0;
    this.subject.length = 0;
  }

  /**
   * Tickets created in [fromMs, toMs) at `ticketsPerYear`. Higher `risk` brings more severe
   * tickets that take longer to close, escalate more often and earn worse CSAT.
   */
  generate(rng: BookRandom, fromMs: number, toMs: number, ticketsPerYear: number, risk: number): void {
    if (toMs <= fromMs) return;
    const count = rng.poisson((ticketsPerYear * (toMs - fromMs)) / (365 * DAY_MS));
    const severityBend = Math.exp(0.3 * risk);
    const slowdown = Math.exp(0.4 * risk);
    const stuckChance = 0.025 * Math.exp(0.7 * risk);
    const escalationBoost = Math.exp(0.5 * risk);
    for (let i = 0; i < count; i++) {
      const created = Math.floor(fromMs + rng.next() * (toMs - fromMs));
      // Bending the uniform draw towards 1 shifts the whole priority mix upwards for risky accounts.
      const u = 1 - Math.pow(1 - rng.next(), severityBend);
      const severity = u < PRIORITY_CUTS[0] ? 0 : u < PRIORITY_CUTS[1] ? 1 : u < PRIORITY_CUTS[2] ? 2 : 3;
      const isEscalated = rng.chance(Math.min(0.9, (ESCALATION_CHANCE[severity] ?? 0) * escalationBoost));
      let days = (MEDIAN_RESOLUTION_DAYS[severity] ?? 4) * slowdown * Math.exp(0.8 * rng.normal());
      if (isEscalated) days *= 1.5;
      if (rng.chance(stuckChance)) days += rng.between(20, 200);
      const closed = created + Math.max(10 * 60_000, days * DAY_MS);
      let rating = Number.NaN;
      if (closed <= 0 && rng.chance(CSAT_CHANCE)) {
        const mean = 4.3 - 0.45 * risk - 0.15 * severity - 0.25 * Math.log(1 + days / 3);
        rating = clamp(Math.round(mean + 0.7 * rng.normal()), 1, 5);
      }
      this.createdMs.push(created);
      this.closedMs.push(closed <= 0 ? closed : Number.POSITIVE_INFINITY);
      this.severity.push(severity);
      this.csat.push(rating);
      this.escalated.push(isEscalated);
      this.subject.push(Math.floor(rng.next() * TICKET_SUBJECTS.length));
    }
  }

  /** A churned customer's open tickets are closed out shortly after the contract ends. */
  closeOpen(rng: BookRandom, churnMs: number): void {
    for (let i = 0; i < this.closedMs.length; i++) {
      if (this.closedMs[i] !== Number.POSITIVE_INFINITY) continue;
      const created = this.createdMs[i]!;
      const closed = Math.min(churnMs + rng.between(0, 10) * DAY_MS, -rng.between(60_000, DAY_MS));
      this.closedMs[i] = Math.max(created + 60_000, closed);
    }
  }

  /** Ticket signals as they stood at `atMs`, in the churn model's terms. */
  signalsAt(atMs: number, segment: Segment, out: TicketSignals): void {
    const windowStart = atMs - WINDOW_MS;
    let load = 0;
    let escalations = 0;
    let csatSum = 0;
    let csatCount = 0;
    let oldestOpenHigh = 0;
    for (let i = 0; i < this.createdMs.length; i++) {
      const created = this.createdMs[i]!;
      if (created >= atMs) continue;
      const severity = this.severity[i]!;
      if (created >= windowStart) {
        load += SEVERITY_WEIGHTS[severity]!;
        if (this.escalated[i]) escalations++;
      }
      const closed = this.closedMs[i]!;
      if (closed > atMs) {
        if (severity >= 2 && atMs - created > oldestOpenHigh) oldestOpenHigh = atMs - created;
      } else if (closed >= windowStart) {
        const rating = this.csat[i]!;
        if (!Number.isNaN(rating)) {
          csatSum += rating;
          csatCount++;
        }
      }
    }
    out.ticketLoadRatio = load / typicalTicketLoad(segment);
    out.escalations = escalations;
    out.oldestOpenHighDays = oldestOpenHigh / DAY_MS;
    out.csatMean = csatCount > 0 ? csatSum / csatCount : null;
  }

  /** Appends the account's tickets as book records. */
  emit(rng: BookRandom, calendar: BookCalendar, accountIndex: number, out: BookTicket[]): void {
    for (let i = 0; i < this.createdMs.length; i++) {
      const created = this.createdMs[i]!;
      const closed = this.closedMs[i]!;
      const isClosed = closed !== Number.POSITIVE_INFINITY;
      const isEscalated = this.escalated[i]!;
      const rating = this.csat[i]!;
      const hasCsat = !Number.isNaN(rating);
      let modified: number;
      let status: string;
      if (isClosed) {
        status = 'Closed';
        // A survey answer lands a little after the close and touches the record again.
        modified = hasCsat ? Math.min(closed + rng.between(0.05, 3) * DAY_MS, 0) : closed;
      } else {
        status = isEscalated ? 'Escalated' : -created < DAY_MS || rng.chance(0.15) ? 'New' : 'Working';
        modified = created + rng.next() * -created;
      }
      out.push({
        index: out.length,
        accountIndex,
        subject: TICKET_SUBJECTS[this.subject[i]!]!,
        priority: PRIORITIES[this.severity[i]!]!,
        status,
        isClosed,
        isEscalated,
        createdAt: calendar.timestamp(created),
        closedAt: isClosed ? calendar.timestamp(closed) : null,
        csat: hasCsat ? rating : null,
        modifiedAt: calendar.timestamp(modified),
      });
    }
  }
}
