import type { SegmentName } from "./rfm.js";

/**
 * The marketing playbook: for each RFM segment, what to offer, through which
 * channel and when. Clusters borrow the action of the segment most of their
 * customers are in, led by the category they buy notably more of than other
 * customers, when there is one.
 */

export interface Action {
  offer: string;
  channel: string;
  timing: string;
}

export const ACTIONS: Record<SegmentName, Action> = {
  Champions: {
    offer: "Top tier of the loyalty program: early access to new products, volume pricing; no discounts needed",
    channel: "Account manager, personal e-mail",
    timing: "Now, then a quarterly business review",
  },
  Loyal: {
    offer: "Loyalty program points and upsell to higher-value products in their favourite categories",
    channel: "E-mail and account manager",
    timing: "Monthly",
  },
  "Potential loyalists": {
    offer: "Invitation to the loyalty program and bundles built on what they already buy",
    channel: "E-mail",
    timing: "Within two weeks of their next order",
  },
  New: {
    offer: "Welcome series with the catalogue and an incentive on a second order",
    channel: "E-mail sequence",
    timing: "Within 7 days of the first order",
  },
  Promising: {
    offer: "Free shipping or a trial of best sellers to build the habit",
    channel: "E-mail",
    timing: "Within 30 days",
  },
  "Need attention": {
    offer: "Limited-time offer on products they bought before",
    channel: "E-mail, followed by a call from their sales rep",
    timing: "This month",
  },
  "At risk": {
    offer: "Personal win-back offer and a check on service problems",
    channel: "Phone call from their sales rep, then e-mail",
    timing: "Immediately",
  },
  "Cannot lose them": {
    offer: "Tailored pricing and a review of their account; find out why they stopped",
    channel: "Account manager call or visit",
    timing: "This week",
  },
  Hibernating: {
    offer: "Reactivation offer on their favourite category",
    channel: "Newsletter (low-cost)",
    timing: "Next seasonal campaign",
  },
  Lost: {
    offer: "One low-cost win-back attempt; then leave them out of paid campaigns",
    channel: "Automated e-mail",
    timing: "Once, in the next campaign",
  },
  "No purchase yet": {
    offer: "Introductory catalogue and a first-order incentive",
    channel: "E-mail; a sales call for large accounts",
    timing: "Next campaign",
  },
};

/** A cluster's action: its main segment's, led by its distinctive category. */
export function clusterAction(mainSegment: SegmentName, distinctiveCategory: string | undefined): Action {
  const base = ACTIONS[mainSegment];
  return distinctiveCategory ? { ...base, offer: `${base.offer} (lead with ${distinctiveCategory})` } : base;
}
