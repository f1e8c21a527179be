import { parser as logqlParser } from "@grafana/lezer-logql";
import { parser as promqlParser } from "@prometheus-io/lezer-promql";

type Parser = typeof promqlParser;

function syntaxErrors(parser: Parser, query: string): string[] {
  const errors: string[] = [];
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`syntax error at ${node.from}: …${query.slice(Math.max(0, node.from - 20), node.from + 20)}…`);
    },
  });
  return errors;
}

/** Syntax errors of a PromQL expression (empty when it parses). */
export function promqlErrors(query: string): string[] {
  return syntaxErrors(promqlParser, query);
}

/** Syntax errors of a LogQL expression (empty when it parses). */
export function logqlErrors(query: string): string[] {
  return syntaxErrors(logqlParser as unknown as Parser, query);
}
