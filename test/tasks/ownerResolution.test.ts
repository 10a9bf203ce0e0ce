import { ownerDirectory, resolveOwner, type OwnerChoice } from '../../src/tasks/ownerResolution.js';

const directory = ownerDirectory([
  { id: '005A', email: 'ada@example.com', isActive: true },
  { id: '005B', email: 'Grace@Example.com', isActive: true },
  { id: '005C', email: 'alan@example.com', isActive: false },
  { id: '005N', email: null, isActive: null },
]);

describe('owner resolution', () => {
  it.each<[string, OwnerChoice, string | null, string | null, string | null, string, string[]]>([
    ['the account owner', 'account-owner', '005A', '005B', '005A', 'account-owner', []],
    ['an inactive account owner is skipped for the fallback', 'account-owner', '005C', '005B', '005B', 'fallback', ['005C:inactive']],
    ['no account owner: the fallback', 'account-owner', null, '005B', '005B', 'fallback', []],
    ['a fallback given as an email, any case', 'account-owner', null, 'grace@example.COM', '005B', 'fallback', []],
    ['an owner the state has not seen counts as active', 'account-owner', '005Z', '005B', '005Z', 'account-owner', []],
    ['unknown activity counts as active', 'account-owner', '005N', '005B', '005N', 'account-owner', []],
    ['inactive owner and inactive fallback: nobody', 'account-owner', '005C', 'alan@example.com', null, 'none', ['005C:inactive', 'alan@example.com:inactive']],
    ['a fallback email nobody has', 'account-owner', null, 'nobody@example.com', null, 'none', ['nobody@example.com:unknown-email']],
    ["the rule's own owner", 'ada@example.com', '005B', null, '005A', 'rule', []],
    ["the rule's own owner, inactive: the fallback", '005C', '005A', '005B', '005B', 'fallback', ['005C:inactive']],
  ])('%s', (_name, choice, accountOwner, fallback, ownerId, source, skipped) => {
    const resolved = resolveOwner(choice, accountOwner, fallback, directory);
    expect(resolved).toEqual({ ownerId, source, skipped: skipped.map((s) => ({ owner: s.slice(0, s.lastIndexOf(':')), reason: s.slice(s.lastIndexOf(':') + 1) })) });
  });
});
