import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { pointConnectorAtMapping } from '../../src/config/pointConnectorAtMapping.js';
import { packageFile } from '../../src/model/packagePaths.js';

const example = readFileSync(packageFile('config.example.yaml'), 'utf8');
const connector = (text: string, name: string) => (parse(text) as { connectors: Record<string, unknown>[] }).connectors.find((c) => c.name === name)!;

describe('pointing a connector at a written mapping', () => {
  it('adds `mapping:` and folds `mappingOverrides` away, leaving every other line as written', () => {
    const { text, removedOverrides } = pointConnectorAtMapping(example, 'acme-sf', './mappings/acme-sf.yaml');
    expect(removedOverrides).toBe(true);
    expect(connector(text, 'acme-sf')).toMatchObject({ mapping: './mappings/acme-sf.yaml' });
    expect(connector(text, 'acme-sf').mappingOverrides).toBeUndefined();
    expect(connector(text, 'acme-hs').mapping).toBeUndefined();
    const before = example.split('\n');
    const after = text.split('\n');
    const added = after.filter((l) => !before.includes(l));
    const removed = before.filter((l) => !after.includes(l));
    expect(added).toEqual(['    mapping: ./mappings/acme-sf.yaml   # written by `vitals map`', '    # mappingOverrides: folded into ./mappings/acme-sf.yaml by `vitals map`']);
    expect(removed).toEqual(['    mappingOverrides:', '      objects:', '        accounts:', '          fields:', '            arr: AnnualRevenue']);
  });

  it('replaces the path of a connector that already reads a mapping', () => {
    const once = pointConnectorAtMapping(example, 'acme-hs', './mappings/acme-hs.yaml').text;
    const twice = pointConnectorAtMapping(once, 'acme-hs', './maps/hs.yaml');
    expect(twice.removedOverrides).toBe(false);
    expect(connector(twice.text, 'acme-hs').mapping).toBe('./maps/hs.yaml');
    expect(twice.text.split('\n').length).toBe(once.split('\n').length);
  });

  it('handles a connector written on one line', () => {
    const text = 'connectors:\n  - { name: hs, type: hubspot, mappingOverrides: { objects: {} } }\n';
    expect(connector(pointConnectorAtMapping(text, 'hs', './mappings/hs.yaml').text, 'hs')).toEqual({ name: 'hs', type: 'hubspot', mapping: './mappings/hs.yaml' });
  });
});
