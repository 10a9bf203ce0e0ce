/** What a run calls after it finishes: one digest per webhook, never a failure of the run. */
export { deliverRunAlerts, type AlertDelivery, type DeliveryOptions, type RunOutcome } from './deliverRunAlerts.js';
