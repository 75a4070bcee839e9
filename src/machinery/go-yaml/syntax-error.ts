// go-yaml v2's message for a YAML body it cannot parse, as sigs.k8s.io/yaml passes it on.
import { composeFirstYamlDocument } from './parser.js';
import { YamlError } from './scanner.js';

/** `yaml: line N: <problem>` for the first error in the first document, or undefined. */
export function goYamlSyntaxError(text: string): string | undefined {
  try {
    composeFirstYamlDocument(text);
    return undefined;
  } catch (e) {
    if (e instanceof YamlError) return goYamlErrorMessage(e);
    throw e;
  }
}

/**
 * go-yaml's parser.fail(): marks are 0-based and only scanner errors add one, so parser errors
 * name the line before the offending one, and nothing on the first line gets a line number.
 */
export function goYamlErrorMessage(e: YamlError): string {
  let line = 0;
  if (e.problemMark && e.problemMark.line !== 0) line = e.problemMark.line + (e.stage === 'scanner' ? 1 : 0);
  else if (e.contextMark && e.contextMark.line !== 0) line = e.contextMark.line;
  return `yaml: ${line ? `line ${line}: ` : ''}${e.problem}`;
}
