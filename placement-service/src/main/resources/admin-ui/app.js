// The placement page: reads the admin API of placement-service (same origin, directly or through
// the gateway) and draws it with plain DOM and SVG — no libraries, no build step, nothing fetched
// from elsewhere (the machines have no internet).
//
// Numbers a test (or a person with devtools) can read are in data-* attributes: heatmap cells
// carry data-tokens, plan cells data-value, the epoch data-version.
'use strict';

(() => {
  const API = '/admin/placement';
  const KEY_STORE = 'janus-admin-key';

  // ColorBrewer YlOrRd (load) and Blues (co-activation), 9 classes, interpolated linearly.
  const LOAD_RAMP = ['#ffffcc', '#ffeda0', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#bd0026', '#800026'];
  const PAIR_RAMP = ['#f7fbff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b'];
  const NO_DATA = '#d5d9e0';
  const DIAGONAL = '#eceff3';

  const state = {
    layer: 0,
    placement: null,   // GET /admin/placement
    stats: null,       // GET /admin/placement/stats?layer=N&matrix=true
    history: null,     // GET /admin/placement/stats/history?layer=N
    plan: null,        // the last plan made here
    key: sessionStorage.getItem(KEY_STORE),
    queue: Promise.resolve(),
    timer: null,
  };

  const $ = (selector) => document.querySelector(selector);

  // ---------------------------------------------------------------- HTTP

  class Problem extends Error {
    constructor(status, body) {
      const detail = body && body.detail ? body.detail : `HTTP ${status}`;
      super(detail);
      this.status = status;
      this.title = body && body.title ? body.title : `HTTP ${status}`;
      this.code = body && body.code ? body.code : null;
    }
  }

  // The browser sends the Basic credentials it was given for the page (its login dialog, or
  // user:key@ in the address). URLs are built on location.origin, which never carries
  // user:password@: a fetch of a URL with credentials is refused. X-Requested-With marks the
  // request as this page's (placement-service wants it on Basic-authenticated changes: CSRF).
  // A key entered in the fallback form is sent as Bearer instead.
  async function call(method, path, body) {
    const headers = { 'Accept': 'application/json', 'X-Requested-With': 'janus-admin-page' };
    if (state.key) {
      headers['Authorization'] = 'Bearer ' + state.key;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(new URL(path, location.origin), {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (!response.ok) {
      throw new Problem(response.status, json);
    }
    return json;
  }

  function showProblem(error) {
    const box = $('#problem');
    box.replaceChildren();
    if (error instanceof Problem) {
      box.dataset.status = error.status;
      box.dataset.code = error.code || '';
      box.append(el('strong', {}, `${error.title} (${error.status}): `), el('span', { class: 'detail' }, error.message));
      if (error.status === 401) {
        $('#login').hidden = false;
      }
    } else {
      box.dataset.status = '';
      box.append(el('strong', {}, 'Error: '), el('span', { class: 'detail' }, String(error && error.message || error)));
    }
    box.hidden = false;
  }

  function clearProblem() {
    $('#problem').hidden = true;
    $('#problem').replaceChildren();
  }

  // ---------------------------------------------------------------- DOM helpers

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  function svg(tag, attrs = {}) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    setAttrs(node, attrs);
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v !== null && v !== undefined) {
        node.setAttribute(k, v);
      }
    }
  }

  const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const time = (iso) => new Date(iso).toLocaleTimeString([], { hour12: false });
  const dateTime = (iso) => new Date(iso).toLocaleString([], { hour12: false });

  function colour(ramp, t) {
    const x = Math.min(1, Math.max(0, t)) * (ramp.length - 1);
    const i = Math.min(ramp.length - 2, Math.floor(x));
    const f = x - i;
    const a = parseInt(ramp[i].slice(1), 16);
    const b = parseInt(ramp[i + 1].slice(1), 16);
    const mix = (shift) => Math.round(((a >> shift) & 255) * (1 - f) + ((b >> shift) & 255) * f);
    return `rgb(${mix(16)}, ${mix(8)}, ${mix(0)})`;
  }

  // ---------------------------------------------------------------- heatmaps

  /**
   * An SVG heatmap of rows x cols. spec.cell(r, c) -> {value (null: no data), attrs, diagonal};
   * the colour scale runs from 0 to spec.max (linear). Cells shrink to fit spec.width x
   * spec.height (at least 3 x 2 px: 256 experts x 120 polls stay readable); labels are thinned
   * so they never overlap.
   */
  function heatmap(spec) {
    const cw = Math.max(3, Math.min(24, Math.floor(spec.width / Math.max(1, spec.cols))));
    const ch = Math.max(2, Math.min(20, Math.floor(spec.height / Math.max(1, spec.rows))));
    const left = 44;
    const top = 6;
    const bottom = 34;
    const width = Math.max(left + cw * spec.cols + 8, 300);
    const height = top + ch * spec.rows + bottom;
    const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': spec.label });
    for (const [k, v] of Object.entries(spec.rootAttrs)) {
      root.setAttribute(k, v);
    }
    const cells = svg('g');
    const gap = cw >= 6 && ch >= 6 ? 1 : 0;
    for (let r = 0; r < spec.rows; r++) {
      for (let c = 0; c < spec.cols; c++) {
        const cell = spec.cell(r, c);
        const fill = cell.diagonal ? DIAGONAL
          : cell.value === null ? NO_DATA : colour(spec.ramp, spec.max > 0 ? cell.value / spec.max : 0);
        const rect = svg('rect', {
          class: 'cell' + (cell.diagonal ? ' diagonal' : '') + (cell.value === null ? ' no-data' : ''),
          x: left + c * cw, y: top + r * ch, width: cw - gap, height: ch - gap, fill,
          'data-tokens': cell.value === null ? null : cell.value,
        });
        setAttrs(rect, cell.attrs);
        cells.append(rect);
      }
    }
    root.append(cells);
    // labels no closer than 12 px (rows) and spec.labelWidth px (columns)
    const rowEvery = Math.ceil(12 / ch);
    for (let r = 0; r < spec.rows; r += rowEvery) {
      const t = svg('text', { x: left - 4, y: top + r * ch + ch / 2 + 3, 'text-anchor': 'end' });
      t.textContent = spec.rowLabel(r);
      root.append(t);
    }
    const colEvery = Math.ceil(spec.labelWidth / cw);
    for (let c = 0; c < spec.cols; c += colEvery) {
      const t = svg('text', { x: left + c * cw + cw / 2, y: top + spec.rows * ch + 12, 'text-anchor': 'middle' });
      t.textContent = spec.colLabel(c);
      root.append(t);
    }
    const title = svg('text', { class: 'axis-title', x: left, y: height - 6 });
    title.textContent = spec.colTitle;
    root.append(title);
    const rowTitle = svg('text', { class: 'axis-title', x: 10, y: top + (spec.rows * ch) / 2, transform: `rotate(-90 10 ${top + (spec.rows * ch) / 2})`, 'text-anchor': 'middle' });
    rowTitle.textContent = spec.rowTitle;
    root.append(rowTitle);
    root.addEventListener('mouseover', (event) => {
      if (event.target instanceof SVGRectElement && event.target.classList.contains('cell')) {
        spec.readout.textContent = spec.describe(event.target.dataset);
      }
    });
    return root;
  }

  /** The colour scale from 0 to max, and one swatch for the cells outside it. */
  function scale(ramp, max, unit, swatch, swatchLabel) {
    const root = svg('svg', { width: 320, height: 26 });
    const id = 'g' + Math.random().toString(36).slice(2);
    const gradient = svg('linearGradient', { id });
    ramp.forEach((c, i) => gradient.append(svg('stop', { offset: `${(100 * i) / (ramp.length - 1)}%`, 'stop-color': c })));
    const defs = svg('defs');
    defs.append(gradient);
    root.append(defs, svg('rect', { x: 18, y: 2, width: 160, height: 10, fill: `url(#${id})` }),
      svg('rect', { x: 206, y: 2, width: 10, height: 10, fill: swatch, stroke: '#8a94a6', 'stroke-width': 0.5 }));
    const label = (x, y, anchor, text) => {
      const t = svg('text', { x, y, 'text-anchor': anchor });
      t.textContent = text;
      root.append(t);
    };
    label(18, 24, 'start', '0');
    label(178, 24, 'end', `${integer.format(max)} ${unit}`);
    label(220, 11, 'start', swatchLabel);
    root.setAttribute('data-max', max);
    return root;
  }

  function renderLoad() {
    const h = state.history;
    const box = $('#load-heatmap');
    const polls = h.polls;
    $('#load-window').textContent = windowText(polls.map((p) => p.window_ms).filter((w) => w > 0).pop());
    if (polls.length === 0) {
      box.replaceChildren(el('div', { class: 'empty' }, 'No statistics poll yet.'));
      $('#load-scale').replaceChildren();
      return;
    }
    let max = 0;
    polls.forEach((p) => (p.load || []).forEach((v) => { max = Math.max(max, v); }));
    box.replaceChildren(heatmap({
      label: `expert load of layer ${h.layer} over ${polls.length} polls`,
      rows: h.experts, cols: polls.length, width: fit(box, 620), height: 420, ramp: LOAD_RAMP, max,
      rootAttrs: { 'data-layer': h.layer, 'data-polls': polls.length, 'data-experts': h.experts },
      cell: (e, c) => ({
        value: polls[c].load ? polls[c].load[e] : null,
        attrs: { 'data-expert': e, 'data-poll': c, 'data-at': polls[c].at },
      }),
      rowLabel: (e) => `e${e}`, rowTitle: 'expert',
      labelWidth: 60, colLabel: (c) => time(polls[c].at), colTitle: 'poll (oldest left)',
      readout: $('#load-readout'),
      describe: (d) => `expert ${d.expert} · poll at ${time(d.at)} · `
        + (d.tokens === undefined ? 'no statistics' : `${integer.format(Number(d.tokens))} tokens in the window`),
    }));
    $('#load-scale').replaceChildren(scale(LOAD_RAMP, max, 'tokens', NO_DATA, 'no data'));
  }

  function renderCoactivation() {
    const s = state.stats;
    const m = s.coactivation;
    let max = 0;
    m.forEach((row, a) => row.forEach((v, b) => { if (a !== b) { max = Math.max(max, v); } }));
    const side = fit($('#coactivation-heatmap'), 420);
    $('#coactivation-heatmap').replaceChildren(heatmap({
      label: `co-activation matrix of layer ${s.layer}`,
      rows: s.experts, cols: s.experts, width: side, height: side, ramp: PAIR_RAMP, max,
      rootAttrs: { 'data-layer': s.layer, 'data-experts': s.experts, 'data-total-routed': s.total_routed },
      cell: (a, b) => ({ value: m[a][b], diagonal: a === b, attrs: { 'data-a': a, 'data-b': b } }),
      rowLabel: (a) => `e${a}`, rowTitle: 'expert a',
      labelWidth: 24, colLabel: (b) => `e${b}`, colTitle: 'expert b',
      readout: $('#coactivation-readout'),
      describe: (d) => (d.a === d.b
        ? `expert ${d.a} · ${integer.format(Number(d.tokens))} tokens (its load)`
        : `experts ${d.a} and ${d.b} · ${integer.format(Number(d.tokens))} tokens chose both`),
    }));
    $('#coactivation-scale').replaceChildren(scale(PAIR_RAMP, max, 'tokens', DIAGONAL, 'own load'));
  }

  // Room for the cells in the card: its width less the row labels, at most `most` px.
  function fit(box, most) {
    return Math.max(240, Math.min(most, box.clientWidth - 56));
  }

  function windowText(ms) {
    if (!ms) {
      return 'window unknown';
    }
    return ms % 60000 === 0 ? `${ms / 60000} min` : `${(ms / 1000).toFixed(1)} s`;
  }

  // ---------------------------------------------------------------- placement

  function renderEpoch() {
    const p = state.placement;
    $('#version').textContent = `v${p.version}`;
    $('#version').dataset.version = p.version;
    const select = $('#layer');
    if (select.options.length !== p.layers) {
      select.replaceChildren(...Array.from({ length: p.layers }, (_, l) => el('option', { value: l }, `${l}`)));
    }
    state.layer = Math.min(state.layer, p.layers - 1);
    select.value = String(state.layer);
    document.querySelectorAll('.layer-name').forEach((n) => { n.textContent = String(state.layer); });
  }

  function renderPlacement() {
    const p = state.placement;
    const layer = p.placement[state.layer];
    const load = state.stats ? state.stats.load : [];
    const maxLoad = Math.max(0, ...load);
    const replicas = new Map();
    layer.instances.forEach((i) => i.replicas.forEach((r) => replicas.set(r.expert, (replicas.get(r.expert) || 0) + 1)));
    const estimates = layer.instances.map((i) => i.replicas
      .reduce((sum, r) => sum + (load[r.expert] || 0) / replicas.get(r.expert), 0));
    const maxEstimate = Math.max(0, ...estimates);
    $('#placement-summary').textContent = `Epoch v${p.version}: ${p.layers} MoE layers × ${p.logical_experts} logical experts`
      + ` on ${p.instances} MoE instances of ${p.slots_per_instance} slots; this layer has ${layer.redundant_slots} redundant replicas.`;
    $('#placement tbody').replaceChildren(...layer.instances.map((instance, n) => {
      const chips = instance.replicas.map((r) => {
        const tokens = load[r.expert] || 0;
        const t = maxLoad > 0 ? tokens / maxLoad : 0;
        const chip = el('span', {
          class: 'replica' + (t > 0.55 ? ' dark' : ''),
          'data-instance': instance.instance, 'data-physical': r.physical, 'data-expert': r.expert,
          'data-tokens': tokens,
          title: `physical slot ${r.physical} · expert ${r.expert} · ${integer.format(tokens)} tokens in the window`
            + (replicas.get(r.expert) > 1 ? ` · one of ${replicas.get(r.expert)} replicas` : ''),
        }, `e${r.expert}`);
        chip.style.background = colour(LOAD_RAMP, t);
        if (replicas.get(r.expert) > 1) {
          chip.append(el('sup', {}, `×${replicas.get(r.expert)}`));
        }
        return chip;
      });
      const bar = el('span', { class: 'bar' });
      bar.style.width = `${maxEstimate > 0 ? Math.round((60 * estimates[n]) / maxEstimate) : 0}px`;
      return el('tr', { 'data-instance': instance.instance },
        el('td', {}, `instance ${instance.instance}`),
        el('td', { class: 'replicas' }, ...chips),
        el('td', { class: 'num replica-count', 'data-value': instance.replicas.length }, String(instance.replicas.length)),
        el('td', { class: 'num instance-load', 'data-tokens': Math.round(estimates[n]) }, bar, integer.format(estimates[n])));
    }));
    $('#history tbody').replaceChildren(...p.history.map((h) => el('tr',
      { 'data-version': h.version, class: h.version === p.version ? 'current' : null },
      el('td', { class: 'num' }, `v${h.version}`),
      el('td', {}, dateTime(h.applied_at)),
      el('td', {}, h.source),
      el('td', {}, h.policy || '–'),
      el('td', {}, h.plan_id ? el('code', {}, h.plan_id) : '–'))));
  }

  // ---------------------------------------------------------------- plans

  const EFFECT_FIELDS = [
    ['mean_a_max', (v) => decimal.format(v)],
    ['p99_a_max', (v) => decimal.format(v)],
    ['max_tokens_per_instance', (v) => integer.format(v)],
  ];

  function renderPlan() {
    const plan = state.plan;
    const e = plan.effect;
    const box = $('#plan');
    box.hidden = false;
    box.dataset.planId = plan.id;
    const gain = e.gain * 100;
    $('#plan-summary').replaceChildren(
      el('code', { id: 'plan-id' }, plan.id),
      ` · ${plan.policy} · ${plan.redundant_slots} redundant slots per layer · ${plan.layers ? 'layers ' + plan.layers.join(', ') : 'all layers'}`
        + ` · ${e.routing} routing · based on epoch v${plan.based_on_version} · mean a_max `,
      el('span', { class: 'mean-a-max-before', 'data-value': e.mean_a_max_before }, decimal.format(e.mean_a_max_before)),
      ' → ',
      el('span', { class: 'mean-a-max-after', 'data-value': e.mean_a_max_after }, decimal.format(e.mean_a_max_after)),
      ' ',
      el('span', { class: gain > 0 ? 'better' : gain < 0 ? 'worse' : '', 'data-value': e.gain },
        `(${gain > 0 ? '−' : gain < 0 ? '+' : '±'}${Math.abs(gain).toFixed(1)} %)`));
    $('#plan-effect tbody').replaceChildren(...e.layers.map((l) => {
      const row = el('tr', { 'data-layer': l.layer }, el('td', { class: 'num' }, String(l.layer)));
      for (const [field, format] of EFFECT_FIELDS) {
        const before = l.before[field];
        const after = l.after[field];
        row.append(el('td', { class: 'num', 'data-field': `${field}_before`, 'data-value': before }, format(before)),
          el('td', { class: 'num ' + (after < before ? 'better' : after > before ? 'worse' : ''),
            'data-field': `${field}_after`, 'data-value': after }, format(after)));
      }
      return row;
    }));
    const applied = plan.applied_version !== null && plan.applied_version !== undefined;
    $('#apply').disabled = applied;
    $('#apply-note').textContent = applied ? `applied as epoch v${plan.applied_version}`
      : plan.based_on_version !== state.placement.version
        ? `the placement changed since this plan (v${plan.based_on_version} → v${state.placement.version}); applying replaces it anyway` : '';
  }

  function renderRollout(result) {
    const t = result.timings;
    const box = $('#rollout');
    box.hidden = false;
    box.dataset.version = result.version;
    const timing = (name, ms) => el('span', { class: `timing ${name}`, 'data-ms': ms }, `${name} ${integer.format(ms)} ms`);
    box.replaceChildren(
      el('p', {}, el('strong', {}, `Epoch v${result.version} is serving`), ` (was v${result.previous_version}, from ${result.source}). `,
        timing('prepare', t.prepare_ms), ' · ', timing('commit', t.commit_ms), ' · ',
        timing('release', t.release_ms), ' · ', timing('total', t.total_ms),
        result.previous_released ? '' : ` · v${result.previous_version} is kept until every attention-service confirmed`),
      el('ul', {}, ...result.experts.map((s) => el('li', { 'data-instance': s.instance },
        `expert-service ${s.instance} (${s.uri}): ${s.prepared ? `prepared ${s.hosted_experts ?? '?'} replicas` : 'not prepared'}`
          + `${s.released ? ', released the old version' : ''}${s.error ? ' — ' + s.error : ''}`)),
      ...result.attention.map((a) => el('li', {}, `attention-service ${a.uri}: `
        + `${a.committed ? 'committed' : 'NOT committed'} after ${a.attempts} attempt(s)${a.error ? ' — ' + a.error : ''}`))));
  }

  function parseLayers(text) {
    const parts = text.split(/[\s,]+/).filter((s) => s !== '');
    if (parts.length === 0) {
      return undefined;
    }
    if (!parts.every((s) => /^\d+$/.test(s))) {
      throw new Error('Layers: comma-separated layer numbers, e.g. 0, 3, 5 (empty = all).');
    }
    return parts.map(Number);
  }

  async function makePlan(event) {
    event.preventDefault();
    clearProblem();
    const button = $('#plan-button');
    button.disabled = true;
    try {
      const body = { policy: $('#policy').value };
      const slots = $('#redundant-slots').value.trim();
      if (slots !== '') {
        body.redundant_slots = Number(slots);
      }
      const layers = parseLayers($('#plan-layers').value);
      if (layers) {
        body.layers = layers;
      }
      state.plan = await call('POST', `${API}/plans`, body);
      $('#rollout').hidden = true;
      renderPlan();
    } catch (error) {
      showProblem(error);
    } finally {
      button.disabled = false;
    }
  }

  async function apply() {
    clearProblem();
    const plan = state.plan;
    $('#apply').disabled = true;
    $('#apply-note').textContent = 'applying: prepare on every expert-service, then commit…';
    try {
      const result = await call('POST', `${API}/plans/${encodeURIComponent(plan.id)}/apply`);
      plan.applied_version = result.version;
      renderRollout(result);
      await refresh();
      renderPlan();
    } catch (error) {
      $('#apply').disabled = false;
      $('#apply-note').textContent = '';
      showProblem(error);
    }
  }

  // ---------------------------------------------------------------- loading

  // Loads run one after another: a refresh asked for while one runs (the apply button's, the
  // timer's) starts when it ends, so it sees the newest epoch.
  function refresh() {
    state.queue = state.queue.then(load);
    return state.queue;
  }

  async function load() {
    try {
      state.placement = await call('GET', API);
      renderEpoch();
      const layer = state.layer;
      const [stats, history] = await Promise.all([
        call('GET', `${API}/stats?layer=${layer}&matrix=true&top=1`),
        call('GET', `${API}/stats/history?layer=${layer}`),
      ]);
      state.stats = stats;
      state.history = history;
      renderLoad();
      renderCoactivation();
      renderPlacement();
      $('#updated').textContent = `updated ${time(new Date().toISOString())}`;
      document.body.dataset.state = 'ready';
      schedule();
    } catch (error) {
      document.body.dataset.state = 'error';
      showProblem(error);
    }
  }

  // Follow the statistics polls (their interval, between 2 and 60 s) while the box is checked.
  function schedule() {
    clearTimeout(state.timer);
    if ($('#live').checked && state.history) {
      const every = Math.min(60000, Math.max(2000, state.history.poll_interval_ms));
      state.timer = setTimeout(refresh, every);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('#layer').addEventListener('change', (event) => {
      state.layer = Number(event.target.value);
      clearProblem();
      refresh();
    });
    $('#refresh').addEventListener('click', () => { clearProblem(); refresh(); });
    $('#live').addEventListener('change', schedule);
    $('#plan-form').addEventListener('submit', makePlan);
    $('#apply').addEventListener('click', apply);
    $('#login').addEventListener('submit', (event) => {
      event.preventDefault();
      state.key = $('#login-key').value.trim();
      sessionStorage.setItem(KEY_STORE, state.key);
      $('#login').hidden = true;
      clearProblem();
      refresh();
    });
    refresh();
  });
})();
