/** Options that cannot make a data set; the command reports them as usage errors. */
export class GenerateOptionError extends Error {
  override name = "GenerateOptionError";
}
