/** Whether the churn model's coefficients were fitted on the org's renewals or held at the prior. */
export type RiskSource = 'prior' | 'fitted';
