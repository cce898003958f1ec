/** Helpers for reading vega's SVG output in tests. */

/** Point marks drawn for data (legend symbols are a different role). */
export function dataPoints(svg: string): number {
  let count = 0;
  for (const match of svg.matchAll(/<g class="mark-symbol role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g)) count += (match[1].match(/<path/g) ?? []).length;
  return count;
}

/** Every text element's content (axis titles, labels, legend entries). */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}
