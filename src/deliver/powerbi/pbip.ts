import { semanticModel, stableId, type SemanticModelInput } from "./semantic-model.js";

/**
 * A Power BI project (PBIP): the `.pbip` file Power BI Desktop opens, the
 * semantic model (definition.pbism and its TMDL `definition/` folder) and a
 * report (definition.pbir, in the PBIR folder format, with one empty page to
 * build on) bound to that model by path. Each JSON file names the published
 * schema it follows (github.com/microsoft/json-schemas, fabric/…).
 */

export const PROJECT = "SalesInsight";

const SCHEMAS = {
  pbip: "https://developer.microsoft.com/json-schemas/fabric/pbip/pbipProperties/1.0.0/schema.json",
  platform: "https://developer.microsoft.com/json-schemas/fabric/gitIntegration/platformProperties/2.0.0/schema.json",
  pbism:
    "https://developer.microsoft.com/json-schemas/fabric/item/semanticModel/definitionProperties/1.0.0/schema.json",
  pbir: "https://developer.microsoft.com/json-schemas/fabric/item/report/definitionProperties/2.0.0/schema.json",
  version:
    "https://developer.microsoft.com/json-schemas/fabric/item/report/definition/versionMetadata/1.0.0/schema.json",
  report: "https://developer.microsoft.com/json-schemas/fabric/item/report/definition/report/1.0.0/schema.json",
  pages: "https://developer.microsoft.com/json-schemas/fabric/item/report/definition/pagesMetadata/1.0.0/schema.json",
  page: "https://developer.microsoft.com/json-schemas/fabric/item/report/definition/page/1.0.0/schema.json",
} as const;

export interface ProjectFile {
  /** Path inside the extract's folder, with `/`. */
  path: string;
  content: string;
}

const json = (value: object) => JSON.stringify(value, null, 2) + "\n";

export function powerBiProject(model: SemanticModelInput): ProjectFile[] {
  const modelDir = `${PROJECT}.SemanticModel`;
  const reportDir = `${PROJECT}.Report`;
  const platform = (type: "SemanticModel" | "Report") =>
    json({
      $schema: SCHEMAS.platform,
      metadata: { type, displayName: PROJECT },
      config: { version: "2.0", logicalId: stableId(`${PROJECT}.${type}`) },
    });
  return [
    {
      path: `${PROJECT}.pbip`,
      content: json({
        $schema: SCHEMAS.pbip,
        version: "1.0",
        artifacts: [{ report: { path: reportDir } }],
        settings: { enableAutoRecovery: true },
      }),
    },
    { path: `${modelDir}/.platform`, content: platform("SemanticModel") },
    // Version 4.0 and later hold the model as TMDL in definition/.
    { path: `${modelDir}/definition.pbism`, content: json({ $schema: SCHEMAS.pbism, version: "4.0", settings: {} }) },
    ...semanticModel(model).map((f) => ({ path: `${modelDir}/definition/${f.path}`, content: f.content })),
    { path: `${reportDir}/.platform`, content: platform("Report") },
    {
      path: `${reportDir}/definition.pbir`,
      content: json({
        $schema: SCHEMAS.pbir,
        version: "4.0",
        datasetReference: { byPath: { path: `../${modelDir}` } },
      }),
    },
    { path: `${reportDir}/definition/version.json`, content: json({ $schema: SCHEMAS.version, version: "2.0.0" }) },
    {
      path: `${reportDir}/definition/report.json`,
      content: json({ $schema: SCHEMAS.report, themeCollection: {}, layoutOptimization: "None" }),
    },
    {
      path: `${reportDir}/definition/pages/pages.json`,
      content: json({ $schema: SCHEMAS.pages, pageOrder: ["overview"], activePageName: "overview" }),
    },
    {
      path: `${reportDir}/definition/pages/overview/page.json`,
      content: json({
        $schema: SCHEMAS.page,
        name: "overview",
        displayName: "Overview",
        displayOption: "FitToPage",
        height: 720,
        width: 1280,
      }),
    },
  ];
}
