import { readFileSync } from "node:fs";

/**
 * The slice of nbformat 4 the runner reads and writes. Jupyter stores text as
 * a string or as a list of lines; both are accepted on read and lines are
 * written, as Jupyter itself does.
 */

export type MultilineString = string | string[];

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: MultilineString;
}

export interface DisplayOutput {
  output_type: "display_data";
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

export type Output =
  | StreamOutput
  | DisplayOutput
  | ErrorOutput
  | {
      output_type: "execute_result";
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
      execution_count: number | null;
    };

export interface Cell {
  id?: string;
  cell_type: "code" | "markdown" | "raw";
  source: MultilineString;
  metadata: { tags?: string[]; [key: string]: unknown };
  outputs?: Output[];
  execution_count?: number | null;
}

export interface NotebookJson {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

class NotebookFormatError extends Error {
  override name = "NotebookFormatError";
}

export const text = (source: MultilineString): string => (Array.isArray(source) ? source.join("") : source);

/** `"a\nb"` → `["a\n", "b"]`, the way Jupyter writes text. */
export function lines(s: string): string[] {
  return s.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export const hasTag = (cell: Cell, tag: string): boolean => cell.metadata?.tags?.includes(tag) ?? false;

/** Reads a notebook and checks the parts the runner relies on. */
export function readNotebook(path: string): NotebookJson {
  let nb: unknown;
  try {
    nb = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new NotebookFormatError(`${path}: not a notebook (${(error as Error).message}); expected nbformat 4 JSON`);
  }
  const n = nb as Partial<NotebookJson>;
  if (n.nbformat !== 4 || !Array.isArray(n.cells))
    throw new NotebookFormatError(
      `${path}: expected nbformat 4 JSON with a "cells" array, found nbformat ${String(n.nbformat)}`,
    );
  n.cells.forEach((cell, i) => {
    if (
      !["code", "markdown", "raw"].includes(cell?.cell_type) ||
      (typeof cell.source !== "string" && !Array.isArray(cell.source))
    )
      throw new NotebookFormatError(`${path}: cell ${i + 1} needs a cell_type (code, markdown or raw) and a source`);
  });
  return { metadata: {}, nbformat_minor: 5, ...n } as NotebookJson;
}
