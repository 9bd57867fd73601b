import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { commentarySection, figuresEntries } from "../run/outputs.js";
import type { Section } from "../notebook/section.js";

/**
 * figures.json is written by the analyse step (src/analyse/outputs.ts). What
 * only a notebook computes — segments, the prediction, data quality — joins
 * it here in the same shape, as the notebook computed it (its commentary
 * joins commentary.md, its models models/), so the pack's files hold every
 * figure its report shows.
 */
export async function addSectionFigures(packDir: string, sections: readonly Section[]): Promise<string[]> {
  const path = join(packDir, "figures.json");
  const doc = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
  const added: string[] = [];
  for (const s of sections) {
    if (s.key in doc || s.figures === undefined) continue;
    for (const [k, v] of Object.entries(figuresEntries({ ...s, figures: s.figures }))) if (!(k in doc)) doc[k] = v;
    for (const [name, model] of Object.entries(s.models ?? {})) {
      await mkdir(join(packDir, "models"), { recursive: true });
      await writeFile(join(packDir, "models", `${name}.json`), JSON.stringify(model, null, 2) + "\n");
    }
    added.push(s.key);
  }
  if (added.length) {
    await writeFile(path, JSON.stringify(doc, null, 2) + "\n");
    const commentary = join(packDir, "commentary.md");
    const text = await readFile(commentary, "utf8").catch(() => "");
    const more = sections.filter((s) => added.includes(s.key)).map(commentarySection);
    await writeFile(commentary, [text.trimEnd() + "\n", ...more].join("\n"));
  }
  return added;
}
