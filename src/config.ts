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
  readonly timeline: TimelineConfig;
  /** Problems found while reading the settings (unknown rule ids, bad values). */
  readonly problems: readonly string[];
}

/** `looplens.timeline.*`: limits of one prediction process and the assumed I/O latency. */
export interface TimelineConfig {
  readonly timeLimitMs: number;
  readonly memoryLimitMb: number;
  readonly ioLatencyMs: number;
}

/** Below this a prediction process cannot load its parser (the CLI's --memory-limit has the same floor). */
const MIN_MEMORY_LIMIT_MB = 128;

/** A number setting within [min, max]; an invalid value is reported and replaced by the default declared in package.json. */
function readNumber(config: vscode.WorkspaceConfiguration, key: string, min: number, max: number, problems: string[]): number {
  const declared = config.inspect<unknown>(key)?.defaultValue;
  const fallback = typeof declared === 'number' ? declared : min;
  const value = config.get<unknown>(key);
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
  if (value !== undefined) problems.push(`looplens.${key} must be a number from ${min} to ${max}, got ${JSON.stringify(value)} (using ${fallback})`);
  return fallback;
}

export function readTimelineConfig(scope?: vscode.ConfigurationScope, problems: string[] = []): TimelineConfig {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  return {
    timeLimitMs: readNumber(config, 'timeline.timeLimitSeconds', 1, 3600, problems) * 1000,
    memoryLimitMb: Math.floor(readNumber(config, 'timeline.memoryLimitMb', MIN_MEMORY_LIMIT_MB, 1024 * 1024, problems)),
    ioLatencyMs: readNumber(config, 'timeline.ioLatencyMs', 0, 3_600_000, problems),
  };
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
  const timeline = readTimelineConfig(scope, problems);
  return {
    enable: config.get<boolean>('enable') !== false,
    notebooks: config.get<boolean>('notebooks') !== false,
    severities: rules.severities,
    exclude: globs,
    maxFileSizeKb,
    timeline,
    problems,
  };
}
