/** A CRM user as task owner resolution sees them; `isActive` is null when the CRM does not say. */
export interface KnownOwner {
  id: string;
  email: string | null;
  isActive: boolean | null;
}
