import { addCounts, pulledText } from '../../src/sync/pulledText.js';

describe('the pull line sync and run print', () => {
  const counts = { pulled: 262, inserted: 0, updated: 0, unchanged: 262, deleted: 0, quarantined: 0 };

  it('says why records came back unchanged, and what was re-read on purpose', () => {
    expect(pulledText(counts, [{ reread: { records: 12, why: 'HubSpot search lags writes by up to 5 min' } }])).toBe(
      '262 pulled (0 new, 0 changed, 262 unchanged: modified in the CRM, nothing mapped changed, as after our own write-back), 0 deleted, 0 quarantined; 12 re-read: HubSpot search lags writes by up to 5 min',
    );
  });

  it('stays short when nothing is unchanged, and adds objects up', () => {
    const first = { pulled: 4_621, inserted: 4_621, updated: 0, unchanged: 0, deleted: 0, quarantined: 0 };
    expect(pulledText(addCounts([first, { ...first, pulled: 9, inserted: 9 }]), [])).toBe('4,630 pulled (4,630 new, 0 changed, 0 unchanged), 0 deleted, 0 quarantined');
  });
});
