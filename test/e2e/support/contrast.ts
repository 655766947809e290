import type { Locator } from '@playwright/test';

/**
 * Text inside `scope` that is too faint to read: each visible text's color (with the opacity of
 * its ancestors) against the background drawn under it (translucent layers blended down to the
 * first opaque one), as WCAG 2 measures it; AA asks 4.5:1, or 3:1 for large text (24 px, or
 * 18.66 px bold). Disabled controls, visually hidden text, SVG, math and code highlighting are
 * left out. Each entry: `ratio element "text"`.
 */
export async function lowContrastText(scope: Locator): Promise<string[]> {
  return scope.evaluate((root) => {
    interface Rgba {
      r: number;
      g: number;
      b: number;
      a: number;
    }
    // `rgb(r g b / a)` in 0–255, or `color(srgb r g b / a)` in 0–1 (what color-mix() computes to).
    const parse = (css: string): Rgba => {
      const scale = css.startsWith('color(srgb') ? 255 : 1;
      const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
      return { r: r * scale, g: g * scale, b: b * scale, a };
    };
    const channel = (v: number): number => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const luminance = ({ r, g, b }: Rgba): number => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const over = (top: Rgba, under: Rgba): Rgba => ({
      r: top.r * top.a + under.r * (1 - top.a),
      g: top.g * top.a + under.g * (1 - top.a),
      b: top.b * top.a + under.b * (1 - top.a),
      a: 1,
    });
    const background = (el: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const color = parse(getComputedStyle(e).backgroundColor);
        if (color.a > 0) layers.push(color);
        if (color.a >= 1) break;
      }
      let base: Rgba = { r: 255, g: 255, b: 255, a: 1 };
      if (layers.length === 0 || (layers.at(-1)?.a ?? 0) < 1)
        base = over(parse(getComputedStyle(document.documentElement).backgroundColor), base);
      for (const layer of layers.reverse()) base = over(layer, base);
      return base;
    };
    const found: string[] = [];
    const seen = new Set<Element>();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      const text = node.textContent?.trim() ?? '';
      if (!el || text === '' || seen.has(el)) continue;
      seen.add(el);
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      if (el.closest('.visually-hidden, svg, .katex, .hljs, :disabled, [aria-disabled="true"]')) continue;
      const style = getComputedStyle(el);
      let opacity = 1;
      for (let e: Element | null = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
      const under = background(el);
      const color = parse(style.color);
      const fg = over({ ...color, a: color.a * opacity }, under);
      const [hi, lo] = [luminance(fg), luminance(under)].sort((x, y) => y - x) as [number, number];
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66);
      if (ratio < (large ? 3 : 4.5))
        found.push(`${ratio.toFixed(2)} ${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} "${text.slice(0, 30)}"`);
    }
    return found;
  });
}
