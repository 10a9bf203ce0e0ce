import type { OrgCurrencies } from '../emulatorKit.js';
import type { ObjectTypeName } from './objectTypes.js';
import type { PipelineCatalog } from './pipelines.js';

export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
export type FieldType =
  | 'text'
  | 'textarea'
  | 'html'
  | 'number'
  | 'date'
  | 'select'
  | 'radio'
  | 'checkbox'
  | 'booleancheckbox'
  | 'phonenumber'
  | 'file'
  | 'calculation_equation';

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

/** A property definition as the Properties API returns it, plus what validation needs. */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: FieldType;
  groupName: string;
  description: string;
  options: PropertyOption[];
  displayOrder: number;
  hidden: boolean;
  hasUniqueValue: boolean;
  formField: boolean;
  calculated: boolean;
  /** Options live elsewhere (owners, pipeline stages); validated against those. */
  externalOptions: boolean;
  hubspotDefined: boolean;
  readOnlyValue: boolean;
  referencedObjectType?: string;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
}

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

export const DEFAULT_GROUP: Record<ObjectTypeName, string> = {
  companies: 'companyinformation',
  deals: 'dealinformation',
  tickets: 'ticketinformation',
  tasks: 'task',
};

export type PropertySpec = Partial<PropertyDefinition> & Pick<PropertyDefinition, 'name' | 'label' | 'type' | 'fieldType'>;

export function option(value: string, label: string, displayOrder: number): PropertyOption {
  return { label, value, displayOrder, hidden: false };
}

export function options(values: readonly (string | [string, string])[]): PropertyOption[] {
  return values.map((v, i) => (typeof v === 'string' ? option(v, v, i) : option(v[0], v[1], i)));
}

/** HubSpot-defined properties are stamped at epoch 0 like the default pipelines. */
function define(objectType: ObjectTypeName, spec: PropertySpec): PropertyDefinition {
  return {
    groupName: DEFAULT_GROUP[objectType],
    description: '',
    options: [],
    displayOrder: -1,
    hidden: false,
    hasUniqueValue: false,
    formField: false,
    calculated: false,
    externalOptions: false,
    hubspotDefined: true,
    readOnlyValue: false,
    createdAt: 0,
    updatedAt: 0,
    archived: false,
    ...spec,
  };
}

/** Portal customisations present in the seeded portal (created by an admin, not HubSpot). */
export const custom = { hubspotDefined: false } as const;
const readOnly = { readOnlyValue: true } as const;
const calculated = { readOnlyValue: true, calculated: true } as const;
const owner = { externalOptions: true, referencedObjectType: 'OWNER' } as const;

function systemProperties(objectType: ObjectTypeName, createdProperty: string): PropertySpec[] {
  return [
    { name: createdProperty, label: 'Create Date', type: 'datetime', fieldType: 'date', ...readOnly },
    { name: 'hs_lastmodifieddate', label: 'Last Modified Date', type: 'datetime', fieldType: 'date', ...readOnly },
    { name: 'hs_object_id', label: 'Record ID', type: 'number', fieldType: 'number', ...readOnly },
    { name: 'hubspot_owner_id', label: objectType === 'tickets' ? 'Ticket owner' : 'Owner', type: 'enumeration', fieldType: 'select', ...owner },
  ];
}

/** The portal's own properties and Deal Type options, placed among HubSpot's by `standardProperties`. */
export interface PortalProperties {
  /** Company properties after HubSpot's. */
  companies: PropertySpec[];
  /** Options of HubSpot's `dealtype` (value, label). */
  dealTypes: [string, string][];
  /** Deal properties right after `dealtype`. */
  deals: PropertySpec[];
  /** Ticket properties after HubSpot's. */
  tickets: PropertySpec[];
  /**
   * A multicurrency portal: deals get `deal_currency_code` (the portal's currencies) and the
   * calculated `amount_in_home_currency`. Absent: a single-currency portal (neither property).
   */
  currencies?: OrgCurrencies;
}

/** The deal properties of a multicurrency portal, placed right after `amount`. */
function currencyProperties(currencies: OrgCurrencies | undefined): PropertySpec[] {
  if (!currencies) return [];
  return [
    { name: 'amount_in_home_currency', label: 'Amount in company currency', type: 'number', fieldType: 'number', ...calculated },
    { name: 'deal_currency_code', label: 'Currency', type: 'enumeration', fieldType: 'select', options: options(currencies.currencies.map((c) => c.code)) },
  ];
}

/**
 * The standard properties of a fresh portal plus the portal's customisations the book needs
 * (portalVariants.ts; in the standard portal `segment`, `renewal_date`, `usage_score`, `nps`,
 * `deal_kind`, `csat`, `escalated` and a `renewal` Deal Type). Score properties (`vitals_*`) are
 * absent on purpose: `setup-fields` must create them.
 */
export function standardProperties(pipelines: PipelineCatalog, industries: readonly [string, string][], portal: PortalProperties): Record<ObjectTypeName, PropertyDefinition[]> {
  const companies: PropertySpec[] = [
    ...systemProperties('companies', 'createdate'),
    { name: 'name', label: 'Company name', type: 'string', fieldType: 'text' },
    { name: 'domain', label: 'Company Domain Name', type: 'string', fieldType: 'text' },
    { name: 'industry', label: 'Industry', type: 'enumeration', fieldType: 'select', options: options(industries) },
    { name: 'annualrevenue', label: 'Annual Revenue', type: 'number', fieldType: 'number' },
    { name: 'numberofemployees', label: 'Number of Employees', type: 'number', fieldType: 'number' },
    {
      name: 'lifecyclestage',
      label: 'Lifecycle Stage',
      type: 'enumeration',
      fieldType: 'radio',
      options: options(['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other']),
    },
    { name: 'notes_last_updated', label: 'Last Activity Date', type: 'datetime', fieldType: 'date', ...readOnly },
    ...portal.companies,
  ];
  const dealStages = pipelines.allStages('deals').map((s, i) => option(s.id, s.label, i));
  const deals: PropertySpec[] = [
    ...systemProperties('deals', 'createdate'),
    { name: 'dealname', label: 'Deal Name', type: 'string', fieldType: 'text' },
    { name: 'amount', label: 'Amount', type: 'number', fieldType: 'number' },
    ...currencyProperties(portal.currencies),
    { name: 'pipeline', label: 'Pipeline', type: 'enumeration', fieldType: 'select', options: pipelines.pipelines.deals.map((p, i) => option(p.id, p.label, i)) },
    { name: 'dealstage', label: 'Deal Stage', type: 'enumeration', fieldType: 'radio', options: dealStages },
    { name: 'closedate', label: 'Close Date', type: 'datetime', fieldType: 'date' },
    { name: 'dealtype', label: 'Deal Type', type: 'enumeration', fieldType: 'radio', options: options(portal.dealTypes) },
    ...portal.deals,
    { name: 'hs_is_closed', label: 'Is Deal Closed?', type: 'bool', fieldType: 'booleancheckbox', options: boolOptions(), ...calculated },
    { name: 'hs_is_closed_won', label: 'Is Closed Won', type: 'bool', fieldType: 'booleancheckbox', options: boolOptions(), ...calculated },
    { name: 'hs_deal_stage_probability', label: 'Deal Stage Probability', type: 'number', fieldType: 'number', ...calculated },
  ];
  const ticketStages = pipelines.allStages('tickets').map((s, i) => option(s.id, s.label, i));
  const tickets: PropertySpec[] = [
    ...systemProperties('tickets', 'createdate'),
    { name: 'subject', label: 'Ticket name', type: 'string', fieldType: 'text' },
    { name: 'content', label: 'Ticket description', type: 'string', fieldType: 'textarea' },
    { name: 'hs_pipeline', label: 'Pipeline', type: 'enumeration', fieldType: 'select', options: pipelines.pipelines.tickets.map((p, i) => option(p.id, p.label, i)) },
    { name: 'hs_pipeline_stage', label: 'Ticket status', type: 'enumeration', fieldType: 'radio', options: ticketStages },
    { name: 'hs_ticket_priority', label: 'Priority', type: 'enumeration', fieldType: 'select', options: options([['LOW', 'Low'], ['MEDIUM', 'Medium'], ['HIGH', 'High'], ['URGENT', 'Urgent']]) },
    {
      name: 'hs_ticket_category',
      label: 'Category',
      type: 'enumeration',
      fieldType: 'checkbox',
      options: options(['PRODUCT_ISSUE', 'BILLING_ISSUE', 'FEATURE_REQUEST', 'GENERAL_INQUIRY']),
    },
    { name: 'closed_date', label: 'Close date', type: 'datetime', fieldType: 'date' },
    ...portal.tickets,
  ];
  const tasks: PropertySpec[] = [
    ...systemProperties('tasks', 'hs_createdate'),
    { name: 'hs_task_subject', label: 'Task Title', type: 'string', fieldType: 'text' },
    { name: 'hs_task_body', label: 'Notes', type: 'string', fieldType: 'html' },
    { name: 'hs_timestamp', label: 'Due date', type: 'datetime', fieldType: 'date' },
    {
      name: 'hs_task_status',
      label: 'Task Status',
      type: 'enumeration',
      fieldType: 'select',
      options: options([['NOT_STARTED', 'Not Started'], ['IN_PROGRESS', 'In Progress'], ['WAITING', 'Waiting'], ['COMPLETED', 'Completed'], ['DEFERRED', 'Deferred']]),
    },
    { name: 'hs_task_priority', label: 'Priority', type: 'enumeration', fieldType: 'select', options: options([['NONE', 'None'], ['LOW', 'Low'], ['MEDIUM', 'Medium'], ['HIGH', 'High']]) },
    {
      name: 'hs_task_type',
      label: 'Task Type',
      type: 'enumeration',
      fieldType: 'select',
      options: options([['TODO', 'To-do'], ['CALL', 'Call'], ['EMAIL', 'Email'], ['LINKED_IN', 'LinkedIn'], ['MEETING', 'Meeting']]),
    },
    { name: 'hs_task_completion_date', label: 'Completed at', type: 'datetime', fieldType: 'date', ...readOnly },
  ];
  const specs = { companies, deals, tickets, tasks };
  const out = {} as Record<ObjectTypeName, PropertyDefinition[]>;
  for (const type of Object.keys(specs) as ObjectTypeName[]) {
    out[type] = specs[type].map((spec, i) => define(type, { displayOrder: spec.hubspotDefined === false ? -1 : i, ...spec }));
  }
  return out;
}

export function boolOptions(): PropertyOption[] {
  return [option('true', 'Yes', 0), option('false', 'No', 1)];
}

export function standardGroups(objectType: ObjectTypeName): PropertyGroup[] {
  const label = { companies: 'Company information', deals: 'Deal information', tickets: 'Ticket information', tasks: 'Task information' }[objectType];
  return [{ name: DEFAULT_GROUP[objectType], label, displayOrder: -1, archived: false }];
}
