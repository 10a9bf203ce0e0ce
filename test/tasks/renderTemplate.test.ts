import { renderTemplate, templateProblems } from '../../src/tasks/renderTemplate.js';

describe('templates', () => {
  it.each<[string, string]>([
    ['Renewal at risk: {{account_name}} renews in {{ days_to_renewal }} days', 'Renewal at risk: Acme renews in 45 days'],
    ['risk {{churn_risk}}%, change {{health_change_30d}}', 'risk 42%, change -17.5'],
    ['CSAT {{lowest_csat_30d}}', 'CSAT n/a'],
    ['no placeholders', 'no placeholders'],
  ])('%s', (template, expected) => {
    expect(renderTemplate(template, { account_name: 'Acme', days_to_renewal: 45, churn_risk: 42, health_change_30d: -17.5, lowest_csat_30d: null })).toBe(expected);
  });

  it.each<[string, string[]]>([
    ['{{account_nme}} {{health}}', ['unknown placeholder {{account_nme}} (did you mean {{account_name}}?); allowed: account_name, health']],
    ['{{health}', ['unbalanced {{ }}: write placeholders as {{name}}']],
    ['{{ health }} and {{account_name}}', []],
  ])('problems in %s', (template, problems) => {
    expect(templateProblems(template, ['account_name', 'health'])).toEqual(problems);
  });
});
