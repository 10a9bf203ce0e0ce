/** A `${NAME:-fallback}` whose fallback is the local emulator's address or credential. */
const EMULATOR_FALLBACK = /\$\{([A-Z0-9_]+):-(?:http:\/\/127\.0\.0\.1[^}]*|emulator-[^}]*)\}/g;

const HEADER_EMULATOR = /# As shipped, the connectors point at the local emulators[\s\S]*?set the variables below\./;

/** The example's connector sections: each opens with a `  # ----` rule line, in `connectors:`. */
const SECTION_RULE = /^ {2}# -{8,}/;

/**
 * The documented example config turned into one for real CRMs: only the connector sections of
 * `types`, and every `${NAME:-emulator value}` reduced to `${NAME}`, so a variable left unset is an
 * error naming it instead of the emulator's secret sent to a real org. Worked on the text, so the
 * example's comments and alignment stay as written.
 */
export function realOrgConfig(exampleYaml: string, types: readonly string[]): { yaml: string; variables: string[] } {
  const lines = exampleYaml.split('\n');
  const kept: string[] = [];
  let section: string[] | null = null;
  const flush = () => {
    if (!section) return;
    const type = section.map((l) => /^ {4}type: (\S+)/.exec(l)?.[1]).find(Boolean);
    // Sections without a live connector (the commented `type: module` example) stay as documentation.
    if (!type || types.includes(type)) kept.push(...section);
    section = null;
  };
  for (const line of lines) {
    if (SECTION_RULE.test(line)) {
      flush();
      section = [line];
    } else if (section && /^\S/.test(line)) {
      flush();
      kept.push(line);
    } else if (section) section.push(line);
    else kept.push(line);
  }
  flush();
  const variables = new Set<string>();
  const yaml = kept
    .join('\n')
    .replace(EMULATOR_FALLBACK, (_match, name: string) => `\${${name}}`)
    .replace(HEADER_EMULATOR, `# Written by \`vitals init --crm ${types.join(',')}\` for a real org: export the variables the\n# connectors read (a missing one is an error naming it), then run \`vitals validate\`.`);
  for (const line of yaml.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    for (const ref of line.matchAll(/\$\{([A-Z0-9_]+)\}/g)) variables.add(ref[1]!);
  }
  return { yaml, variables: [...variables] };
}
