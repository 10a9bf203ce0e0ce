import type { Segment } from '../book/bookTypes.js';
import { clamp } from '../book/bookRandom.js';

/** List price per seat and year: larger customers buy more seats at a lower price, with more modules per seat. */
const PRICE_PER_SEAT: Readonly<Record<Segment, number>> = { SMB: 450, 'Mid-Market': 700, Enterprise: 1_500 };
const MIN_SEATS = 3;

/**
 * Seats a contract of this ARR buys, never more than the company has employees: the ARR of a
 * contract year over the segment's seat price, so seats move with upsells and downsells.
 */
export function licensedSeats(segment: Segment, employees: number, arr: number): number {
  return Math.round(clamp(arr / PRICE_PER_SEAT[segment], MIN_SEATS, Math.max(MIN_SEATS, employees)));
}
