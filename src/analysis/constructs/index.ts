/** Explains the event-loop construct at an offset, for either language family. */
import type { Tree } from 'web-tree-sitter';
import type { LanguageInfo } from '../../parsing/languages';
import { PythonFile } from '../python/semantics';
import { TsFile } from '../typescript/semantics';
import { explainPythonConstruct } from './python';
import type { ConstructExplanation } from './types';
import { explainTsConstruct } from './typescript';

export type { ConstructExplanation } from './types';

export function explainConstruct(tree: Tree, text: string, language: LanguageInfo, offset: number): ConstructExplanation | undefined {
  return language.family === 'python' ? explainPythonConstruct(new PythonFile(tree, text), offset) : explainTsConstruct(new TsFile(tree, text), offset);
}
