/**
 * Quoting names in TMDL, DAX and Power Query M, each by its own rule, so a
 * name is never read as syntax. The model's names are ours (tables and
 * columns of the extract), but every name goes through these all the same.
 */

/** TMDL: a name with anything but letters, digits and _ is enclosed in single quotes, a quote in it doubled. */
export function tmdlName(name: string): string {
  if (/[\r\n]/.test(name)) throw new Error(`A TMDL name cannot hold a line break: ${JSON.stringify(name)}`);
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** TMDL: a column reference `table.column`, each part quoted as it needs. */
export const tmdlColumnRef = (table: string, column: string): string => `${tmdlName(table)}.${tmdlName(column)}`;

/** DAX: 'table' (always quoted, a quote doubled). */
export const daxTable = (name: string): string => `'${name.replace(/'/g, "''")}'`;

/** DAX: 'table'[column] (a ] in the column doubled). */
export const daxColumn = (table: string, column: string): string => `${daxTable(table)}[${column.replace(/]/g, "]]")}]`;

/** DAX: [measure]. */
export const daxMeasure = (name: string): string => `[${name.replace(/]/g, "]]")}]`;

/**
 * Power Query M: a text literal. A double quote is doubled; M escapes are
 * #(…), so a literal "#(" becomes "#(#)(", and line breaks and tabs become
 * #(cr), #(lf), #(tab): the literal stays on one line of the TMDL file (a
 * folder may be named anything). Backslashes are plain characters in M.
 */
export const mString = (text: string): string =>
  `"${text
    .replace(/"/g, '""')
    .replace(/#\(/g, "#(#)(")
    .replace(/\r/g, "#(cr)")
    .replace(/\n/g, "#(lf)")
    .replace(/\t/g, "#(tab)")}"`;

/** Power Query M: an identifier, quoted #"..." unless it is a plain one. */
export const mIdentifier = (name: string): string =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `#${mString(name)}`;
