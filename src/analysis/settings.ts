/** Validates user rule settings (`looplens.rules`, `--rule`) against the registry. */
import { ruleById } from './registry';
import type { SeveritySetting } from './types';

const SEVERITIES = new Set<SeveritySetting>(['error', 'warning', 'info', 'hint', 'off']);

export interface RuleSettings {
  readonly severities: Record<string, SeveritySetting>;
  /** Human-readable problems: unknown ids, invalid severities. */
  readonly problems: string[];
}

export function normaliseRuleSettings(raw: unknown): RuleSettings {
  const severities: Record<string, SeveritySetting> = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { severities, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('looplens.rules must be an object mapping rule ids to a severity ("error", "warning", "info", "hint" or "off")');
    return { severities, problems };
  }
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!ruleById(id)) {
      problems.push(`unknown rule id "${id}" in looplens.rules (ignored)`);
      continue;
    }
    if (typeof value !== 'string' || !SEVERITIES.has(value as SeveritySetting)) {
      problems.push(`invalid severity ${JSON.stringify(value)} for ${id} (expected error, warning, info, hint or off; ignored)`);
      continue;
    }
    severities[id] = value as SeveritySetting;
  }
  return { severities, problems };
}
