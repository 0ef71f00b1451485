/**
 * Chance-corrected agreement between annotators (DESIGN.md §3 "Quality"), nominal categories.
 *
 * All three are (observed − expected) / (1 − expected) in some form. When the expected disagreement is zero —
 * every rating in the table is the same one category — the ratio is 0/0: the table cannot tell raters who
 * agree from raters who never had a choice to make. We then answer `null` ("undefined", shown as "—"), not 1,
 * as Krippendorff does; an empty table is `null` too.
 */

/** Cohen's κ for two raters over the same items: pairs [rater 1's category, rater 2's category]. */
export function cohenKappa<C>(pairs: readonly (readonly [C, C])[]): number | null {
  const categories = [...new Set(pairs.flat())];
  const index = new Map(categories.map((c, i) => [c, i]));
  const table = categories.map(() => categories.map(() => 0));
  for (const [x, y] of pairs) table[index.get(x) as number][index.get(y) as number]++;
  return cohenKappaOf(table);
}

/**
 * Cohen's κ from a K×K contingency table (rows: rater 1's category, columns: rater 2's, same order).
 * p_o = Σ_k t_kk / n; p_e = Σ_k (row_k / n)·(col_k / n); κ = (p_o − p_e) / (1 − p_e).
 */
export function cohenKappaOf(table: readonly (readonly number[])[]): number | null {
  let n = 0;
  let diagonal = 0;
  const rows = table.map(() => 0);
  const cols = table.map(() => 0);
  table.forEach((row, i) => {
    row.forEach((t, j) => {
      n += t;
      rows[i] += t;
      cols[j] += t;
      if (i === j) diagonal += t;
    });
  });
  if (n === 0) return null;
  const po = diagonal / n;
  const pe = rows.reduce((sum, r, k) => sum + (r / n) * (cols[k] / n), 0);
  return pe >= 1 ? null : (po - pe) / (1 - pe);
}

/**
 * Fleiss' κ: each item rated by the same number n ≥ 2 of raters (not necessarily the same raters).
 * P_i = (Σ_j n_ij² − n) / (n(n−1)), P̄ = mean P_i; p_j = Σ_i n_ij / (N·n), P̄_e = Σ_j p_j²; κ = (P̄ − P̄_e) / (1 − P̄_e).
 * Throws when the items do not all have the same number of ratings.
 */
export function fleissKappa<C>(items: readonly (readonly C[])[]): number | null {
  const N = items.length;
  if (N === 0) return null;
  const n = items[0].length;
  if (n < 2) throw new RangeError(`Fleiss' κ needs at least 2 ratings per item (item 0 has ${n})`);
  const totals = new Map<C, number>();
  let sumP = 0;
  items.forEach((ratings, i) => {
    if (ratings.length !== n) throw new RangeError(`Fleiss' κ needs ${n} ratings on every item (item ${i} has ${ratings.length})`);
    const counts = countOf(ratings);
    let sq = 0;
    for (const [k, c] of counts) {
      sq += c * c;
      totals.set(k, (totals.get(k) ?? 0) + c);
    }
    sumP += (sq - n) / (n * (n - 1));
  });
  const pBar = sumP / N;
  let peBar = 0;
  for (const c of totals.values()) peBar += (c / (N * n)) ** 2;
  return peBar >= 1 ? null : (pBar - peBar) / (1 - peBar);
}

/**
 * Krippendorff's α, nominal metric, any number of raters, missing ratings allowed: one array per unit (item)
 * holding its ratings, `null`/`undefined` where a rater gave none. Units with fewer than two ratings are not
 * pairable and are left out. Coincidences: o_ck = Σ_u (number of ordered pairs (c, k) of ratings in u) / (m_u − 1);
 * n_c = Σ_k o_ck, n = Σ_c n_c; α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k.
 */
export function krippendorffAlpha<C>(units: readonly (readonly (C | null | undefined)[])[]): number | null {
  let disagreeing = 0; // Σ_{c≠k} o_ck
  const marginals = new Map<C, number>(); // n_c
  for (const unit of units) {
    const values = unit.filter((v): v is C => v !== null && v !== undefined);
    const m = values.length;
    if (m < 2) continue;
    const counts = countOf(values);
    for (const [c, nc] of counts) {
      marginals.set(c, (marginals.get(c) ?? 0) + nc); // Σ_k o_ck over this unit = n_uc·(m−1)/(m−1)
      disagreeing += (nc * (m - nc)) / (m - 1); // ordered pairs (c, ≠c) in this unit
    }
  }
  let n = 0;
  let sameSq = 0;
  for (const nc of marginals.values()) {
    n += nc;
    sameSq += nc * nc;
  }
  const expected = n * n - sameSq; // Σ_{c≠k} n_c·n_k
  if (n === 0 || expected === 0) return null;
  return 1 - ((n - 1) * disagreeing) / expected;
}

/** How many times each category occurs. */
export function countOf<C>(values: readonly C[]): Map<C, number> {
  const counts = new Map<C, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
