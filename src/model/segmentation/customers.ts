import { largestIndices } from "../largest.js";
import { rfmCode, SEGMENT_NAMES, type RfmScore, type SegmentName } from "./rfm.js";

/**
 * Every customer's segment, scores and cluster, by column: what the
 * segmentation of a million customers holds without a million objects. Row
 * `i` is customer `ids[i]`, in customer-id order. `customerSegment` gives one
 * row as an object, `customerSegments` all of them (for small data and the
 * notebooks' per-customer lists).
 */
export interface CustomerSegmentColumns {
  ids: Float64Array;
  names: string[];
  countries: (string | null)[];
  orders: Float64Array;
  sales: Float64Array;
  /** Days since the last order; NaN without a purchase. */
  recency: Float64Array;
  /** Index into SEGMENT_NAMES. */
  segment: Uint8Array;
  /** R, F and M scores 1–5; 0 for customers with no purchase yet. */
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  /** 1-based cluster; 0 for customers with no purchase yet. */
  cluster: Int32Array;
}

export interface CustomerSegment {
  customer_id: number;
  customer_name: string;
  country: string | null;
  orders: number;
  sales: number;
  recency_days: number | null;
  segment: SegmentName;
  rfm: RfmScore | null;
  /** 1-based cluster number; null for customers with no purchase yet. */
  cluster: number | null;
}

export function emptySegmentColumns(
  n: number,
): Omit<CustomerSegmentColumns, "ids" | "names" | "countries" | "orders" | "sales" | "recency"> {
  return {
    segment: new Uint8Array(n),
    r: new Uint8Array(n),
    f: new Uint8Array(n),
    m: new Uint8Array(n),
    cluster: new Int32Array(n),
  };
}

/** Customer `i` as an object. */
export function customerSegment(c: CustomerSegmentColumns, i: number): CustomerSegment {
  const [r, f, m] = [c.r[i], c.f[i], c.m[i]];
  return {
    customer_id: c.ids[i],
    customer_name: c.names[i],
    country: c.countries[i],
    orders: c.orders[i],
    sales: c.sales[i],
    recency_days: Number.isNaN(c.recency[i]) ? null : c.recency[i],
    segment: SEGMENT_NAMES[c.segment[i]],
    rfm: r === 0 ? null : { r, f, m, fm: Math.ceil((f + m) / 2), code: rfmCode(r, f, m) },
    cluster: c.cluster[i] === 0 ? null : c.cluster[i],
  };
}

/** Every customer as an object, in customer-id order. */
export function customerSegments(c: CustomerSegmentColumns): CustomerSegment[] {
  return Array.from(c.ids, (_, i) => customerSegment(c, i));
}

/** The indices of the `n` customers with the most sales (then by name), largest first. */
export function largestCustomers(c: Pick<CustomerSegmentColumns, "sales" | "names">, n: number): number[] {
  return largestIndices(c.sales, n, (a, b) => c.names[a].localeCompare(c.names[b]));
}
