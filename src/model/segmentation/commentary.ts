import { count, decimal, money, percent, plural } from "../../analyse/format.js";
import type { SegmentFigure, SegmentationFigures } from "./figures.js";
import { markdownText } from "../../analyse/commentary/text.js";
import type { Commentary } from "../../analyse/commentary/commentary.js";

/**
 * The segmentation in words: the finding, the clusters and how much to trust
 * them, one recommended action per segment, and the caveats. Every number
 * comes from the figures and is written with the shared formatters.
 */

/** Kaufman & Rousseeuw's reading of the mean silhouette. */
function silhouetteStrength(s: number): string {
  if (s > 0.7) return "strong structure";
  if (s > 0.5) return "reasonable structure";
  if (s > 0.25) return "weak structure";
  return "no substantial structure";
}

/** Below this many buyers, a single order moves a customer across a score boundary. */
const SMALL_DATA_BUYERS = 200;

export function segmentationCommentary(segments: SegmentFigure[], seg: SegmentationFigures): Commentary {
  const buyers = seg.buyers;
  const asOf = seg.reference_date;

  if (buyers === 0)
    return {
      finding: `No customer has ordered up to ${asOf}, so all ${plural(seg.customers, "customer")} are in "No purchase yet": there is nothing to score or cluster.`,
      evidence: [],
      recommendation: [`For them: ${actionText(segments.find((s) => s.name === "No purchase yet")!)}.`],
      caveats: [],
    };

  const active = segments.filter((s) => s.customers > 0);
  const bySales = [...active].sort((a, b) => b.sales_share - a.sales_share);
  const lead = bySales[0];
  const valuable = segments.filter((s) => s.name === "Champions" || s.name === "Loyal");
  const valuableCustomers = valuable.reduce((a, s) => a + s.customers, 0);
  const valuableShare = valuable.reduce((a, s) => a + s.sales_share, 0);
  const atRisk = segments.filter((s) => s.name === "At risk" || s.name === "Cannot lose them");
  const atRiskCustomers = atRisk.reduce((a, s) => a + s.customers, 0);
  const atRiskShare = atRisk.reduce((a, s) => a + s.sales_share, 0);

  const scope = [
    seg.filters.country ? `customers in ${markdownText(seg.filters.country)}` : "",
    seg.filters.category
      ? `sales of ${markdownText(seg.filters.category)} only (a customer with none counts as no purchase yet)`
      : "",
  ].filter(Boolean);
  const evidence = [
    `Champions and Loyal together are ${plural(valuableCustomers, "customer")} with ${percent(valuableShare)} of sales — the core of the loyalty program; ` +
      `${plural(atRiskCustomers, "customer")} who used to buy well are now At risk or Cannot lose them (${percent(atRiskShare)} of sales), the first to win back.`,
    `Segments are read at ${asOf} from all orders up to that day${scope.length ? `, for ${scope.join(" and ")}` : ""}: ` +
      `${plural(buyers, "buyer")} and ${plural(seg.customers - buyers, "customer")} with no purchase yet; every customer is in exactly one.`,
  ];

  const clusters = seg.clusters.filter((c) => c.name !== "No purchase yet");
  if (seg.k >= 2 && seg.silhouette !== null) {
    evidence.push(
      `**Behavioural clusters.** k-means on recency, frequency, value, tenure and order size finds ${count(seg.k)} clusters ` +
        `(k from ${seg.k_range[0]} to ${seg.k_range[1]} chosen by the mean silhouette, ${decimal3(seg.silhouette)}: ${silhouetteStrength(seg.silhouette)}).`,
      ...clusters.map(
        (c) =>
          `**${c.name.split(":")[0]}** — ${c.description}; ${plural(c.customers, "customer")}, ${percent(c.sales_share)} of sales, mostly ${c.main_segment}. *Action:* ${actionText(c)}.`,
      ),
    );
    const st = seg.stability;
    if (st.across_seeds_ari !== null && st.bootstrap_ari !== null) {
      evidence.push(
        `**How stable the clusters are.** Refitted from ${plural(st.seeds, "other seed")}, they agree with the model at an adjusted Rand index of ${decimal3(st.across_seeds_ari)} on average (lowest ${decimal3(st.across_seeds_min_ari!)}); ` +
          `refitted on ${plural(st.bootstrap_runs, "bootstrap sample")} of the buyers, at ${decimal3(st.bootstrap_ari)} (lowest ${decimal3(st.bootstrap_min_ari!)}). ` +
          `${st.bootstrap_ari >= 0.8 ? "The clusters are stable enough to plan campaigns on." : "The clusters move with the sample: use them as a lens on behaviour, and plan campaigns on the RFM segments."}`,
      );
    }
  } else {
    evidence.push(
      `**Behavioural clusters.** With ${plural(buyers, "buyer")} too alike to split, all buyers form one cluster.`,
    );
  }

  const caveats: string[] = [
    "Scores are relative: a buyer's R, F and M are quintiles among all buyers up to the reference date, so a segment says how a customer compares with the others, not how they compare with a target.",
    "Sales are quantity × list price; the extracts hold no discounts.",
  ];
  if (buyers < SMALL_DATA_BUYERS) {
    caveats.unshift(
      `Small data: with ${plural(buyers, "buyer")}, one more order can move a customer to another segment, and several segments hold only a handful of customers — treat the segment of any one customer as indicative and review the list before a campaign.`,
    );
  }
  if (seg.silhouette !== null && seg.silhouette <= 0.25) {
    caveats.push(
      `The clusters show ${silhouetteStrength(seg.silhouette)} (silhouette ${decimal3(seg.silhouette)}): they describe tendencies, not well separated groups.`,
    );
  }
  return {
    finding: `${lead.name} bring the most sales: ${plural(lead.customers, "customer")} (${percent(lead.customer_share)} of customers) account for ${percent(lead.sales_share)} of sales.`,
    evidence,
    // One action per segment, each customer's segment decides which applies.
    recommendation: active.map(
      (s) =>
        `**${s.name}** — ${plural(s.customers, "customer")}, ${percent(s.customer_share)} of customers, ${percent(s.sales_share)} of sales` +
        (s.profile.avg_orders !== null
          ? ` (on average ${decimal(s.profile.avg_orders)} orders, ${money(s.profile.avg_sales ?? 0)}, last order ${count(s.profile.avg_recency_days ?? 0)} days ago)`
          : "") +
        `: ${s.description}. *Action:* ${actionText(s)}.`,
    ),
    caveats,
  };
}

function actionText(s: SegmentFigure): string {
  return `${s.action.offer} — ${lowerFirst(s.action.channel)}, ${lowerFirst(s.action.timing)}`;
}

function lowerFirst(s: string): string {
  // Keep acronyms and proper names ("E-mail" → "e-mail", but not "UK").
  return /^[A-Z](?:[a-z]|-[a-z])/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

/** Silhouettes and ARIs need three decimals; the shared `decimal` has one. */
function decimal3(x: number): string {
  return x.toFixed(3);
}
