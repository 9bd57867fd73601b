import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TslabSession } from "./tslab.js";

// In a file of its own: after a session of another folder in the same process, tslab finds no package of this one.
test("a cell is checked against no package of node_modules/@types but node's, and an import still finds its types there", async () => {
  const root = mkdtempSync(join(tmpdir(), "tslab-types-"));
  const notebooks = join(root, "notebooks");
  mkdirSync(notebooks);
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  // A package of globals (as TypeScript would include automatically), and a JavaScript package typed in @types.
  write("node_modules/@types/ambient/index.d.ts", "declare const AMBIENT: number;\n");
  write("node_modules/@types/ambient/package.json", JSON.stringify({ name: "@types/ambient", types: "index.d.ts" }));
  write("node_modules/typed/package.json", JSON.stringify({ name: "typed", main: "index.js" }));
  write("node_modules/typed/index.js", "exports.label = 'typed';\n");
  write("node_modules/@types/typed/index.d.ts", "export declare const label: 'typed';\n");
  write("node_modules/@types/typed/package.json", JSON.stringify({ name: "@types/typed", types: "index.d.ts" }));
  const session = new TslabSession(notebooks);
  try {
    const ambient = await session.run(`const a: number = AMBIENT;`);
    assert.equal(ambient.ok, false);
    assert.match(ambient.error?.evalue ?? "", /Cannot find name 'AMBIENT'/);
    // The literal type comes from @types/typed: assigning another string fails to type-check.
    const typed = await session.run(`import { label } from "typed"; const ok: "typed" = label; console.log(ok)`);
    assert.deepEqual(typed.outputs, [{ output_type: "stream", name: "stdout", text: ["typed\n"] }]);
    assert.equal((await session.run(`import { label as l } from "typed"; const no: "other" = l;`)).ok, false);
  } finally {
    session.close();
    rmSync(root, { recursive: true, force: true });
  }
});
