import type { BookRandom } from './bookRandom.js';

export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Mateo', 'Sophia', 'Lucas', 'Isabella', 'Ethan',
  'Mia', 'James', 'Amara', 'Kenji', 'Priya', 'Arjun', 'Chloe', 'Daniel', 'Fatima', 'Omar',
  'Grace', 'Henry', 'Hannah', 'Isaac', 'Julia', 'Kofi', 'Laura', 'Marco', 'Nadia', 'Oscar',
  'Paula', 'Rafael', 'Sara', 'Thomas', 'Uma', 'Victor', 'Wen', 'Xavier', 'Yara', 'Zoe',
  'Aiko', 'Bruno', 'Carmen', 'Diego', 'Elena', 'Felix', 'Greta', 'Hugo', 'Ines', 'Jonas',
  'Leila', 'Malik', 'Nora', 'Pedro', 'Rosa', 'Samuel', 'Tara', 'Ulrich', 'Vera', 'Wei',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Lopez', 'Wilson', 'Anderson', 'Taylor',
  'Thomas', 'Moore', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker',
  'Young', 'Allen', 'King', 'Wright', 'Scott', 'Nguyen', 'Hill', 'Adams', 'Baker', 'Nelson',
  'Carter', 'Mitchell', 'Patel', 'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards',
  'Collins', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Morgan', 'Peterson', 'Cooper', 'Reed',
  'Bailey', 'Bell', 'Kim', 'Tanaka', 'Schmidt', 'Muller', 'Rossi', 'Dubois', 'Silva', 'Kowalski',
] as const;

const COMPANY_HEADS = [
  'Acme', 'Northwind', 'Blue Harbor', 'Summit', 'Pioneer', 'Redwood', 'Silverline', 'Brightpath',
  'Cobalt', 'Evergreen', 'Falcon', 'Granite', 'Horizon', 'Ironclad', 'Juniper', 'Keystone',
  'Lakeshore', 'Meridian', 'Nimbus', 'Oakridge', 'Pinnacle', 'Quantum', 'Riverbend', 'Sterling',
  'Tidewater', 'Union', 'Vanguard', 'Westfield', 'Zenith', 'Atlas', 'Beacon', 'Cedar', 'Delta',
  'Ember', 'Foxglove', 'Golden Gate', 'Harbor', 'Indigo', 'Jade', 'Kestrel', 'Lumen', 'Maple',
  'Northstar', 'Orion', 'Polaris', 'Quarry', 'Sapphire', 'Trident', 'Upland', 'Willow',
] as const;

const COMPANY_CORES = [
  'Analytics', 'Logistics', 'Systems', 'Foods', 'Health', 'Robotics', 'Energy', 'Capital',
  'Media', 'Labs', 'Software', 'Networks', 'Manufacturing', 'Retail', 'Biotech', 'Freight',
  'Insurance', 'Partners', 'Dynamics', 'Solutions', 'Pharma', 'Motors', 'Textiles', 'Devices',
  'Consulting', 'Security', 'Telecom', 'Outdoors', 'Studios', 'Materials', 'Clinics', 'Foundry',
  'Supply', 'Hospitality', 'Aerospace', 'Learning', 'Payments', 'Agritech', 'Marine', 'Realty',
] as const;

const COMPANY_SUFFIXES = ['Inc.', 'LLC', 'Group', 'Ltd', 'Co.', 'Corp', 'GmbH', 'Holdings'] as const;

const COMPANY_PLACES = [
  'Austin', 'Boston', 'Denver', 'Seattle', 'Toronto', 'Chicago', 'Dublin', 'Berlin', 'Lyon', 'Madrid',
  'Oslo', 'Sydney', 'Osaka', 'Pune', 'Nairobi', 'Lagos', 'Lisbon', 'Milan', 'Prague', 'Vienna',
  'Atlanta', 'Phoenix', 'Portland', 'Miami', 'Dallas', 'Calgary', 'Leeds', 'Hamburg', 'Krakow', 'Porto',
] as const;

export const INDUSTRIES = [
  'Software', 'Financial Services', 'Healthcare', 'Manufacturing', 'Retail', 'Education',
  'Logistics', 'Media', 'Telecommunications', 'Energy', 'Hospitality', 'Real Estate',
  'Professional Services', 'Nonprofit', 'Government',
] as const;

export const TICKET_SUBJECTS = [
  'Cannot log in after password reset', 'SSO login loop', 'Dashboard loads slowly',
  'Export to CSV times out', 'Invoice shows the wrong amount', 'Need to add seats',
  'API returns 500 on bulk update', 'Webhook deliveries delayed', 'Data missing after import',
  'Report totals do not match', 'Mobile app crashes on launch', 'Email notifications not sent',
  'Permission error for admins', 'Sync with Salesforce failing', 'Question about renewal pricing',
  'Integration token expired', 'Feature request: custom fields', 'Duplicate records after merge',
  'Scheduled job did not run', 'Audit log incomplete', 'Search results out of date',
  'Attachment upload fails', 'Billing contact change', 'Time zone shown incorrectly',
  'Outage: service unavailable', 'Data retention policy question', 'Slow API response times',
  'User provisioning via SCIM fails', 'Cannot delete archived project', 'Training request for new team',
] as const;

/**
 * Company names from word lists, unique within one book. Two words and a suffix give 16,000
 * names; larger books add a city, which is how real CRMs tell subsidiaries apart. Names are
 * tracked as numeric combination keys so that a 100k-account book does not hash 100k strings
 * several times over.
 */
export class CompanyNamer {
  private readonly taken = new Set<number>();

  next(rng: BookRandom, fallbackNumber: number): string {
    const heads = COMPANY_HEADS.length;
    const cores = COMPANY_CORES.length;
    const suffixes = COMPANY_SUFFIXES.length;
    const places = COMPANY_PLACES.length;
    for (let attempt = 0; attempt < 8; attempt++) {
      const head = Math.floor(rng.next() * heads);
      const core = Math.floor(rng.next() * cores);
      const suffix = Math.floor(rng.next() * suffixes);
      const withPlace = attempt >= 3;
      const place = withPlace ? Math.floor(rng.next() * places) : -1;
      const key = ((head * cores + core) * (places + 1) + place + 1) * suffixes + suffix;
      if (this.taken.has(key)) continue;
      this.taken.add(key);
      const stem = `${COMPANY_HEADS[head]} ${COMPANY_CORES[core]}`;
      const tail = withPlace ? `${COMPANY_PLACES[place]} ${COMPANY_SUFFIXES[suffix]}` : COMPANY_SUFFIXES[suffix];
      return `${stem} ${tail}`;
    }
    // No suffix, so it cannot collide with a word-list name.
    return `${rng.pick(COMPANY_HEADS)} ${rng.pick(COMPANY_CORES)} ${fallbackNumber}`;
  }
}
