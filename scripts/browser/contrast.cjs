// The contrast of every piece of text on a page, as WCAG 2 defines it: the text's colour against
// the background it is painted on (the element's and its ancestors' backgrounds composited over
// the canvas). Runs inside the page (`page.evaluate(lowContrast, minimum)`).
'use strict';

// Text below `minimum` (4.5 for body text; 3 for large text, 24px or 18.66px bold): one entry
// each, with the colours and the ratio, so a failing check says what to fix.
function lowContrast(minimum) {
  const parse = (css) => {
    const m = /rgba?\(([^)]+)\)/.exec(css || '');
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = ({ r, g, b }) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (x, y) => {
    const [hi, lo] = [luminance(x), luminance(y)].sort((a, b) => b - a);
    return (hi + 0.05) / (lo + 0.05);
  };
  // The canvas is dark only when the page opts into a dark scheme (CSS or the meta tag) and the
  // reader prefers it.
  const meta = document.querySelector('meta[name="color-scheme"]');
  const scheme = `${getComputedStyle(document.documentElement).colorScheme} ${meta ? meta.content : ''}`;
  const dark = scheme.includes('dark') && matchMedia('(prefers-color-scheme: dark)').matches;
  const canvas = dark ? { r: 18, g: 18, b: 18, a: 1 } : { r: 255, g: 255, b: 255, a: 1 };
  const background = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) layers.push(c);
    }
    return layers.reverse().reduce((under, layer) => over(layer, under), canvas);
  };
  const found = [];
  for (const element of document.body.querySelectorAll('*')) {
    const own = [...element.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent.trim())
      .join(' ')
      .trim();
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    if (!own || style.visibility === 'hidden' || box.width === 0 || box.height === 0) continue;
    const bg = background(element);
    const fg = over(parse(style.color) || { r: 0, g: 0, b: 0, a: 1 }, bg);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const needed = large ? Math.min(3, minimum) : minimum;
    const r = ratio(fg, bg);
    if (r < needed) {
      const rgb = (c) => `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`;
      found.push({ text: own.slice(0, 60), color: rgb(fg), background: rgb(bg), ratio: Math.round(r * 100) / 100 });
    }
  }
  return found;
}

module.exports = { lowContrast };
