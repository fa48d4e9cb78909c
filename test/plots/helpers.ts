/** Reading rendered SVGs in tests: which marks were drawn and which texts appear. */
import { createRng } from '../../src/runtime/rng.js';
import type { ChainDraws } from '../../src/plots/index.js';

/** Kinds of data marks drawn ('rect', 'line', 'rule', 'symbol', 'area', ...), axes and legends excluded. */
export function markKinds(svg: string): Set<string> {
  return new Set([...svg.matchAll(/class="mark-([a-z]+) role-mark\b/g)].map((m) => m[1]!));
}

/** How many data marks of one kind were drawn (elements inside the mark groups). */
export function markGroups(svg: string, kind: string): number {
  return [...svg.matchAll(new RegExp(`class="mark-${kind} role-mark\\b`, 'g'))].length;
}

export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>'));
}

/** 4 chains × 300 draws of (mu ~ N(1, 1), tau ~ lognormal, theta[1] ~ U(0, 1)). */
export function fakeDraws(chains = 4, n = 300, seed = 1): ChainDraws {
  const rng = createRng(seed);
  const names = ['mu', 'tau', 'theta[1]'];
  return {
    names,
    chains: Array.from({ length: chains }, () => {
      const c = new Float64Array(n * 3);
      for (let i = 0; i < n; i++) {
        c[i * 3] = 1 + rng.normal();
        c[i * 3 + 1] = Math.exp(0.5 * rng.normal());
        c[i * 3 + 2] = rng.uniform();
      }
      return c;
    }),
  };
}
