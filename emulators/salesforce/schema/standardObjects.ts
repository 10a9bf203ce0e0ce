import {
  bool,
  date,
  datetime,
  email,
  idField,
  int,
  num,
  picklist,
  reference,
  systemFields,
  text,
  textarea,
  url,
  type FieldDef,
  type ObjectDefinition,
} from './fieldDefs.js';
import type { OrgCurrencies } from '../../emulatorKit.js';
import { currencyIsoCodeField, currencyType, datedConversionRate } from './currencyObjects.js';
import { OPPORTUNITY_STAGES } from './opportunityStages.js';
import type { OrgVariant } from './orgVariants.js';

/** Org-specific picklists: default Salesforce values plus the customisations the book uses. */
export interface OrgPicklists {
  opportunityTypes: string[];
  casePriorities: string[];
}

/**
 * How the org defines the task key `Task.Vitals_Key__c`: a plain Text(255), as an admin creates it
 * by default, or with the Unique and External ID attributes (upsert by key, DUPLICATE_VALUE).
 */
export type TaskKeyField = 'plain-text' | 'unique-external-id';

/** Everything about the org's schema that differs from one org to another. */
export interface OrgSchema extends OrgPicklists {
  taskKeyField: TaskKeyField;
  /** The org's customer-success fields and Case.Priority default (orgVariants.ts). */
  variant: OrgVariant;
  /** A multi-currency org (currencyObjects.ts); absent: a single-currency org. */
  currencies?: OrgCurrencies;
}



const INDUSTRIES = [
  'Agriculture', 'Apparel', 'Banking', 'Biotechnology', 'Chemicals', 'Communications', 'Construction', 'Consulting',
  'Education', 'Electronics', 'Energy', 'Engineering', 'Entertainment', 'Environmental', 'Finance', 'Food & Beverage',
  'Government', 'Healthcare', 'Hospitality', 'Insurance', 'Machinery', 'Manufacturing', 'Media', 'Not For Profit',
  'Recreation', 'Retail', 'Shipping', 'Technology', 'Telecommunications', 'Transportation', 'Utilities', 'Other',
];

const owner = (): FieldDef => ({ ...reference('OwnerId', 'Owner ID', ['User'], 'Owner', { required: true }), defaultedOnCreate: true });

function account(variant: OrgVariant): ObjectDefinition {
  return {
    name: 'Account',
    label: 'Account',
    labelPlural: 'Accounts',
    keyPrefix: '001',
    deletable: true,
    fields: [
      idField(),
      ...systemFields(true).slice(0, 1),
      text('Name', 'Account Name', 255, { required: true, nameField: true }),
      picklist('Type', 'Account Type', ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Channel Partner / Reseller', 'Installation Partner', 'Technology Partner', 'Other']),
      reference('ParentId', 'Parent Account ID', ['Account'], 'Parent'),
      picklist('Industry', 'Industry', INDUSTRIES),
      num('AnnualRevenue', 'Annual Revenue', 'currency', 18, 0),
      int('NumberOfEmployees', 'Employees', 8),
      url('Website', 'Website'),
      text('BillingCountry', 'Billing Country', 80),
      textarea('Description', 'Account Description', 32000),
      owner(),
      ...systemFields(true).slice(1),
      date('LastActivityDate', 'Last Activity', { readOnly: true }),
      ...variant.accountFields(),
      num('Health_Score__c', 'Health Score', 'double', 3, 0),
      text('Health_Band__c', 'Health Band', 20),
      num('Churn_Risk__c', 'Churn Risk', 'percent', 5, 2),
      text('Health_Trend__c', 'Health Trend', 80),
      textarea('Health_Drivers__c', 'Health Drivers', 32768),
      datetime('Health_Scored_At__c', 'Health Scored At'),
    ],
  };
}

function opportunity(types: string[]): ObjectDefinition {
  const stages = OPPORTUNITY_STAGES.map((s) => s.name);
  return {
    name: 'Opportunity',
    label: 'Opportunity',
    labelPlural: 'Opportunities',
    keyPrefix: '006',
    deletable: true,
    fields: [
      idField(),
      ...systemFields(true).slice(0, 1),
      reference('AccountId', 'Account ID', ['Account'], 'Account'),
      text('Name', 'Name', 120, { required: true, nameField: true }),
      textarea('Description', 'Description', 32000),
      picklist('StageName', 'Stage', stages, { required: true, restricted: true }),
      num('Amount', 'Amount', 'currency', 18, 2),
      { ...num('Probability', 'Probability (%)', 'percent', 3, 0), defaultedOnCreate: true },
      date('CloseDate', 'Close Date', { required: true }),
      picklist('Type', 'Opportunity Type', types),
      text('NextStep', 'Next Step', 255),
      picklist('LeadSource', 'Lead Source', ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']),
      bool('IsClosed', 'Closed', { readOnly: true }),
      bool('IsWon', 'Won', { readOnly: true }),
      picklist('ForecastCategory', 'Forecast Category', ['Omitted', 'Pipeline', 'BestCase', 'Forecast', 'Closed'], { readOnly: true }),
      { ...picklist('ForecastCategoryName', 'Forecast Category', ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed']), defaultedOnCreate: true },
      owner(),
      ...systemFields(true).slice(1),
      date('LastActivityDate', 'Last Activity', { readOnly: true }),
    ],
  };
}

function supportCase(priorities: string[], variant: OrgVariant): ObjectDefinition {
  return {
    name: 'Case',
    label: 'Case',
    labelPlural: 'Cases',
    keyPrefix: '500',
    deletable: true,
    fields: [
      idField(),
      ...systemFields(true).slice(0, 1),
      { ...text('CaseNumber', 'Case Number', 30, { readOnly: true, nameField: true }), autoNumber: true, defaultedOnCreate: true, idLookup: true },
      reference('AccountId', 'Account ID', ['Account'], 'Account'),
      picklist('Type', 'Case Type', ['Mechanical', 'Electrical', 'Electronic', 'Structural', 'Other']),
      picklist('Status', 'Status', ['New', 'Working', 'Escalated', 'Closed'], { defaultValue: 'New' }),
      picklist('Origin', 'Case Origin', ['Phone', 'Email', 'Web']),
      text('Subject', 'Subject', 255),
      picklist('Priority', 'Priority', priorities, { defaultValue: variant.defaultCasePriority }),
      textarea('Description', 'Description', 32000),
      bool('IsClosed', 'Closed', { readOnly: true }),
      datetime('ClosedDate', 'Closed Date', { readOnly: true }),
      bool('IsEscalated', 'Escalated'),
      owner(),
      ...systemFields(true).slice(1),
      ...variant.caseFields(),
    ],
  };
}

function task(keyField: TaskKeyField): ObjectDefinition {
  return {
    name: 'Task',
    label: 'Task',
    labelPlural: 'Tasks',
    keyPrefix: '00T',
    deletable: true,
    fields: [
      idField(),
      reference('WhoId', 'Name ID', ['Contact', 'Lead'], 'Who'),
      reference('WhatId', 'Related To ID', ['Account', 'Opportunity', 'Case'], 'What'),
      picklist('Subject', 'Subject', ['Call', 'Send Letter', 'Send Quote', 'Other'], { nameField: true }, 'combobox'),
      date('ActivityDate', 'Due Date Only'),
      picklist('Status', 'Status', ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'], {
        required: true,
        restricted: true,
        defaultValue: 'Not Started',
      }),
      picklist('Priority', 'Priority', ['High', 'Normal', 'Low'], { required: true, restricted: true, defaultValue: 'Normal' }),
      bool('IsHighPriority', 'High Priority', { readOnly: true }),
      owner(),
      textarea('Description', 'Description', 32000),
      picklist('Type', 'Type', ['Call', 'Email', 'Meeting', 'Other']),
      ...systemFields(true),
      bool('IsClosed', 'Closed', { readOnly: true }),
      reference('AccountId', 'Account ID', ['Account'], 'Account', { readOnly: true }),
      bool('IsArchived', 'Archived', { readOnly: true }),
      picklist('TaskSubtype', 'Task Subtype', ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'], {
        createOnly: true,
        defaultValue: 'Task',
      }),
      datetime('CompletedDateTime', 'Completed Date/Time', { readOnly: true }),
      text('Vitals_Key__c', 'Vitals Key', 255, keyField === 'unique-external-id' ? { unique: true, externalId: true } : {}),
    ],
  };
}

function user(): ObjectDefinition {
  return {
    name: 'User',
    label: 'User',
    labelPlural: 'Users',
    keyPrefix: '005',
    deletable: false,
    fields: [
      idField(),
      text('Username', 'Username', 80, { required: true, unique: true, idLookup: true }),
      text('LastName', 'Last Name', 80, { required: true }),
      text('FirstName', 'First Name', 40),
      { ...text('Name', 'Full Name', 121, { readOnly: true, nameField: true }), calculated: false },
      email('Email', 'Email', { required: true }),
      text('Alias', 'Alias', 8),
      bool('IsActive', 'Active', { defaultValue: true }),
      ...systemFields(false),
    ],
  };
}

export function standardObjects(org: OrgSchema): ObjectDefinition[] {
  const objects = [account(org.variant), opportunity(org.opportunityTypes), supportCase(org.casePriorities, org.variant), task(org.taskKeyField), user()];
  const currencies = org.currencies;
  if (!currencies) return objects;
  // Multi-currency: every object with currency fields (and User, whose currency is its default
  // one) carries CurrencyIsoCode; CurrencyType, and with advanced currency management
  // DatedConversionRate, become queryable.
  for (const o of objects) o.fields.push(currencyIsoCodeField(currencies));
  return [...objects, currencyType(currencies), ...(currencies.dated ? [datedConversionRate(currencies)] : [])];
}
