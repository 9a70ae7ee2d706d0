/** Output formats of `looplens check`: text lines, a JSON array, SARIF 2.1.0. */
import { ALL_RULES } from '../analysis/registry';
import type { Severity } from '../analysis/types';
import { ruleDocsUrl } from '../constants';

export interface CliFinding {
  readonly file: string;
  /** Notebooks: 1-based index of the cell in the notebook (all cells counted); `line`/`column` are inside that cell. */
  readonly cell?: number;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
}

export function formatText(findings: readonly CliFinding[]): string {
  return findings.map((f) => `${f.file}:${f.cell !== undefined ? `cell ${f.cell}:` : ''}${f.line}:${f.column}: ${f.code} ${f.message}\n`).join('');
}

export function formatJson(findings: readonly CliFinding[]): string {
  return `${JSON.stringify(findings, null, 2)}\n`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(findings: readonly CliFinding[], version: string): string {
  const rules = ALL_RULES.map((rule) => ({
    id: rule.id,
    name: rule.id.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: stripMarkdown(rule.summary) },
    fullDescription: { text: stripMarkdown(firstParagraph(rule.doc)) },
    helpUri: ruleDocsUrl(rule.id),
    help: { text: stripMarkdown(firstParagraph(rule.doc)), markdown: rule.doc },
    defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
  }));
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Loop Lens', informationUri: ruleDocsUrl('').replace(/#.*$/, ''), version, semanticVersion: version, rules } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: index.get(f.code) ?? -1,
          level: SARIF_LEVEL[f.severity],
          message: { text: stripMarkdown(f.message) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.split('\\').join('/'), uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn,
                  // A notebook's lines are counted inside the cell: the property bag says which one.
                  ...(f.cell !== undefined ? { properties: { cell: f.cell } } : {}),
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function firstParagraph(doc: string): string {
  const body = doc.replace(/^## What it does\s*/, '');
  return body.split(/\n\s*\n/)[0] ?? body;
}

function stripMarkdown(text: string): string {
  return text.replace(/`/g, '').trim();
}
