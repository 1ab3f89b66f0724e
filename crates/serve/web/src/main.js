// Dyad's dashboard: one page, routed by the URL's hash, reading the JSON API.
//
// Every piece of text that comes from an article or the store reaches the page
// through text nodes (`h` below turns strings into text nodes, never HTML), so markup
// inside an article is shown, not run. Links are built from our own routes or checked
// to be http(s).

import uPlot from 'uplot';
import { feature } from 'topojson-client';

const view = document.getElementById('view');

// ---------------------------------------------------------------- DOM helpers

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.setAttribute('class', value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function link(route, text, attrs = {}) {
  return h('a', { href: '#/' + route, ...attrs }, text);
}

/** An outside URL as a link only when it is http(s); otherwise as text. */
function outsideLink(url) {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
      return h('a', { href: parsed.href, rel: 'noopener noreferrer', target: '_blank' }, url);
    }
  } catch (_) { /* not a URL */ }
  return url;
}

function fmt(n, digits = 1) {
  return n === null || n === undefined ? '' : Number(n).toFixed(digits);
}

function show(...children) {
  view.replaceChildren(...children.flat());
}

function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, String(err && err.message ? err.message : err));
}

// ---------------------------------------------------------------- API

let token = sessionStorage.getItem('dyad-token') || '';

class NeedToken extends Error {}

async function api(path) {
  const headers = token ? { Authorization: 'Bearer ' + token } : {};
  const response = await fetch(path, { headers });
  if (response.status === 401 || response.status === 403 && !token) throw new NeedToken('this server is private');
  let body;
  try {
    body = await response.json();
  } catch (_) {
    throw new Error(`${response.status} ${response.statusText}`);
  }
  if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
  return body;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && String(value).trim() !== '') q.set(key, String(value).trim());
  }
  const text = q.toString();
  return text ? '?' + text : '';
}

function tokenForm(retry) {
  const input = h('input', { type: 'password', name: 'token', placeholder: 'token', autocomplete: 'off' });
  return h('form', {
    class: 'token panel',
    onsubmit: (e) => {
      e.preventDefault();
      token = input.value.trim();
      sessionStorage.setItem('dyad-token', token);
      retry();
    },
  }, h('p', {}, 'This server is private: give its token to read it.'), input, ' ', h('button', { class: 'primary' }, 'Use token'));
}

// ---------------------------------------------------------------- routing

function currentRoute() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || 'home', arg: parts.slice(1).join('/'), params: new URLSearchParams(search || '') };
}

function go(route, params = {}) {
  location.hash = '#/' + route + query(params);
}

const pages = {
  home: homePage,
  events: eventsPage,
  dyad: dyadPage,
  map: mapPage,
  actors: actorsPage,
  actor: actorPage,
  articles: articlesPage,
  article: articlePage,
};

let renderCount = 0;

async function render() {
  const route = currentRoute();
  for (const a of document.querySelectorAll('nav a')) {
    a.classList.toggle('active', a.dataset.route === route.name || (route.name === 'actor' && a.dataset.route === 'actors') || (route.name === 'article' && a.dataset.route === 'articles'));
  }
  const page = pages[route.name] || notFoundPage;
  const mine = ++renderCount;
  try {
    await page(route, () => mine === renderCount);
  } catch (err) {
    if (mine !== renderCount) return;
    if (err instanceof NeedToken) show(tokenForm(render));
    else show(errorBox(err));
  }
}

window.addEventListener('hashchange', render);
render();

function notFoundPage() {
  show(h('h1', {}, 'Not found'), h('p', {}, link('', 'Back to the overview')));
}

// ---------------------------------------------------------------- shared pieces

function actorLink(actor) {
  if (!actor || !actor.code) return h('span', { class: 'muted' }, '—');
  return link('actor/' + encodeURIComponent(actor.code), actor.code, { title: actor.name || actor.code });
}

function codeLink(code) {
  return code ? link('actor/' + encodeURIComponent(code), code) : h('span', { class: 'muted' }, '—');
}

const MARK_NAMES = {
  source: 'source', target: 'target', trigger: 'trigger', date: 'date', place: 'place',
  quantity: 'quantity', actor: 'actor', time: 'time',
};

function segmentsView(segments, className = 'sentence') {
  return h('p', { class: className }, segments.map((seg) => seg.mark
    ? h('mark', { class: 'm-' + (MARK_NAMES[seg.mark] || 'actor'), title: seg.label ? `${seg.mark}: ${seg.label}` : seg.mark, 'data-mark': seg.mark }, seg.text)
    : seg.text));
}

function legend(marks) {
  return h('div', { class: 'legend' }, marks.map((m) => h('mark', { class: 'm-' + m }, m)));
}

function eventsTable(events, onPick) {
  const rows = events.map((e) => {
    const tr = h('tr', { class: onPick ? 'clickable' : '', 'data-id': e.id, tabindex: onPick ? 0 : null },
      h('td', {}, e.date),
      h('td', {}, actorLink(e.source)),
      h('td', {}, actorLink(e.target)),
      h('td', { title: e.cameo_name }, h('code', {}, e.cameo), ' ', e.cameo_name),
      h('td', { class: 'num' }, fmt(e.goldstein)),
      h('td', { class: 'num' }, e.quad),
      h('td', {}, e.location ? e.location.name : ''),
      h('td', { class: 'text', title: e.text }, e.text));
    if (onPick) {
      const pick = (ev) => {
        if (ev.target.closest('a')) return;
        for (const other of tr.parentNode.children) other.classList.remove('selected');
        tr.classList.add('selected');
        onPick(e.id);
      };
      tr.addEventListener('click', pick);
      tr.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') pick(ev); });
    }
    return tr;
  });
  return h('table', { class: 'events' },
    h('thead', {}, h('tr', {}, ['Date', 'Source', 'Target', 'Event', 'Goldstein', 'Quad', 'Place', 'Sentence'].map((t) => h('th', {}, t)))),
    h('tbody', {}, rows));
}

async function eventDetail(id) {
  const data = await api('/api/events/' + encodeURIComponent(id));
  const e = data.event;
  const prov = e.provenance || {};
  return h('div', { class: 'panel detail', 'data-event': e.id },
    h('h2', {}, actorLink(e.source), ' → ', actorLink(e.target), ': ', h('code', {}, e.cameo), ' ', e.cameo_name),
    legend(['source', 'target', 'trigger', 'date', 'place', 'quantity']),
    segmentsView(data.segments),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Date'), h('dd', {}, e.date, e.date_precision !== 'day' ? ` (${e.date_precision})` : ''),
      h('dt', {}, 'Goldstein'), h('dd', {}, fmt(e.goldstein)),
      h('dt', {}, 'QuadClass'), h('dd', {}, e.quad),
      h('dt', {}, 'Modality'), h('dd', {}, e.modality),
      h('dt', {}, 'Confidence'), h('dd', {}, fmt(e.confidence, 2)),
      h('dt', {}, 'Place'), h('dd', {}, e.location ? `${e.location.name}${e.location.country ? ' (' + e.location.country + ')' : ''}` : '—'),
      h('dt', {}, 'PLOVER'), h('dd', {}, e.plover ? e.plover.event : ''),
      h('dt', {}, 'Rule'), h('dd', {}, h('code', {}, prov.rule || '')),
      h('dt', {}, 'Entries'), h('dd', {}, h('ul', { class: 'plain' }, (prov.entries || []).map((x) => h('li', {}, h('code', {}, x))))),
      h('dt', {}, 'Reported'), h('dd', {}, `${e.num_mentions} sentence(s), ${e.num_articles} article(s), ${e.num_sources} source(s)`)),
    h('h2', {}, 'Reports'),
    h('ul', { class: 'plain' }, data.reports.map((r) => h('li', {},
      link('article/' + encodeURIComponent(r.doc_id), r.title || r.doc_id), ` — sentence ${r.sentence}`, r.date ? `, ${r.date}` : '',
      r.url ? [' ', h('span', { class: 'muted' }, outsideLink(r.url))] : ''))));
}

// ---------------------------------------------------------------- overview

async function homePage(_route, current) {
  const [health, actors, dyads] = await Promise.all([
    api('/health'), api('/api/actors/top?limit=10'), api('/api/dyads/top?limit=10'),
  ]);
  if (!current()) return;
  const store = health.store || {};
  show(
    h('h1', {}, 'Overview'),
    h('div', { class: 'cards' },
      h('div', { class: 'panel' }, h('div', { class: 'stat' }, store.events ?? '—'), 'events'),
      h('div', { class: 'panel' }, h('div', { class: 'stat' }, store.documents ?? '—'), 'articles'),
      h('div', { class: 'panel' }, h('div', { class: 'stat' }, store.mentions ?? '—'), 'mentions')),
    h('div', { class: 'cards' },
      h('div', {}, h('h2', {}, 'Top actors'), h('table', {}, h('tbody', {}, actors.actors.map((a) => h('tr', {},
        h('td', {}, codeLink(a.code)), h('td', {}, a.name || ''), h('td', { class: 'num' }, a.events)))))),
      h('div', {}, h('h2', {}, 'Top dyads'), dyadsTable(dyads.dyads))));
}

function dyadsTable(dyads) {
  return h('table', { class: 'dyads' },
    h('thead', {}, h('tr', {}, ['Source', 'Target', 'Events', 'Q1', 'Q2', 'Q3', 'Q4', 'Goldstein', ''].map((t) => h('th', {}, t)))),
    h('tbody', {}, dyads.map((d) => h('tr', {},
      h('td', {}, codeLink(d.source)), h('td', {}, codeLink(d.target)), h('td', { class: 'num' }, d.events),
      d.quad.map((q) => h('td', { class: 'num' }, q)), h('td', { class: 'num' }, fmt(d.goldstein_mean)),
      h('td', {}, link('dyad' + query({ source: d.source, target: d.target }), 'chart'))))));
}

// ---------------------------------------------------------------- events

const FILTERS = [
  ['actor', 'Actor', 'IRQ'], ['dyad', 'Dyad', 'USA,IRQ'], ['code', 'CAMEO', '19'], ['from', 'From', '2021-07'],
  ['to', 'To', '2021-12'], ['place', 'Place', 'Baghdad or IRQ'], ['text', 'Words', 'rocket attack'],
];

function filterForm(route, params, names, extra = []) {
  const inputs = {};
  const form = h('form', { class: 'filters', role: 'search' },
    FILTERS.filter(([name]) => names.includes(name)).map(([name, label, placeholder]) => {
      inputs[name] = h('input', { name, value: params.get(name) || '', placeholder });
      return h('label', {}, label, inputs[name]);
    }),
    extra,
    h('button', { class: 'primary', type: 'submit' }, 'Apply'),
    h('button', { type: 'button', onclick: () => go(route) }, 'Clear'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = {};
    for (const [name, input] of Object.entries(inputs)) next[name] = input.value;
    for (const el of form.querySelectorAll('select')) next[el.name] = el.value;
    go(route, next);
  });
  return form;
}

async function eventsPage(route, current) {
  const p = route.params;
  const limit = 50;
  const offset = Math.max(0, parseInt(p.get('offset') || '0', 10) || 0);
  const params = {};
  for (const [name] of FILTERS) params[name] = p.get(name);
  const form = filterForm('events', p, FILTERS.map(([n]) => n));
  let data;
  try {
    data = await api('/api/events' + query({ ...params, limit, offset }));
  } catch (err) {
    if (err instanceof NeedToken) throw err;
    if (current()) show(h('h1', {}, 'Events'), form, errorBox(err));
    return;
  }
  if (!current()) return;
  const detail = h('div', { id: 'detail' }, h('p', { class: 'muted' }, 'Pick an event to see the sentence it came from.'));
  const pick = async (id) => {
    detail.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    try {
      detail.replaceChildren(await eventDetail(id));
    } catch (err) {
      detail.replaceChildren(errorBox(err));
    }
  };
  const page = (to) => go('events', { ...params, offset: to || null });
  const last = Math.min(offset + data.events.length, data.total);
  show(
    h('h1', {}, 'Events'),
    form,
    h('div', { class: 'pager' },
      h('span', { class: 'count' }, data.total ? `${offset + 1}–${last} of ${data.total}` : 'No events match.'),
      h('button', { disabled: offset === 0, onclick: () => page(Math.max(0, offset - limit)) }, 'Previous'),
      h('button', { disabled: last >= data.total, onclick: () => page(offset + limit) }, 'Next')),
    h('div', { class: 'split' }, h('div', {}, eventsTable(data.events, pick)), detail));
  const wanted = p.get('event');
  if (wanted) pick(wanted);
}

// ---------------------------------------------------------------- dyads

function periodTime(period) {
  const [y, m, d] = period.split('-').map(Number);
  return Date.UTC(y, (m || 1) - 1, d || 1) / 1000;
}

function chart(title, series, xs, width) {
  const opts = {
    title,
    width,
    height: 260,
    scales: {
      // One period alone would otherwise stretch the axis over years.
      x: { time: true, range: (_u, min, max) => (max - min < 86400 * 62 ? [min - 86400 * 31, max + 86400 * 31] : [min, max]) },
    },
    series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, spanGaps: true, points: { show: true, size: 6 } }))],
    axes: [{}, {}],
  };
  const box = h('div', { class: 'chart' });
  // uPlot measures its container, so it is built once the box is in the page.
  requestAnimationFrame(() => new uPlot(opts, [xs, ...series.map((s) => s.values)], box));
  return box;
}

async function dyadPage(route, current) {
  const p = route.params;
  const source = (p.get('source') || '').toUpperCase();
  const target = (p.get('target') || '').toUpperCase();
  const by = p.get('by') || 'month';
  const inputs = {
    source: h('input', { name: 'source', value: source, placeholder: 'USA' }),
    target: h('input', { name: 'target', value: target, placeholder: 'IRQ' }),
  };
  const bySelect = h('select', { name: 'by' }, ['month', 'week', 'day'].map((v) => h('option', { value: v, selected: v === by }, v)));
  const form = h('form', { class: 'filters' },
    h('label', {}, 'Source', inputs.source), h('label', {}, 'Target', inputs.target), h('label', {}, 'By', bySelect),
    h('button', { class: 'primary' }, 'Show'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go('dyad', { source: inputs.source.value, target: inputs.target.value, by: bySelect.value });
  });
  if (!source || !target) {
    const top = await api('/api/dyads/top?limit=15');
    if (!current()) return;
    show(h('h1', {}, 'Dyads'), form, h('p', { class: 'muted' }, 'Choose two actors, or one of the busiest dyads:'), dyadsTable(top.dyads));
    return;
  }
  const [forward, backward] = await Promise.all([
    api('/api/dyads/series' + query({ source, target, by })),
    api('/api/dyads/series' + query({ source: target, target: source, by })),
  ]);
  if (!current()) return;
  const periods = [...new Set([...forward.periods, ...backward.periods].map((x) => x.period))].sort();
  const xs = periods.map(periodTime);
  const pick = (list, f) => {
    const byPeriod = new Map(list.map((x) => [x.period, x]));
    return periods.map((period) => (byPeriod.has(period) ? f(byPeriod.get(period)) : null));
  };
  const width = Math.max(320, Math.min(view.clientWidth - 20, 1100));
  const heading = h('h1', {}, `${source} → ${target}`, h('span', { class: 'muted' }, ` by ${by}`));
  if (!periods.length) {
    show(heading, form, h('p', { class: 'muted' }, 'No events between these actors.'));
    return;
  }
  show(
    heading,
    form,
    h('div', { class: 'chart-goldstein' }, chart('Goldstein (mean per period)', [
      { label: `${source} → ${target}`, color: '#1f5fa8', values: pick(forward.periods, (x) => x.goldstein_mean) },
      { label: `${target} → ${source}`, color: '#d2691e', values: pick(backward.periods, (x) => x.goldstein_mean) },
    ], xs, width)),
    h('div', { class: 'chart-quad' }, chart(`Events by QuadClass, ${source} → ${target}`, [
      { label: 'Q1 verbal cooperation', color: '#2e8b57', values: pick(forward.periods, (x) => x.quad[0]) },
      { label: 'Q2 material cooperation', color: '#1f5fa8', values: pick(forward.periods, (x) => x.quad[1]) },
      { label: 'Q3 verbal conflict', color: '#e69500', values: pick(forward.periods, (x) => x.quad[2]) },
      { label: 'Q4 material conflict', color: '#c0392b', values: pick(forward.periods, (x) => x.quad[3]) },
    ], xs, width)),
    h('h2', {}, 'Periods'),
    h('table', { class: 'periods' },
      h('thead', {}, h('tr', {}, ['Period', 'Direction', 'Events', 'Q1', 'Q2', 'Q3', 'Q4', 'Goldstein sum', 'mean'].map((t) => h('th', {}, t)))),
      h('tbody', {}, [[forward, `${source} → ${target}`], [backward, `${target} → ${source}`]].flatMap(([series, label]) =>
        series.periods.map((x) => h('tr', {}, h('td', {}, x.period), h('td', {}, label), h('td', { class: 'num' }, x.events),
          x.quad.map((q) => h('td', { class: 'num' }, q)), h('td', { class: 'num' }, fmt(x.goldstein_sum)), h('td', { class: 'num' }, fmt(x.goldstein_mean))))))),
    h('p', {}, link('events' + query({ dyad: `${source},${target}` }), `The events from ${source} to ${target}`)));
}

// ---------------------------------------------------------------- map

let worldCache = null;
async function world() {
  if (!worldCache) {
    const response = await fetch('/assets/world.json');
    if (!response.ok) throw new Error('country outlines unavailable');
    const topology = await response.json();
    worldCache = feature(topology, topology.objects.countries).features;
  }
  return worldCache;
}

const W = 960;
const H = 480;
const px = (lon) => ((lon + 180) / 360) * W;
const py = (lat) => ((90 - lat) / 180) * H;

/** An SVG path for a GeoJSON (multi)polygon, equirectangular; a ring that crosses the
 * antimeridian is broken there rather than drawn across the map. */
function countryPath(geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  let d = '';
  for (const polygon of polygons) {
    for (const ring of polygon) {
      let previous = null;
      for (const [lon, lat] of ring) {
        const jump = previous !== null && Math.abs(lon - previous) > 180;
        d += `${previous === null || jump ? 'M' : 'L'}${px(lon).toFixed(1)},${py(lat).toFixed(1)}`;
        previous = lon;
      }
      d += 'Z';
    }
  }
  return d;
}

function goldsteinColor(g) {
  if (g <= -5) return '#b2182b';
  if (g < 0) return '#ef8a62';
  if (g < 3) return '#67a9cf';
  return '#2166ac';
}

async function mapPage(route, current) {
  const p = route.params;
  const params = { actor: p.get('actor'), code: p.get('code'), from: p.get('from'), to: p.get('to') };
  const form = filterForm('map', p, ['actor', 'code', 'from', 'to']);
  const [countries, data] = await Promise.all([world(), api('/api/places' + query({ ...params, limit: 2000 }))]);
  if (!current()) return;
  const max = Math.max(1, ...data.places.map((x) => x.events));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Map of event locations' },
    s('g', {}, countries.map((c) => s('path', { class: 'country', d: countryPath(c.geometry) }, s('title', {}, c.properties && c.properties.name || '')))),
    s('g', {}, data.places.slice().sort((a, b) => b.events - a.events).map((place) => s('circle', {
      cx: px(place.lon).toFixed(1), cy: py(place.lat).toFixed(1), r: (3 + 12 * Math.sqrt(place.events / max)).toFixed(1),
      fill: goldsteinColor(place.goldstein_mean), 'data-place': place.name,
      onclick: () => go('events', { ...params, place: place.name }),
    }, s('title', {}, `${place.name}${place.country ? ' (' + place.country + ')' : ''}: ${place.events} event(s), mean Goldstein ${fmt(place.goldstein_mean)}`)))));
  show(
    h('h1', {}, 'Where events happened'),
    form,
    h('div', { class: 'map' }, svg),
    h('p', { class: 'muted' }, 'Circle size: events; colour: mean Goldstein (red conflict, blue cooperation). Click a place for its events. Country outlines: Natural Earth 1:110m (public domain).'),
    h('table', { class: 'places' },
      h('thead', {}, h('tr', {}, ['Place', 'Country', 'Precision', 'Events', 'Goldstein'].map((t) => h('th', {}, t)))),
      h('tbody', {}, data.places.map((x) => h('tr', {},
        h('td', {}, link('events' + query({ ...params, place: x.name }), x.name)), h('td', {}, x.country || ''),
        h('td', {}, x.precision), h('td', { class: 'num' }, x.events), h('td', { class: 'num' }, fmt(x.goldstein_mean)))))));
}

// ---------------------------------------------------------------- actors

async function actorsPage(route, current) {
  const q = route.params.get('q') || '';
  const input = h('input', { name: 'q', value: q, placeholder: 'IRQ or Kadhimi' });
  const form = h('form', { class: 'filters', role: 'search' }, h('label', {}, 'Code or name', input), h('button', { class: 'primary' }, 'Search'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go('actors', { q: input.value });
  });
  const data = q ? await api('/api/actors' + query({ q, limit: 50 })) : await api('/api/actors/top?limit=30');
  if (!current()) return;
  show(
    h('h1', {}, 'Actors'),
    form,
    h('h2', {}, q ? `Matching “${q}”` : 'In most events'),
    h('table', { class: 'actors' },
      h('thead', {}, h('tr', {}, ['Code', 'Name', 'Events'].map((t) => h('th', {}, t)))),
      h('tbody', {}, data.actors.map((a) => h('tr', {}, h('td', {}, codeLink(a.code)), h('td', {}, a.name || ''), h('td', { class: 'num' }, a.events))))));
}

async function actorPage(route, current) {
  const code = route.arg;
  const data = await api('/api/actors/' + encodeURIComponent(code));
  if (!current()) return;
  const detail = h('div', { id: 'detail' });
  const pick = async (id) => {
    try {
      detail.replaceChildren(await eventDetail(id));
    } catch (err) {
      detail.replaceChildren(errorBox(err));
    }
  };
  show(
    h('h1', {}, data.code, data.name ? h('span', { class: 'muted' }, ` — ${data.name}`) : ''),
    h('p', {}, `${data.events} event(s) as source or target (codes starting with ${data.code}). `,
      link('events' + query({ actor: data.code }), 'All its events'), ' · ', link('map' + query({ actor: data.code }), 'on the map')),
    h('h2', {}, 'Partners'),
    dyadsTable(data.dyads),
    h('h2', {}, 'Latest events'),
    h('div', { class: 'split' }, h('div', {}, eventsTable(data.recent, pick)), detail));
}

// ---------------------------------------------------------------- articles

async function articlesPage(route, current) {
  const limit = 50;
  const offset = Math.max(0, parseInt(route.params.get('offset') || '0', 10) || 0);
  const data = await api('/api/documents' + query({ limit, offset }));
  if (!current()) return;
  const last = offset + data.documents.length;
  show(
    h('h1', {}, 'Articles'),
    h('div', { class: 'pager' },
      h('span', {}, data.total ? `${offset + 1}–${last} of ${data.total}` : 'No articles stored.'),
      h('button', { disabled: offset === 0, onclick: () => go('articles', { offset: Math.max(0, offset - limit) || null }) }, 'Previous'),
      h('button', { disabled: last >= data.total, onclick: () => go('articles', { offset: offset + limit }) }, 'Next')),
    h('table', { class: 'articles' },
      h('thead', {}, h('tr', {}, ['Date', 'Title', 'Events', 'Language'].map((t) => h('th', {}, t)))),
      h('tbody', {}, data.documents.map((d) => h('tr', {},
        h('td', {}, d.date || ''), h('td', {}, link('article/' + encodeURIComponent(d.id), d.title || d.id)),
        h('td', { class: 'num' }, d.event_count), h('td', {}, d.language || ''))))));
}

async function articlePage(route, current) {
  const id = route.arg;
  show(h('h1', {}, 'Article'), h('p', { class: 'muted' }, 'Reading the article again with the current dictionaries…'));
  const data = await api('/api/documents/' + encodeURIComponent(id));
  if (!current()) return;
  const d = data.document;
  const blocks = data.blocks.map((b) => {
    if (b.kind === 'removed') {
      return h('div', { class: 'removed block', title: 'removed before coding' }, h('code', { class: 'rule' }, b.rule), b.text);
    }
    const line = segmentsView(b.segments, 'sentence-text' + (b.headline ? ' headline' : ''));
    line.prepend(h('span', { class: 'index' }, String(b.index)));
    return h('div', { class: 'block', 'data-sentence': b.index }, line,
      b.events.length ? h('div', { class: 'events' }, b.events.map((i) => {
        const e = data.events[i];
        return h('div', {}, `${e.source || '—'} → ${e.target || '—'}: `, h('code', {}, e.cameo), ` ${e.cameo_name} (${e.modality}, ${e.date}${e.place ? ', ' + e.place : ''}) `, h('span', { class: 'muted' }, e.rule));
      })) : '');
  });
  const table = (rows, columns) => h('table', {},
    h('thead', {}, h('tr', {}, columns.map(([title]) => h('th', {}, title)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, columns.map(([, f]) => h('td', {}, f(r)))))));
  show(
    h('h1', { class: 'article-title' }, d.title || d.id),
    h('p', { class: 'muted' }, [d.date, d.language, d.source].filter(Boolean).join(' · '), d.url ? [' · ', outsideLink(d.url)] : ''),
    data.diagnostics.length ? h('ul', { class: 'plain muted' }, data.diagnostics.map((x) => h('li', {}, x))) : '',
    legend(['actor', 'trigger', 'time', 'place', 'quantity']),
    h('div', { class: 'article' }, blocks),
    h('h2', {}, `Stored events (${data.stored_events.length})`),
    table(data.stored_events, [
      ['Date', (e) => e.date], ['Source', (e) => codeLink(e.source)], ['Target', (e) => codeLink(e.target)],
      ['Event', (e) => [h('code', {}, e.cameo), ' ', e.cameo_name]],
      ['', (e) => link('events' + query({ event: e.id, dyad: e.source && e.target ? `${e.source},${e.target}` : null }), 'details')],
    ]),
    h('h2', {}, 'Actors found'),
    table(data.actors, [['Sentence', (a) => a.sentence], ['Words', (a) => a.text], ['Code', (a) => codeLink(a.code)], ['Name', (a) => a.name], ['Rule', (a) => h('code', {}, a.rule)]]),
    h('h2', {}, 'Times and places'),
    table([...data.times.map((t) => ({ ...t, what: t.date })), ...data.places.map((x) => ({ ...x, what: `${x.name}${x.country ? ' (' + x.country + ')' : ''}` }))],
      [['Sentence', (x) => x.sentence], ['Words', (x) => x.text], ['Read as', (x) => x.what], ['Rule', (x) => h('code', {}, x.rule)]]));
}
