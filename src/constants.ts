/** Every identifier Loop Lens exposes to VS Code or users, in one place. */
export const EXTENSION_ID = 'looplens.looplens';
export const DIAGNOSTIC_SOURCE = 'looplens';
export const CONFIG_SECTION = 'looplens';
export const OUTPUT_CHANNEL_NAME = 'Loop Lens';
export const DOCS_BASE_URL = 'https://github.com/looplens/looplens/blob/main/README.md';

export const Commands = {
  showDocumentation: 'looplens.showRuleDocumentation',
  showTimeline: 'looplens.showTimeline',
  reanalyze: 'looplens.reanalyze',
} as const;

export const TIMELINE_VIEW_TYPE = 'looplens.timeline';

/** Anchor of a rule's section in README.md (GitHub's slug of the heading `rule-py-blocking-sleep`). */
export function ruleAnchor(ruleId: string): string {
  return `rule-${ruleId.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
}

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}#${ruleAnchor(ruleId)}`;
}
