/** Maps file names and VS Code language ids to the grammar that parses them. */
export type GrammarId = 'python' | 'typescript' | 'tsx';
/** The rule family a file belongs to: `py/` rules or `ts/` rules. */
export type LanguageFamily = 'python' | 'typescript';

export interface LanguageInfo {
  readonly grammar: GrammarId;
  readonly family: LanguageFamily;
  /** True for JavaScript flavours (.js .jsx .mjs .cjs), parsed with the TSX grammar. */
  readonly javascript: boolean;
}

const PYTHON: LanguageInfo = { grammar: 'python', family: 'python', javascript: false };
const TS: LanguageInfo = { grammar: 'typescript', family: 'typescript', javascript: false };
const TSX: LanguageInfo = { grammar: 'tsx', family: 'typescript', javascript: false };
const JS: LanguageInfo = { grammar: 'tsx', family: 'typescript', javascript: true };

const BY_EXTENSION: Record<string, LanguageInfo> = {
  '.py': PYTHON, '.pyi': PYTHON, '.pyw': PYTHON,
  '.ts': TS, '.mts': TS, '.cts': TS,
  '.tsx': TSX,
  '.js': JS, '.jsx': JS, '.mjs': JS, '.cjs': JS,
};

const BY_VSCODE_ID: Record<string, LanguageInfo> = {
  python: PYTHON,
  typescript: TS,
  typescriptreact: TSX,
  javascript: JS,
  javascriptreact: JS,
};

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(BY_EXTENSION);

export function languageFromPath(path: string): LanguageInfo | undefined {
  const match = /(\.[A-Za-z]+)$/.exec(path);
  return match ? BY_EXTENSION[match[1]!.toLowerCase()] : undefined;
}

export function languageFromVsCodeId(languageId: string, path?: string): LanguageInfo | undefined {
  const byId = BY_VSCODE_ID[languageId];
  if (byId && byId.family === 'typescript' && path) {
    // `.ts` files must not use the TSX grammar (`<T>x` casts), `.tsx` must.
    const byPath = languageFromPath(path);
    if (byPath && byPath.family === 'typescript') return byPath;
  }
  return byId;
}
