/** Typed read of the `looplens.*` settings. Defaults live only in package.json. */
import * as vscode from 'vscode';
import { normaliseRuleSettings } from './analysis/settings';
import type { SeveritySetting } from './analysis/types';
import { CONFIG_SECTION } from './constants';
import { DEFAULT_MAX_FILE_SIZE_KB } from './parsing/limits';

export interface LoopLensConfig {
  readonly enable: boolean;
  /** Analyse notebook cells together, in running-loop mode (`looplens.notebooks`). */
  readonly notebooks: boolean;
  readonly severities: Readonly<Record<string, SeveritySetting>>;
  readonly exclude: readonly string[];
  readonly maxFileSizeKb: number;
  /** Problems found while reading the settings (unknown rule ids, bad values). */
  readonly problems: readonly string[];
}

export function readConfig(scope?: vscode.ConfigurationScope): LoopLensConfig {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const rules = normaliseRuleSettings(config.get<unknown>('rules'));
  const problems = [...rules.problems];
  const exclude = config.get<unknown>('exclude');
  const globs = Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === 'string' && g.length > 0) : [];
  if (exclude !== undefined && !Array.isArray(exclude)) problems.push('looplens.exclude must be an array of glob patterns (ignored)');
  const size = config.get<unknown>('maxFileSizeKb');
  let maxFileSizeKb = DEFAULT_MAX_FILE_SIZE_KB;
  if (typeof size === 'number' && Number.isFinite(size) && size > 0) maxFileSizeKb = size;
  else if (size !== undefined) problems.push(`looplens.maxFileSizeKb must be a positive number, got ${JSON.stringify(size)} (using ${DEFAULT_MAX_FILE_SIZE_KB})`);
  return {
    enable: config.get<boolean>('enable') !== false,
    notebooks: config.get<boolean>('notebooks') !== false,
    severities: rules.severities,
    exclude: globs,
    maxFileSizeKb,
    problems,
  };
}
