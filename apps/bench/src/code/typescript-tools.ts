import { spawnSync } from 'node:child_process';
import ts from 'typescript';
import { withTempFile } from './temp-file.js';

function parse(text: string, fileName: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
}

/** `node --check` accepts the text as a script or module (by whether it uses import/export). */
export function nodeChecks(text: string): boolean {
  const extension = /^\s*(import|export)\s/m.test(text) ? '.mjs' : '.cjs';
  return withTempFile(text, extension, (path) => spawnSync(process.execPath, ['--check', path], { encoding: 'utf8' }).status === 0);
}

function nameOf(name: ts.PropertyName | ts.BindingName | undefined): string[] {
  if (!name) return [];
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name)) return [name.text];
  if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)) {
    return name.elements.flatMap((element) => (ts.isBindingElement(element) ? nameOf(element.name) : []));
  }
  return [];
}

/** Top-level declaration names and the member names of top-level classes, from the TypeScript parser. */
export function typescriptNames(text: string, fileName: string): string[] {
  const names = new Set<string>();
  const add = (found: readonly string[]) => {
    for (const name of found) names.add(name);
  };
  for (const statement of parse(text, fileName).statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) add(nameOf(declaration.name));
    } else if (
      ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement) ||
      ts.isModuleDeclaration(statement)
    ) {
      add(nameOf(statement.name));
    }
    if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) add(nameOf(member.name));
    }
  }
  return [...names].sort();
}
