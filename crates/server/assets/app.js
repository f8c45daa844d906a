// Dossier's web UI: every page is drawn from the JSON API under /api.
// Article text is untrusted: it only ever enters the page as text nodes (el() below) or as
// encoded URL parts; nothing from the API is assigned to innerHTML.
'use strict';

// ---------------------------------------------------------------- DOM and data helpers

/** Builds an element. attrs: class, text, on<event> (functions), other attributes as
 *  strings; children: nodes, strings (become text nodes), arrays, null (skipped). */
function el(tag, attrs, ...children) {
  const node = tag === 'svg' || SVG_TAGS.has(tag)
    ? document.createElementNS('http://www.w3.org/2000/svg', tag)
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'text') node.textContent = String(v);
    else node.setAttribute(k, String(v));
  }
  append(node, children);
  return node;
}
const SVG_TAGS = new Set(['g', 'path', 'circle', 'rect', 'line', 'text', 'title']);

function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const app = () => document.getElementById('app');

function setPage(title, ...content) {
  document.title = title ? `${title} · Dossier` : 'Dossier';
  const main = app();
  main.replaceChildren();
  append(main, content);
}

function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

async function api(path, params = {}) {
  const res = await fetch(`/api/${path}${qs(params)}`, { headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await res.json(); } catch (_) { /* not JSON */ }
  if (!res.ok) {
    const msg = body && body.message ? body.message : `${res.status} ${res.statusText}`;
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return body;
}

function link(href, ...children) {
  return el('a', { href, 'data-nav': '' }, ...children);
}
const articleHref = (id) => `/articles/${encodeURIComponent(id)}`;
const entityHref = (id) => `/entities/${encodeURIComponent(id)}`;

/** Only http(s) URLs become links; anything else (javascript:, data:) stays text. */
function externalLink(url) {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') {
      return el('a', { href: u.href, rel: 'noopener noreferrer nofollow', target: '_blank' }, url);
    }
  } catch (_) { /* not a URL */ }
  return el('span', {}, url);
}

const fmt = new Intl.NumberFormat('en');
const num = (n) => fmt.format(n);
const day = (iso) => (iso ? String(iso).slice(0, 10) : '');

function errorBox(e) {
  return el('div', { class: 'notice error', role: 'alert' }, e.message || String(e));
}

function exportLinks(path, params) {
  const p = { ...params };
  delete p.offset;
  p.limit = 1000;
  return el('span', { class: 'export' }, 'Export: ',
    el('a', { href: `/api/${path}${qs({ ...p, format: 'csv' })}`, download: '' }, 'CSV'), ' · ',
    el('a', { href: `/api/${path}${qs({ ...p, format: 'json' })}`, download: '' }, 'JSON'));
}

/** A download of rows built in the page (lists that exist only in one record). */
function localExport(name, rows) {
  const cell = (v) => {
    if (v === null || v === undefined) return '';
    let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const save = (kind) => (ev) => {
    ev.preventDefault();
    let blob;
    if (kind === 'csv') {
      const cols = rows.length ? Object.keys(rows[0]) : [];
      const lines = [cols.join(',')].concat(rows.map((r) => cols.map((c) => cell(r[c])).join(',')));
      blob = new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' });
    } else {
      blob = new Blob([JSON.stringify(rows, null, 2)], { type: 'application/json' });
    }
    const a = el('a', { href: URL.createObjectURL(blob), download: `dossier-${name}.${kind}` });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  };
  return el('span', { class: 'export' }, 'Export: ',
    el('a', { href: '#', onclick: save('csv') }, 'CSV'), ' · ',
    el('a', { href: '#', onclick: save('json') }, 'JSON'));
}

function pager(total, offset, limit, go) {
  if (total <= limit) return null;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.ceil(total / limit);
  return el('div', { class: 'pager' },
    el('button', { type: 'button', disabled: offset === 0 ? '' : null, onclick: () => go(Math.max(0, offset - limit)) }, '← Previous'),
    el('span', { class: 'muted' }, ` page ${num(page)} of ${num(pages)} `),
    el('button', { type: 'button', disabled: offset + limit >= total ? '' : null, onclick: () => go(offset + limit) }, 'Next →'));
}

/** Search snippets mark matched words with **; they become <mark> elements. */
function snippet(text) {
  return String(text || '').split('**').map((part, i) => (i % 2 ? el('mark', {}, part) : part));
}

function lastDay(month) {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- routing

function navigate(href, replace) {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  route();
}

document.addEventListener('click', (ev) => {
  const a = ev.target.closest && ev.target.closest('a[data-nav]');
  if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin) return;
  ev.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});
window.addEventListener('popstate', () => route());

async function route() {
  const path = location.pathname;
  const params = Object.fromEntries(new URLSearchParams(location.search));
  let section = '';
  let m;
  try {
    if (path === '/' || path === '/search') { section = 'search'; await searchPage(params); }
    else if ((m = path.match(/^\/articles\/([^/]+)$/))) { section = 'search'; await articlePage(decodeURIComponent(m[1])); }
    else if (path === '/entities') { section = 'entities'; await entitiesPage(params); }
    else if ((m = path.match(/^\/entities\/([^/]+)$/))) { section = 'entities'; await entityPage(decodeURIComponent(m[1])); }
    else if (path === '/quotes') { section = 'quotes'; await quotesPage(params); }
    else if (path === '/map') { section = 'map'; await mapPage(params); }
    else if (path === '/stories') { section = 'stories'; await storiesPage(params); }
    else if ((m = path.match(/^\/stories\/(\d+)$/))) { section = 'stories'; await storyPage(Number(m[1])); }
    else setPage('Not found', el('h1', {}, 'Page not found'), el('p', {}, link('/', 'Back to search')));
  } catch (e) {
    setPage('Error', el('h1', {}, e.status === 404 ? 'Not found' : 'Something went wrong'), errorBox(e));
  }
  for (const a of document.querySelectorAll('header nav a')) {
    a.classList.toggle('current', a.dataset.section === section);
  }
  window.scrollTo(0, 0);
}

// ---------------------------------------------------------------- search page

const FILTERS = [
  ['lang', 'Language'], ['source', 'Source'], ['since', 'From'], ['until', 'To'],
  ['entity', 'Entity'], ['place', 'Place'],
];

async function searchPage(params) {
  const limit = 20;
  const offset = Number(params.offset || 0);
  const query = {};
  for (const k of ['q', 'lang', 'source', 'since', 'until', 'entity', 'place']) if (params[k]) query[k] = params[k];
  const go = (changes) => {
    const next = { ...query, ...changes };
    if (!('offset' in changes)) delete next.offset;
    navigate(`/${qs(next)}`);
  };

  const input = el('input', { type: 'search', name: 'q', value: query.q || '', placeholder: 'Words, "a phrase", AND/OR, -excluded, title:word', 'aria-label': 'Search query', autofocus: '' });
  const since = el('input', { type: 'date', name: 'since', value: dateValue(query.since), 'aria-label': 'Published from' });
  const until = el('input', { type: 'date', name: 'until', value: dateValue(query.until), 'aria-label': 'Published until' });
  const form = el('form', { class: 'searchbar', role: 'search', onsubmit: (ev) => {
    ev.preventDefault();
    go({ q: input.value.trim(), since: since.value, until: until.value });
  } }, input, el('label', {}, 'from ', since), el('label', {}, 'to ', until), el('button', { type: 'submit' }, 'Search'));

  const chips = el('div', { class: 'chips' }, FILTERS.filter(([k]) => query[k]).map(([k, label]) =>
    el('span', { class: 'chip' }, `${label}: `, el('strong', {}, query[k]), ' ',
      el('button', { type: 'button', class: 'chip-x', 'aria-label': `Remove ${label} filter`, onclick: () => go({ [k]: '' }) }, '×'))));

  const facetsBox = el('aside', { class: 'facets', 'aria-label': 'Narrow the search' }, el('p', { class: 'muted' }, 'Counting…'));
  const results = el('section', { class: 'results' }, el('p', { class: 'muted' }, 'Searching…'));
  setPage(query.q ? `Search: ${query.q}` : 'Search', form, chips, el('div', { class: 'with-side left' }, facetsBox, results));

  const [page, facets] = await Promise.allSettled([
    api('search', { ...query, limit, offset }),
    api('search/facets', query),
  ]);
  if (page.status === 'rejected') {
    results.replaceChildren(errorBox(page.reason));
  } else {
    const p = page.value;
    results.replaceChildren(
      el('div', { class: 'list-head' }, el('span', { id: 'result-count' }, `${num(p.total)} article${p.total === 1 ? '' : 's'}`), exportLinks('search', query)),
      p.hits.length ? el('ol', { class: 'hits', start: offset + 1 }, p.hits.map((hit) => el('li', { class: 'hit' },
        el('h3', {}, link(articleHref(hit.id), hit.title || '(no title)')),
        el('div', { class: 'meta' }, [day(hit.published) || 'undated', hit.lang, hit.source].filter(Boolean).join(' · ')),
        el('p', { class: 'snippet' }, snippet(hit.snippet))))) : el('p', { class: 'muted' }, 'Nothing matches.'),
      pager(p.total, offset, limit, (o) => go({ offset: o })));
  }
  if (facets.status === 'rejected') {
    facetsBox.replaceChildren(errorBox(facets.reason));
  } else {
    facetsBox.replaceChildren(...renderFacets(facets.value, query, go));
  }
}

function dateValue(v) {
  if (!v) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  if (/^\d{4}-\d{2}$/.test(v)) return `${v}-01`;
  if (/^\d{4}$/.test(v)) return `${v}-01-01`;
  return '';
}

/** Publication months as bars; by year when there are more than two years of months. */
function periodFacet(buckets, go) {
  const undated = buckets.find((m) => m.value === 'unknown');
  let rows = buckets.filter((m) => m.value !== 'unknown').map((m) => ({ label: m.value, count: m.count, since: `${m.value}-01`, until: lastDay(m.value) }));
  if (rows.length > 24) {
    const years = new Map();
    for (const r of rows) { const y = r.label.slice(0, 4); years.set(y, (years.get(y) || 0) + r.count); }
    rows = [...years.entries()].map(([y, count]) => ({ label: y, count, since: `${y}-01-01`, until: `${y}-12-31` }));
  }
  if (!rows.length && !undated) return null;
  const max = Math.max(1, ...rows.map((r) => r.count));
  const list = el('ul', {}, rows.map((r) => el('li', {},
    el('button', { type: 'button', class: 'facet-value period', title: `${r.label}: ${r.count}`, onclick: () => go({ since: r.since, until: r.until }) },
      el('span', { class: 'label' }, r.label), el('span', { class: 'bar', 'data-w': Math.max(2, Math.round((100 * r.count) / max)) }), el('span', { class: 'count' }, num(r.count))))));
  // Widths are set through the CSSOM: the CSP allows no inline style attributes.
  for (const bar of list.querySelectorAll('.bar')) bar.style.width = `${bar.dataset.w}%`;
  return el('section', { class: 'facet', 'data-facet': 'month' }, el('h4', {}, 'Published'), list,
    undated ? el('p', { class: 'muted small' }, `${num(undated.count)} undated`) : null);
}

function renderFacets(f, query, go) {
  const group = (title, key, buckets, labelOf) => {
    if (!buckets.length) return null;
    return el('section', { class: 'facet', 'data-facet': key }, el('h4', {}, title),
      el('ul', {}, buckets.map((b) => el('li', {},
        el('button', { type: 'button', class: `facet-value${query[key] === b.value ? ' on' : ''}`, onclick: () => go({ [key]: b.value }) },
          el('span', { class: 'label' }, labelOf ? labelOf(b) : b.value), el('span', { class: 'count' }, num(b.count)))))));
  };
  const monthGroup = periodFacet(f.month, go);
  return [
    el('p', { class: 'muted small' }, `${num(f.total)} matching`),
    group('Language', 'lang', f.lang),
    group('Source', 'source', f.source),
    monthGroup,
    group('Entities', 'entity', f.entity, (b) => b.label),
    group('Places', 'place', f.place, (b) => b.label),
  ];
}

// ---------------------------------------------------------------- article page

const LAYERS = [
  { key: 'entities', label: 'Entities', cls: (x) => `hl-ent-${x.type}` },
  { key: 'places', label: 'Places', cls: () => 'hl-place' },
  { key: 'quantities', label: 'Figures', cls: () => 'hl-figure' },
  { key: 'times', label: 'Times', cls: () => 'hl-time' },
  { key: 'quotes', label: 'Quotes', cls: () => 'hl-quote' },
  { key: 'sources', label: 'Sources', cls: () => 'hl-source' },
];

function describe(layer, x) {
  switch (layer) {
    case 'entities': return [el('span', { class: `tag tag-${x.type}` }, x.type), ' ', link(entityHref(x.id), x.canonical || x.text), x.canonical && x.canonical !== x.text ? el('span', { class: 'muted' }, ` “${x.text}”`) : null, x.roles && x.roles.length ? el('span', { class: 'muted' }, ` (${x.roles.join(', ')})`) : null];
    case 'places': return [el('strong', {}, x.name), x.country ? ` (${x.country})` : '', x.lat !== null && x.lat !== undefined ? el('span', { class: 'muted' }, ` ${x.lat.toFixed(2)}, ${x.lon.toFixed(2)}`) : null, x.text !== x.name ? el('span', { class: 'muted' }, ` “${x.text}”`) : null];
    case 'quantities': {
      const range = x.low === null || x.low === undefined ? '' : x.low === x.high ? num(x.low) : `${num(x.low)}–${num(x.high)}`;
      return [el('strong', {}, x.text), range ? ` = ${range}` : '', x.unit ? ` ${x.unit}` : '', x.counted ? el('span', { class: 'muted' }, ` ${x.counted}`) : null, x.category ? el('span', { class: 'tag' }, x.category) : null, x.approx ? el('span', { class: 'tag' }, 'approx') : null];
    }
    case 'times': return [el('strong', {}, x.text), x.value ? ` → ${x.value}` : '', el('span', { class: 'tag' }, x.kind)];
    case 'quotes': return [el('q', {}, x.text), el('div', { class: 'muted small' }, x.speaker ? '— ' : '', x.speaker_id ? link(entityHref(x.speaker_id), x.speaker) : (x.speaker || 'unattributed'), x.speaker_role ? `, ${x.speaker_role}` : '', ` · ${x.kind}`, x.cue ? ` · “${x.cue}”` : '', x.span ? '' : ' · pull quote, not in the text')];
    case 'sources': return [el('strong', {}, x.name), x.text !== x.name ? el('span', { class: 'muted' }, ` “${x.text}”`) : null];
    default: return [x.text];
  }
}

/** Code-point offsets (the record's spans) to UTF-16 offsets (JavaScript strings). */
function codePointIndex(text) {
  const map = [0];
  let u = 0;
  for (const ch of text) { u += ch.length; map.push(u); }
  return map;
}

async function articlePage(id) {
  const r = await api(`articles/${encodeURIComponent(id)}`);
  const text = r.text || '';
  const cp = codePointIndex(text);
  const items = [];
  for (const layer of LAYERS) {
    (r[layer.key] || []).forEach((x, i) => {
      if (!x.span) return;
      const [s, e] = x.span;
      if (!(s >= 0 && e > s && e < cp.length)) return;
      items.push({ id: `${layer.key}-${i}`, layer: layer.key, cls: layer.cls(x), s: cp[s], e: cp[e], len: e - s });
    });
  }

  // Cut the text at every span boundary; each piece knows the items covering it.
  const cuts = new Set([0, text.length]);
  for (const it of items) { cuts.add(it.s); cuts.add(it.e); }
  const bounds = [...cuts].sort((a, b) => a - b);
  const segmentsOf = new Map(items.map((it) => [it.id, []]));
  const byId = new Map(items.map((it) => [it.id, it]));
  const doc = el('div', { class: 'doc', id: 'article-text' });
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [a, b] = [bounds[k], bounds[k + 1]];
    const piece = text.slice(a, b);
    const covering = items.filter((it) => it.s <= a && it.e >= b);
    if (!covering.length) { doc.append(document.createTextNode(piece)); continue; }
    covering.sort((x, y) => y.len - x.len); // outermost first, innermost last
    const seg = el('span', { class: ['hl', ...covering.map((c) => c.cls)].join(' '), 'data-items': covering.map((c) => c.id).join(' ') }, piece);
    for (const c of covering) segmentsOf.get(c.id).push(seg);
    doc.append(seg);
  }

  const panelItems = new Map();
  let active = null;
  const activate = (itemId, scrollText) => {
    for (const s of document.querySelectorAll('.hl.active')) s.classList.remove('active');
    for (const li of document.querySelectorAll('.panel li.active')) li.classList.remove('active');
    if (active === itemId) { active = null; return; }
    active = itemId;
    const segs = segmentsOf.get(itemId) || [];
    for (const s of segs) s.classList.add('active');
    const li = panelItems.get(itemId);
    if (li) { li.classList.add('active'); if (!scrollText) li.scrollIntoView({ block: 'nearest' }); }
    if (scrollText && segs[0]) segs[0].scrollIntoView({ block: 'center' });
  };
  doc.addEventListener('click', (ev) => {
    const seg = ev.target.closest('.hl');
    if (!seg) return;
    const ids = seg.dataset.items.split(' ');
    // Innermost first, unless this item is already active: then step outwards (e.g. to the quote).
    const at = ids.indexOf(active);
    const next = at > 0 ? ids[at - 1] : ids[ids.length - 1];
    activate(next === active ? null : next, false);
  });

  const hidden = new Set();
  const legend = el('div', { class: 'legend', role: 'group', 'aria-label': 'Highlight layers' }, LAYERS.map((layer) => {
    const n = (r[layer.key] || []).length;
    return el('label', { class: `legend-item ${layer.key === 'entities' ? 'hl-ent-PER' : layer.cls({})}` },
      el('input', { type: 'checkbox', checked: '', 'data-layer': layer.key, onchange: (ev) => {
        if (ev.target.checked) hidden.delete(layer.key); else hidden.add(layer.key);
        doc.classList.toggle(`hide-${layer.key}`, !ev.target.checked);
      } }), ` ${layer.label} (${n})`);
  }));

  const panel = el('aside', { class: 'panel', 'aria-label': 'What the analysis found' }, LAYERS.map((layer) => {
    const list = r[layer.key] || [];
    const rows = list.map((x, i) => {
      const itemId = `${layer.key}-${i}`;
      const li = el('li', { class: `item ${layer.cls(x)}`, 'data-item': itemId, tabindex: '0',
        onclick: (ev) => { if (!ev.target.closest('a')) activate(itemId, true); },
        onkeydown: (ev) => { if (ev.key === 'Enter') activate(itemId, true); } }, describe(layer.key, x));
      panelItems.set(itemId, li);
      return li;
    });
    return el('details', { class: 'group', open: list.length ? '' : null, 'data-layer': layer.key },
      el('summary', {}, `${layer.label} `, el('span', { class: 'count' }, num(list.length))),
      list.length ? [localExport(`${r.id}-${layer.key}`, list.map((x) => ({ ...x, span: x.span ? x.span.join('-') : null }))), el('ul', {}, rows)] : el('p', { class: 'muted small' }, 'None found.'));
  }));

  const m = r.meta || {};
  const metaRows = [
    ['Published', [day(m.published), m.published_time ? ` ${m.published_time}` : ''].join('') || null],
    ['Publisher', m.publisher],
    ['Byline', m.byline],
    ['Attributed to', (m.attributed_to || []).join(', ') || null],
    ['Photo credits', (m.photo_credits || []).join(', ') || null],
    ['URL', m.url ? externalLink(m.url) : null],
    ['Source', r.source && r.source.uri ? `${r.source.uri} (${r.source.format})` : r.source ? r.source.format : null],
    ['Language', `${r.lang}${r.lang_confidence ? ` (${Math.round(r.lang_confidence * 100)}%)` : ''}`],
    ['Id', r.id],
  ].filter(([, v]) => v);
  const header = el('header', { class: 'article-head' },
    el('h1', { id: 'article-title' }, m.title || '(no title)'),
    m.attributed_to && m.attributed_to.length ? el('p', { class: 'attribution' }, 'According to ', el('strong', {}, m.attributed_to.join(', ')), m.publisher ? ` · relayed by ${m.publisher}` : '') : null,
    el('dl', { class: 'meta-grid' }, metaRows.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    el('p', { class: 'small' }, el('a', { href: `/api/articles/${encodeURIComponent(r.id)}`, download: `${r.id}.json` }, 'Record (JSON)'), ' · ',
      link(`/quotes${qs({ article: r.id })}`, 'Quotes in this article')));
  const extras = [];
  if (m.subheadings && m.subheadings.length) extras.push(el('p', { class: 'small muted' }, 'Subheadings: ', m.subheadings.join(' · ')));
  if (m.captions && m.captions.length) extras.push(el('div', { class: 'captions' }, el('h4', {}, 'Captions (not in the text)'), el('ul', {}, m.captions.map((c) => el('li', {}, c)))));
  if (m.pull_quotes && m.pull_quotes.length) extras.push(el('div', { class: 'captions' }, el('h4', {}, 'Pull quotes (not in the text)'), el('ul', {}, m.pull_quotes.map((p) => el('li', {}, el('q', {}, p.text), p.attribution ? ` — ${p.attribution}` : '')))));

  setPage(m.title || r.id, header, legend,
    el('div', { class: 'with-side right' }, el('article', { class: 'article-body' }, doc, extras), panel));
}

// ---------------------------------------------------------------- entities

async function entitiesPage(params) {
  const limit = 50;
  const offset = Number(params.offset || 0);
  const query = { q: params.q || '', type: params.type || '' };
  const go = (changes) => navigate(`/entities${qs({ ...query, ...changes })}`);
  const input = el('input', { type: 'search', value: query.q, placeholder: 'Name or alias', 'aria-label': 'Entity name' });
  const type = el('select', { 'aria-label': 'Entity type' }, ['', 'PER', 'ORG', 'LOC', 'MISC'].map((t) => el('option', { value: t, selected: t === query.type ? '' : null }, t || 'All types')));
  const form = el('form', { class: 'searchbar', onsubmit: (ev) => { ev.preventDefault(); go({ q: input.value.trim(), type: type.value, offset: '' }); } }, input, type, el('button', { type: 'submit' }, 'Filter'));
  const p = await api('entities', { ...query, limit, offset });
  setPage('Entities', el('h1', {}, 'Entities'), form,
    el('div', { class: 'list-head' }, el('span', {}, `${num(p.total)} entities`), exportLinks('entities', query)),
    el('table', { class: 'grid', id: 'entity-table' },
      el('thead', {}, el('tr', {}, ['Name', 'Type', 'Mentions', 'Articles', 'Also called', 'Seen'].map((c) => el('th', {}, c)))),
      el('tbody', {}, p.items.map((e) => el('tr', {},
        el('td', {}, link(entityHref(e.id), e.canonical)),
        el('td', {}, el('span', { class: `tag tag-${e.type}` }, e.type)),
        el('td', { class: 'n' }, num(e.mentions)),
        el('td', { class: 'n' }, num(e.articles)),
        el('td', { class: 'small' }, e.aliases.filter((a) => a.text !== e.canonical).map((a) => a.text).join(', ')),
        el('td', { class: 'small muted' }, e.first_seen ? `${day(e.first_seen)} – ${day(e.last_seen)}` : ''))))),
    pager(p.total, offset, limit, (o) => go({ offset: o })));
}

function barChart(points, valueOf, labelOf) {
  const W = 640, H = 180, pad = 28;
  const max = Math.max(1, ...points.map(valueOf));
  const bw = points.length ? (W - pad) / points.length : 0;
  const svg = el('svg', { viewBox: `0 0 ${W} ${H + 30}`, class: 'chart', role: 'img', 'aria-label': 'Mentions per month' },
    el('line', { x1: pad, y1: H, x2: W, y2: H, class: 'axis' }),
    el('text', { x: 0, y: 12, class: 'tick' }, num(max)),
    el('text', { x: 0, y: H, class: 'tick' }, '0'));
  points.forEach((p, i) => {
    const v = valueOf(p);
    const h = (v / max) * (H - 16);
    const x = pad + i * bw;
    svg.append(el('rect', { x: x + bw * 0.1, y: H - h, width: Math.max(1, bw * 0.8), height: h, class: 'bar' }, el('title', {}, `${labelOf(p)}: ${v}`)));
    if (points.length <= 24 || i % Math.ceil(points.length / 12) === 0) {
      svg.append(el('text', { x: x + bw / 2, y: H + 16, class: 'tick', 'text-anchor': 'middle' }, labelOf(p)));
    }
  });
  return svg;
}

function quoteList(quotes) {
  if (!quotes.length) return el('p', { class: 'muted small' }, 'None.');
  return el('ul', { class: 'quotes' }, quotes.map((q) => el('li', {},
    el('q', {}, q.text),
    el('div', { class: 'small muted' }, q.speaker_id ? link(entityHref(q.speaker_id), q.speaker) : (q.speaker || 'unattributed'),
      q.speaker_role ? `, ${q.speaker_role}` : '', ' · ', link(articleHref(q.article.id), q.article.title || q.article.id),
      q.article.published ? ` · ${day(q.article.published)}` : '', ` · ${q.kind}`))));
}

async function entityPage(id) {
  const e = await api(`entities/${encodeURIComponent(id)}`);
  const dated = e.timeline.filter((t) => t.month !== 'unknown');
  const undated = e.timeline.find((t) => t.month === 'unknown');
  setPage(e.canonical,
    el('header', { class: 'article-head' },
      el('h1', { id: 'entity-name' }, e.canonical, ' ', el('span', { class: `tag tag-${e.type}` }, e.type)),
      el('p', { class: 'muted' }, `${e.id} · ${num(e.mentions)} mentions in ${num(e.articles)} articles · `,
        link(`/${qs({ entity: e.id })}`, 'search its articles'))),
    el('div', { class: 'with-side right' },
      el('div', {},
        el('section', {}, el('h2', {}, 'Mentions over time'),
          dated.length ? barChart(dated, (t) => t.mentions, (t) => t.month) : el('p', { class: 'muted small' }, 'No dated articles.'),
          undated ? el('p', { class: 'muted small' }, `${num(undated.mentions)} mentions in undated articles`) : null),
        el('section', { id: 'quotes-by' }, el('h2', {}, `Quotes by ${e.canonical} `, el('span', { class: 'count' }, num(e.quotes_by_total))),
          e.quotes_by_total ? exportLinks('quotes', { speaker: e.id }) : null, quoteList(e.quotes_by)),
        el('section', { id: 'quotes-about' }, el('h2', {}, `Quotes about ${e.canonical} `, el('span', { class: 'count' }, num(e.quotes_about_total))),
          e.quotes_about_total ? exportLinks('quotes', { entity: e.id }) : null, quoteList(e.quotes_about)),
        el('section', {}, el('h2', {}, 'Articles'), exportLinks('search', { entity: e.id }),
          el('ul', { class: 'plain' }, e.recent_articles.map((a) => el('li', {}, link(articleHref(a.id), a.title || a.id), el('span', { class: 'muted small' }, ` ${day(a.published)} ${a.source || ''}`)))))),
      el('aside', { class: 'panel' },
        el('h3', {}, 'Names'), localExport(`${e.id}-aliases`, e.aliases),
        el('ul', { class: 'plain', id: 'aliases' }, e.aliases.map((a) => el('li', {}, a.text, el('span', { class: 'count' }, num(a.count))))),
        e.roles.length ? [el('h3', {}, 'Roles'), el('ul', { class: 'plain' }, e.roles.map((a) => el('li', {}, a.text, el('span', { class: 'count' }, num(a.count)))))] : null,
        el('h3', {}, 'Named with'), localExport(`${e.id}-related`, e.related),
        el('ul', { class: 'plain' }, e.related.map((r) => el('li', {}, link(entityHref(r.value), r.label), el('span', { class: 'count' }, num(r.count))))))));
}

// ---------------------------------------------------------------- quotes

async function quotesPage(params) {
  const limit = 50;
  const offset = Number(params.offset || 0);
  const query = {};
  for (const k of ['q', 'speaker', 'entity', 'article', 'kind']) if (params[k]) query[k] = params[k];
  const go = (changes) => navigate(`/quotes${qs({ ...query, ...changes })}`);
  const input = el('input', { type: 'search', value: query.q || '', placeholder: 'Words in the quote', 'aria-label': 'Words in the quote' });
  const form = el('form', { class: 'searchbar', onsubmit: (ev) => { ev.preventDefault(); go({ q: input.value.trim(), offset: '' }); } }, input, el('button', { type: 'submit' }, 'Filter'));
  const [quotes, speakers] = await Promise.all([
    api('quotes', { ...query, limit, offset }),
    api('speakers', { limit: 100 }),
  ]);
  const speakerName = (id) => (speakers.items.find((s) => s.id === id) || {}).name || id;
  const chips = el('div', { class: 'chips' }, ['speaker', 'entity', 'article', 'kind'].filter((k) => query[k]).map((k) =>
    el('span', { class: 'chip' }, `${k}: `, el('strong', {}, k === 'speaker' ? speakerName(query[k]) : query[k]), ' ', el('button', { type: 'button', class: 'chip-x', 'aria-label': `Remove ${k} filter`, onclick: () => go({ [k]: '', offset: '' }) }, '×'))));
  setPage('Quotes', el('h1', {}, 'Quotes'), form, chips,
    el('div', { class: 'with-side left' },
      el('aside', { class: 'facets' }, el('h4', {}, 'Speakers'), exportLinks('speakers', {}),
        el('ul', { id: 'speakers' }, speakers.items.map((s) => el('li', {},
          el('button', { type: 'button', class: `facet-value${query.speaker === s.id ? ' on' : ''}`, onclick: () => go({ speaker: s.id, offset: '' }) },
            el('span', { class: 'label' }, s.name), el('span', { class: 'count' }, num(s.quotes))))))),
      el('section', { class: 'results' },
        el('div', { class: 'list-head' }, el('span', {}, `${num(quotes.total)} quotes`), exportLinks('quotes', query)),
        quoteList(quotes.items),
        pager(quotes.total, offset, limit, (o) => go({ offset: o })))));
}

// ---------------------------------------------------------------- stories and claims

const storyHref = (id) => `/stories/${encodeURIComponent(id)}`;
const VERDICTS = {
  contradicted: 'Contradicted', corroborated: 'Corroborated', consistent: 'Consistent', 'single-source': 'Single source',
};
function verdictBadge(v) {
  return el('span', { class: `verdict v-${v}` }, VERDICTS[v] || v);
}
function verdictCounts(verdicts) {
  return Object.entries(verdicts || {}).map(([v, n]) => el('span', { class: `verdict small v-${v}`, title: VERDICTS[v] || v }, `${n} ${VERDICTS[v] || v}`));
}

async function storiesPage(params) {
  const limit = 50;
  const offset = Number(params.offset || 0);
  const page = await api('stories', { limit, offset });
  setPage('Stories', el('h1', {}, 'Stories'),
    el('p', { class: 'muted' }, 'Articles about one event, grouped across outlets and languages, with what their figures and quotes say when set side by side.'),
    el('div', { class: 'list-head' }, el('span', { id: 'story-count' }, `${num(page.total)} stories`), exportLinks('stories', {})),
    page.items.length ? el('table', { class: 'grid', id: 'stories' },
      el('thead', {}, el('tr', {}, ['Story', 'Articles', 'Dates', 'Languages', 'Claims'].map((h) => el('th', {}, h)))),
      el('tbody', {}, page.items.map((s) => el('tr', {},
        el('td', {}, link(storyHref(s.id), s.label || `Story ${s.id}`),
          s.places && s.places.length ? el('div', { class: 'muted small' }, s.places.slice(0, 5).map((p) => p.name).join(' · ')) : null),
        el('td', { class: 'n' }, num(s.articles)),
        el('td', {}, [day(s.first), day(s.last)].filter(Boolean).join(' – ')),
        el('td', {}, (s.languages || []).map(([l, n]) => `${l} ${n}`).join(', ')),
        el('td', {}, verdictCounts(s.verdicts)))))) : el('p', { class: 'muted' }, 'No stories yet: they are built by `dossier ingest`.'),
    pager(page.total, offset, limit, (o) => navigate(`/stories${qs({ offset: o })}`)));
}

async function storyPage(id) {
  const s = await api(`stories/${id}`);
  const claimRows = s.claims.map((g) => el('tr', { class: `claim v-${g.verdict}` },
    el('td', {}, verdictBadge(g.verdict), el('div', { class: 'muted small' }, g.reason)),
    el('td', {}, g.subject),
    el('td', {}, g.positions.map((p) => el('div', { class: 'position' },
      el('strong', {}, p.values.join(' / ')),
      el('div', { class: 'muted small' }, p.origins.map((o) => `origin: ${o}`).join('; '), ` · ${p.outlets.length} outlet${p.outlets.length === 1 ? '' : 's'}: ${p.outlets.join(', ')}`)))),
    el('td', {}, g.claims.map((c) => el('div', { class: 'small' },
      link(articleHref(c.record_id), c.outlet), ` (${c.lang}) `, el('q', {}, c.text), c.chain.length > 1 ? ` ← ${c.chain.slice(1).join(' ← ')}` : '')))));
  const quoteGroups = s.quotes.map((q) => el('section', { class: 'statement-group' },
    el('h3', {}, q.speaker_key && !q.speaker_key.startsWith('name:') ? link(entityHref(q.speaker_key), q.speaker) : q.speaker,
      q.roles.length ? el('span', { class: 'muted small' }, ` — ${q.roles.join('; ')}`) : null),
    el('ul', {}, q.statements.map((st) => el('li', {},
      el('blockquote', {}, st.quotes[0] ? st.quotes[0].text : ''),
      el('div', { class: 'muted small' }, `${st.languages.join('/')} · `, st.quotes.map((qv, i) => [i ? ', ' : '', link(articleHref(qv.record_id), `${qv.outlet} (${qv.lang})`)])))))));
  setPage(s.label || `Story ${id}`,
    el('p', {}, link('/stories', '← All stories')),
    el('h1', {}, s.label || `Story ${id}`),
    el('div', { class: 'meta' }, [`${num(s.articles)} articles`, [day(s.first), day(s.last)].filter(Boolean).join(' – '),
      (s.languages || []).map(([l, n]) => `${l} ${n}`).join(', ')].filter(Boolean).join(' · ')),
    el('p', {}, (s.places || []).length ? ['Places: ', s.places.map((p) => p.name).join(', '), ' · ', link(`/map${qs({ story: id })}`, 'on the map')] : null),
    el('p', {}, (s.actors || []).length ? ['Actors: ', s.actors.slice(0, 12).map((a, i) => [i ? ', ' : '', link(entityHref(a.id), a.name)])] : null),
    el('h2', {}, 'Timeline'),
    el('ol', { class: 'timeline', id: 'timeline' }, s.timeline.map((t) => el('li', {},
      el('span', { class: 'muted' }, day(t.published) || 'undated'), ' ',
      link(articleHref(t.record_id), t.title || '(no title)'),
      el('span', { class: 'muted small' }, ` · ${t.outlet} · ${t.lang}${t.credits.length ? ` · credits ${t.credits.join(', ')}` : ''}`)))),
    el('div', { class: 'list-head' }, el('h2', {}, 'Claims'), exportLinks('claims', { story: id })),
    el('p', { class: 'muted small' }, 'Figures about the same thing, aligned across articles and languages. Independent means different origins: outlets repeating one report count once.'),
    s.claims.length ? el('table', { class: 'grid', id: 'claims' },
      el('thead', {}, el('tr', {}, ['Verdict', 'About', 'Positions and their origins', 'As reported'].map((h) => el('th', {}, h)))),
      el('tbody', {}, claimRows)) : el('p', { class: 'muted' }, 'No figures to compare.'),
    el('h2', {}, 'Who said what'),
    quoteGroups.length ? el('div', { id: 'statements' }, quoteGroups) : el('p', { class: 'muted' }, 'No quotes.'));
}

// ---------------------------------------------------------------- map

let worldCache = null;
let svgZoom = null;
async function world() {
  if (!worldCache) {
    const res = await fetch('/assets/world-110m.json');
    worldCache = decodeTopology(await res.json(), 'countries');
  }
  return worldCache;
}

/** TopoJSON (quantised arcs shared between countries) to polygons of [lon, lat]. */
function decodeTopology(topo, name) {
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  const arcs = topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
  const ring = (indices) => {
    const pts = [];
    indices.forEach((i, k) => {
      const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      a.forEach((p, j) => { if (j > 0 || k === 0) pts.push(p); });
    });
    return pts;
  };
  return topo.objects[name].geometries.map((g) => ({
    name: g.properties && g.properties.name,
    polygons: g.type === 'Polygon' ? [g.arcs.map(ring)] : g.type === 'MultiPolygon' ? g.arcs.map((p) => p.map(ring)) : [],
  }));
}

const MAP_W = 1000, MAP_H = 440; // equirectangular, 90°N to about 68°S
const project = ([lon, lat]) => [((lon + 180) / 360) * MAP_W, ((90 - lat) / 180) * 500];

async function mapPage(params) {
  const query = { since: params.since || '', until: params.until || '', story: params.story || '' };
  const go = (changes) => navigate(`/map${qs({ ...query, ...changes })}`);
  const [countries, places, stats, stories] = await Promise.all([
    world(), api('places', { ...query, limit: 1000 }), api('stats'), api('stories', { limit: 200 }),
  ]);
  const storySelect = el('label', {}, 'Story ', el('select', { name: 'story', 'aria-label': 'Story' },
    el('option', { value: '' }, 'all'),
    stories.items.map((s) => el('option', { value: s.id, selected: String(s.id) === String(query.story) ? '' : null },
      `${s.label.length > 60 ? `${s.label.slice(0, 59)}…` : s.label} (${s.articles})`))));
  const months = stats.by_month.map((m) => m.value).filter((m) => m !== 'unknown');
  const monthSelect = (name, value, label) => el('label', {}, `${label} `, el('select', { name, 'aria-label': label },
    el('option', { value: '' }, name === 'since' ? 'the start' : 'now'),
    months.map((m) => el('option', { value: m, selected: value === m ? '' : null }, m))));
  const form = el('form', { class: 'searchbar', onsubmit: (ev) => {
    ev.preventDefault();
    go({ since: form.elements.since.value, until: form.elements.until.value, story: form.elements.story.value });
  } }, monthSelect('since', query.since, 'From'), monthSelect('until', query.until, 'to'), storySelect,
  el('button', { type: 'submit' }, 'Show'), query.since || query.until || query.story ? el('button', { type: 'button', onclick: () => go({ since: '', until: '', story: '' }) }, 'All time') : null,
  el('button', { type: 'button', class: 'secondary', onclick: () => svgZoom && svgZoom.reset() }, 'Whole world'),
  el('span', { class: 'muted small' }, months.length ? '' : ' (no dated articles)'));

  const svg = el('svg', { viewBox: `0 0 ${MAP_W} ${MAP_H}`, class: 'map', id: 'world-map', role: 'img', 'aria-label': 'Places mentioned, sized by mentions' });
  const land = el('g', { class: 'land' });
  for (const c of countries) {
    // A ring that jumps across the antimeridian is drawn in pieces, not with a line across the map.
    const d = c.polygons.map((poly) => poly.map((r) => r.map((p, i) => {
      const jump = i === 0 || Math.abs(p[0] - r[i - 1][0]) > 180;
      return `${jump ? 'M' : 'L'}${project(p).map((v) => v.toFixed(1)).join(',')}`;
    }).join('') + 'Z').join('')).join('');
    land.append(el('path', { d }, el('title', {}, c.name || '')));
  }
  svg.append(land);
  const located = places.items.filter((p) => typeof p.lat === 'number' && typeof p.lon === 'number');
  const max = Math.max(1, ...located.map((p) => p.mentions));
  const dots = el('g', { class: 'dots' });
  for (const p of [...located].sort((a, b) => b.mentions - a.mentions)) {
    const [x, y] = project([p.lon, p.lat]);
    const r = (3 + 22 * Math.sqrt(p.mentions / max)).toFixed(1);
    dots.append(el('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r, 'data-r': r, class: 'dot', 'data-place': p.id, tabindex: '0',
      onclick: () => navigate(`/${qs({ place: p.name, since: query.since, until: query.until ? lastDay(query.until) : '' })}`) },
    el('title', {}, `${p.name}${p.country ? ` (${p.country})` : ''}: ${p.mentions} mentions in ${p.articles} articles`)));
  }
  svg.append(dots);
  const zoom = enableZoom(svg);
  svgZoom = zoom;
  zoom.fit(located.map((p) => project([p.lon, p.lat])));

  setPage('Map', el('h1', {}, 'Places mentioned'), form,
    el('div', { class: 'with-side right' },
      el('div', {}, el('div', { class: 'map-frame' }, svg),
        el('p', { class: 'muted small' }, `${num(located.length)} places on the map${places.total > located.length ? `, ${num(places.total - located.length)} without coordinates` : ''}. Scroll to zoom, drag to move. Map: Natural Earth (public domain).`)),
      el('aside', { class: 'panel' }, el('div', { class: 'list-head' }, el('span', {}, `${num(places.total)} places`), exportLinks('places', query)),
        el('table', { class: 'grid', id: 'place-table' }, el('thead', {}, el('tr', {}, ['Place', 'Mentions', 'Articles'].map((c) => el('th', {}, c)))),
          el('tbody', {}, places.items.slice(0, 200).map((p) => el('tr', {},
            el('td', {}, link(`/${qs({ place: p.name })}`, p.name), p.country ? el('span', { class: 'muted small' }, ` ${p.country}`) : null),
            el('td', { class: 'n' }, num(p.mentions)), el('td', { class: 'n' }, num(p.articles)))))))));
}

function enableZoom(svg) {
  let view = [0, 0, MAP_W, MAP_H];
  // Dots keep their size on screen whatever the zoom (data-r is the radius at full view).
  const set = () => {
    svg.setAttribute('viewBox', view.map((v) => v.toFixed(1)).join(' '));
    for (const c of svg.querySelectorAll('circle.dot')) c.setAttribute('r', (Number(c.dataset.r) * view[2] / MAP_W).toFixed(2));
  };
  const point = (ev) => {
    const r = svg.getBoundingClientRect();
    return [view[0] + ((ev.clientX - r.left) / r.width) * view[2], view[1] + ((ev.clientY - r.top) / r.height) * view[3]];
  };
  svg.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const [px, py] = point(ev);
    const k = ev.deltaY < 0 ? 0.8 : 1.25;
    const w = Math.min(MAP_W, Math.max(MAP_W / 32, view[2] * k));
    const h = (w / MAP_W) * MAP_H;
    view = [px - ((px - view[0]) * w) / view[2], py - ((py - view[1]) * h) / view[3], w, h];
    set();
  }, { passive: false });
  let drag = null;
  svg.addEventListener('pointerdown', (ev) => { drag = { x: ev.clientX, y: ev.clientY, v: view.slice() }; });
  svg.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    view = [drag.v[0] - ((ev.clientX - drag.x) / r.width) * view[2], drag.v[1] - ((ev.clientY - drag.y) / r.height) * view[3], view[2], view[3]];
    set();
  });
  window.addEventListener('pointerup', () => { drag = null; });
  return {
    reset() { view = [0, 0, MAP_W, MAP_H]; set(); },
    /** Frames the given points with a margin, never closer than a sixth of the world. */
    fit(points) {
      if (!points.length) return;
      const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
      const cx = (Math.min(...xs) + Math.max(...xs)) / 2, cy = (Math.min(...ys) + Math.max(...ys)) / 2;
      let w = Math.max(MAP_W / 6, (Math.max(...xs) - Math.min(...xs)) * 1.4, ((Math.max(...ys) - Math.min(...ys)) * 1.4 * MAP_W) / MAP_H);
      w = Math.min(MAP_W, w);
      const h = (w / MAP_W) * MAP_H;
      view = [Math.min(MAP_W - w, Math.max(0, cx - w / 2)), Math.min(MAP_H - h, Math.max(0, cy - h / 2)), w, h];
      set();
    },
  };
}

// ---------------------------------------------------------------- start

async function storeInfo() {
  try {
    const h = await api('health');
    document.getElementById('store-info').textContent = `${num(h.records)} articles`;
  } catch (_) { /* the page says what failed */ }
}

storeInfo();
route();
