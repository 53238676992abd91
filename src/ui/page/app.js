/* global document, window, sessionStorage, URLSearchParams, Blob, location, Node */
// The k8s-mcp console: plain ES module, no framework. Every datum comes from /ui/api with the
// bearer token the user typed once (kept in this tab's sessionStorage, never in a cookie).

const TOKEN_KEY = 'k8s-mcp-console-token';
const page = document.getElementById('page');

/** Builds an element: el('td', { class: 'x', onclick: fn }, 'text', child, …). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat())
    if (c !== undefined && c !== null) node.append(c instanceof Node ? c : String(c));
  return node;
}

class Unauthorized extends Error {}

/** GET /ui/api/<path> with the token; throws Unauthorized on 401, Error(message) otherwise. */
async function api(path, params = {}, raw = false) {
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
  const res = await fetch(`/ui/api/${path}${qs.size ? `?${qs}` : ''}`, {
    headers: { authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ''}` },
    cache: 'no-store',
  });
  if (res.status === 401) throw new Unauthorized('token refused');
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = await res.json();
      if (body.message) message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    } catch {
      // Not JSON: the status line says enough.
    }
    throw new Error(message);
  }
  return raw ? res.text() : res.json();
}

// ---------------------------------------------------------------------------------------- login

function showLogin(message = '') {
  sessionStorage.removeItem(TOKEN_KEY);
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  document.getElementById('login').hidden = false;
  document.getElementById('login-error').textContent = message;
  page.replaceChildren();
}

async function signIn() {
  try {
    const me = await api('whoami');
    document.getElementById('login').hidden = true;
    document.getElementById('nav').hidden = false;
    document.getElementById('logout').hidden = false;
    document.getElementById('who').textContent = me.identity;
    await route();
  } catch (err) {
    showLogin(err instanceof Unauthorized ? 'Token refused.' : `Cannot reach the server: ${err.message}`);
  }
}

document.getElementById('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = document.getElementById('token');
  sessionStorage.setItem(TOKEN_KEY, input.value.trim());
  input.value = '';
  void signIn();
});
document.getElementById('logout').addEventListener('click', () => showLogin());

// ---------------------------------------------------------------------------------------- routing

const PAGES = {
  health: healthPage,
  audit: auditPage,
  anomalies: anomaliesPage,
  changes: changesPage,
  graph: graphPage,
};

function currentRoute() {
  const [name, query] = location.hash.slice(1).split('?');
  return { name: PAGES[name] ? name : 'health', params: new URLSearchParams(query ?? '') };
}

async function route() {
  if (!sessionStorage.getItem(TOKEN_KEY)) return showLogin();
  const { name, params } = currentRoute();
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.page === name);
  page.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
  try {
    await PAGES[name](params);
  } catch (err) {
    if (err instanceof Unauthorized) return showLogin('Token refused.');
    page.replaceChildren(el('p', { class: 'error', role: 'alert' }, err.message));
  }
}
window.addEventListener('hashchange', () => void route());

// ---------------------------------------------------------------------------------------- health

/** A small line chart of one series, as SVG (no inline style: CSS classes only). */
function sparkline(values, width = 220, height = 40) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  if (values.length > 1) {
    const min = Math.min(...values);
    const max = Math.max(...values);
    const span = max - min || 1;
    const line = document.createElementNS(NS, 'polyline');
    line.setAttribute(
      'points',
      values
        .map(
          (v, i) =>
            `${((i / (values.length - 1)) * width).toFixed(1)},${(height - 2 - ((v - min) / span) * (height - 4)).toFixed(1)}`,
        )
        .join(' '),
    );
    svg.append(line);
  }
  return svg;
}

const CHARTS = [
  ['intelligent.sync_health_score', 'Sync health'],
  ['system.cpu_usage_percent', 'CPU %'],
  ['system.memory_usage_percent', 'Memory %'],
  ['mcp.error_rate_percent', 'Tool error rate %'],
  ['mcp.avg_response_time_ms', 'Mean response ms'],
];

async function healthPage() {
  const h = await api('health');
  const score = h.score;
  const alertRow = (a) =>
    el(
      'tr',
      {},
      el('td', {}, a.rule ?? a.name ?? ''),
      el('td', {}, a.severity ?? ''),
      el('td', {}, a.state ?? a.status ?? ''),
      el('td', {}, a.message ?? ''),
      el('td', {}, a.firedAt ?? a.since ?? a.time ?? ''),
    );
  const alertTable = (list) =>
    list.length
      ? el(
          'table',
          {},
          el(
            'tr',
            {},
            ['Rule', 'Severity', 'State', 'Message', 'Since'].map((t) => el('th', {}, t)),
          ),
          list.map(alertRow),
        )
      : el('p', { class: 'muted' }, 'None.');
  const history = h.history ?? [];
  const charts = CHARTS.map(([key, label]) => {
    const values = history.map((s) => s.values[key]).filter((v) => typeof v === 'number');
    return values.length
      ? el(
          'div',
          { class: 'card' },
          el('div', { class: 'muted' }, `${label} (last hour)`),
          sparkline(values),
          el('div', {}, `now ${values.at(-1)}`),
        )
      : undefined;
  }).filter(Boolean);
  page.replaceChildren(
    el('h1', {}, 'Health'),
    el(
      'div',
      { class: 'cards' },
      el(
        'div',
        { class: 'card' },
        el('div', { class: 'muted' }, 'Health score'),
        el(
          'div',
          { class: `score band-${score?.band}`, 'data-testid': 'health-score' },
          score ? String(score.score) : '–',
        ),
        el(
          'div',
          { class: `band-${score?.band}`, 'data-testid': 'health-band' },
          score?.band ?? 'monitoring off',
        ),
      ),
      el(
        'div',
        { class: 'card' },
        el('div', { class: 'muted' }, 'Components'),
        el(
          'table',
          {},
          el(
            'tr',
            {},
            el('th', {}, 'Component'),
            el('th', {}, 'Value'),
            el('th', {}, 'Score'),
            el('th', {}, 'Weight'),
          ),
          Object.entries(score?.components ?? {}).map(([name, c]) =>
            el(
              'tr',
              {},
              el('td', {}, name),
              el('td', {}, round(c.value)),
              el('td', {}, round(c.score)),
              el('td', {}, `${c.weight}%`),
            ),
          ),
        ),
      ),
      el(
        'div',
        { class: 'card' },
        el('div', { class: 'muted' }, 'Cluster model'),
        el('div', {}, `sync: ${h.sync?.phase ?? '–'} (score ${h.sync?.healthScore ?? '–'})`),
        el(
          'div',
          {},
          `graph: ${h.graph ? `${h.graph.nodes} nodes, ${h.graph.edges} edges, ${h.graph.danglingEdges} dangling` : '–'}`,
        ),
      ),
    ),
    charts.length ? el('h2', {}, 'History') : undefined,
    charts.length ? el('div', { class: 'cards' }, charts) : undefined,
    el('h2', {}, 'Alerts firing'),
    alertTable(h.alerts?.firing ?? []),
    el('h2', {}, `Alert history (last ${h.alerts?.lastHours ?? 24} h)`),
    alertTable(h.alerts?.history ?? []),
    el('h2', {}, 'Sync per kind'),
    el(
      'table',
      { 'data-testid': 'sync-kinds' },
      el(
        'tr',
        {},
        ['Kind', 'State', 'Objects', 'Last event', 'Relists', 'Watch restarts'].map((t) => el('th', {}, t)),
      ),
      (h.sync?.kinds ?? []).map((k) =>
        el(
          'tr',
          {},
          el('td', {}, k.kind),
          el('td', {}, k.state),
          el('td', {}, k.objects ?? ''),
          el('td', {}, k.lastEventAt ?? ''),
          el('td', {}, k.relists ?? ''),
          el('td', {}, k.watchRestarts ?? ''),
        ),
      ),
    ),
  );
}

function round(v) {
  return typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v ?? '');
}

// ---------------------------------------------------------------------------------------- audit

const AUDIT_FIELDS = [
  ['since', 'Since (1h, ISO)'],
  ['until', 'Until'],
  ['identity', 'Identity / token'],
  ['tool', 'Tool'],
  ['outcome', 'Outcome'],
  ['namespace', 'Namespace'],
  ['text', 'Text'],
];

async function auditPage(params) {
  const filters = Object.fromEntries(AUDIT_FIELDS.map(([k]) => [k, params.get(k) ?? '']));
  const form = el(
    'form',
    { class: 'filters', id: 'audit-filters' },
    AUDIT_FIELDS.map(([k, label]) =>
      el(
        'label',
        {},
        label,
        k === 'outcome'
          ? el(
              'select',
              { name: k },
              ['', 'ok', 'error', 'denied', 'invalid'].map((o) =>
                el('option', { value: o, selected: o === filters[k] }, o || 'any'),
              ),
            )
          : el('input', { name: k, value: filters[k], size: k === 'text' ? 20 : 12 }),
      ),
    ),
    el('button', { type: 'submit' }, 'Filter'),
    el('button', { type: 'button', id: 'audit-export' }, 'Export JSON lines'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams([...new window.FormData(form)].filter(([, v]) => v !== ''));
    location.hash = `audit${q.size ? `?${q}` : ''}`;
  });
  const body = el('tbody', { id: 'audit-rows' });
  const more = el('button', { type: 'button', id: 'audit-more', hidden: true }, 'Older lines');
  const status = el('p', { class: 'muted', id: 'audit-status' });
  let cursor;
  let shown = 0;
  const load = async () => {
    const res = await api('audit', { ...filters, cursor, limit: 100 });
    for (const r of res.lines) {
      shown++;
      const detail = el(
        'tr',
        { hidden: true, class: 'detail' },
        el('td', { colspan: 7 }, el('pre', {}, JSON.stringify(r, null, 2))),
      );
      const row = el(
        'tr',
        { class: 'row', 'data-testid': 'audit-row', onclick: () => (detail.hidden = !detail.hidden) },
        el('td', { class: 'time' }, r.time ?? ''),
        el('td', {}, r.identity ?? ''),
        el('td', {}, r.method ? `${r.method} ${r.tool}` : (r.tool ?? '')),
        el('td', { class: `out-${r.outcome}` }, r.outcome ?? ''),
        el('td', {}, (r.namespaces ?? []).join(', ')),
        el('td', {}, r.errorCode ?? ''),
        el('td', {}, r.durationMs !== undefined ? `${r.durationMs} ms` : ''),
      );
      body.append(row, detail);
    }
    cursor = res.next;
    more.hidden = !cursor;
    status.textContent = `${shown} line(s) shown${cursor ? '; older lines may match' : '; start of the log reached'}.`;
  };
  more.addEventListener('click', () => void load().catch((err) => (status.textContent = err.message)));
  form.querySelector('#audit-export').addEventListener('click', async () => {
    const text = await api('audit/export', filters, true);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
    const a = el('a', { href: url, download: 'audit-export.jsonl' });
    document.body.append(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
  });
  page.replaceChildren(
    el('h1', {}, 'Audit log'),
    form,
    status,
    el(
      'table',
      {},
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ['Time', 'Identity', 'Tool', 'Outcome', 'Namespaces', 'Error', 'Duration'].map((t) =>
            el('th', {}, t),
          ),
        ),
      ),
      body,
    ),
    more,
  );
  await load();
}

// ---------------------------------------------------------------------------------------- anomalies

function graphLink(kind, namespace, name) {
  const q = new URLSearchParams({ kind, name, ...(namespace ? { namespace } : {}) });
  return `#graph?${q}`;
}

async function anomaliesPage(params) {
  const res = await api('anomalies', { namespace: params.get('namespace') ?? '' });
  const rank = { critical: 0, warning: 1, info: 2 };
  const findings = [...res.findings].sort(
    (a, b) => (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3) || (b.score ?? 0) - (a.score ?? 0),
  );
  page.replaceChildren(
    el('h1', {}, 'Anomalies'),
    el(
      'p',
      { class: 'muted' },
      `${findings.length} finding(s), worst first; generated ${res.generatedAt ?? ''}.`,
    ),
    findings.length
      ? el(
          'table',
          { 'data-testid': 'anomalies' },
          el(
            'tr',
            {},
            ['Severity', 'Object', 'Reason', 'Message', 'Takes down', 'Affects'].map((t) => el('th', {}, t)),
          ),
          findings.map((f) =>
            el(
              'tr',
              { 'data-testid': 'finding' },
              el('td', { class: `sev-${f.severity}` }, f.severity),
              el(
                'td',
                {},
                el(
                  'a',
                  { href: graphLink(f.kind, f.namespace, f.name) },
                  `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}`,
                ),
              ),
              el('td', {}, f.reason ?? ''),
              el('td', {}, f.message ?? ''),
              // A root cause lists what it takes down (its symptoms are not findings of their own).
              el(
                'td',
                { class: 'takes-down' },
                (f.takesDown ?? []).map((o) =>
                  el(
                    'div',
                    {},
                    el(
                      'a',
                      { href: graphLink(o.kind, o.namespace, o.name) },
                      `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`,
                    ),
                    o.state ? ` (${o.state})` : '',
                  ),
                ),
                f.alike?.length
                  ? el('div', { class: 'muted' }, `and ${f.alike.length} pod(s) failing alike`)
                  : '',
              ),
              el('td', {}, f.blastRadius ?? ''),
            ),
          ),
        )
      : el('p', {}, 'No anomalies.'),
  );
}

// ---------------------------------------------------------------------------------------- changes

const CHANGE_FIELDS = [
  ['since', 'Since (1h, ISO)'],
  ['namespace', 'Namespace'],
  ['kind', 'Kind'],
  ['name', 'Name'],
];

/** The change timeline (k8s-what-changed): newest first, one row per change, paged by the tool's token. */
async function changesPage(params) {
  const filters = Object.fromEntries(CHANGE_FIELDS.map(([k]) => [k, params.get(k) ?? '']));
  const form = el(
    'form',
    { class: 'filters', id: 'changes-filters' },
    CHANGE_FIELDS.map(([k, text]) =>
      el('label', {}, text, el('input', { name: k, value: filters[k], size: 12 })),
    ),
    el('button', { type: 'submit' }, 'Filter'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams([...new window.FormData(form)].filter(([, v]) => v !== ''));
    location.hash = `changes${q.size ? `?${q}` : ''}`;
  });
  const body = el('tbody', { id: 'change-rows' });
  const more = el('button', { type: 'button', id: 'changes-more', hidden: true }, 'Older changes');
  const status = el('p', { class: 'muted', id: 'changes-status' });
  let token;
  let shown = 0;
  let hidden = 0;
  const load = async () => {
    const res = await api('changes', { ...filters, continue: token });
    for (const c of res.changes) {
      shown++;
      body.append(
        el(
          'tr',
          { 'data-testid': 'change-row' },
          el('td', { class: 'time' }, c.time),
          el('td', { class: `op-${c.op}` }, c.op),
          el(
            'td',
            {},
            el(
              'a',
              { href: graphLink(c.kind, c.namespace, c.name) },
              `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`,
            ),
          ),
          el('td', {}, c.manager ?? ''),
          el('td', {}, (c.changes ?? []).join('; ')),
        ),
      );
    }
    hidden += res.hidden ?? 0;
    token = res.continue;
    more.hidden = !token;
    status.textContent =
      `${shown} change(s) since ${res.since}` +
      (res.completeSince > res.since ? ` (complete only since ${res.completeSince})` : '') +
      (hidden ? `; ${hidden} in namespaces not accessible left out` : '') +
      '.';
  };
  more.addEventListener('click', () => void load().catch((err) => (status.textContent = err.message)));
  page.replaceChildren(
    el('h1', {}, 'Changes'),
    form,
    status,
    el(
      'table',
      {},
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ['Time', 'Change', 'Object', 'By', 'What'].map((t) => el('th', {}, t)),
        ),
      ),
      body,
    ),
    more,
  );
  await load();
}

// ---------------------------------------------------------------------------------------- graph

let cytoscapeModule;

function label(n) {
  return `${n.kind} ${n.namespace ? `${n.namespace}/` : ''}${n.name}`;
}
function idOf(n) {
  return `${n.kind}/${n.namespace ?? ''}/${n.name}`;
}

async function graphPage(params) {
  const q = {
    kind: params.get('kind') ?? '',
    namespace: params.get('namespace') ?? '',
    name: params.get('name') ?? '',
    query: params.get('query') ?? 'neighbors',
  };
  const form = el(
    'form',
    { class: 'filters', id: 'graph-form' },
    el(
      'label',
      {},
      'Kind',
      el('input', { name: 'kind', value: q.kind, placeholder: 'Deployment', required: true }),
    ),
    el('label', {}, 'Namespace', el('input', { name: 'namespace', value: q.namespace })),
    el('label', {}, 'Name', el('input', { name: 'name', value: q.name, required: true })),
    el(
      'label',
      {},
      'Question',
      el(
        'select',
        { name: 'query' },
        ['neighbors', 'dependencies', 'dependents', 'impact'].map((o) =>
          el('option', { value: o, selected: o === q.query }, o),
        ),
      ),
    ),
    el('button', { type: 'submit' }, 'Show'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new URLSearchParams([...new window.FormData(form)].filter(([, v]) => v !== ''));
    location.hash = `graph?${f}`;
  });
  page.replaceChildren(el('h1', {}, 'Relationship graph'), form);
  if (!q.kind || !q.name) {
    page.append(el('p', { class: 'muted' }, 'Name an object, or open one from the Anomalies page.'));
    return;
  }
  const res = await api('graph', q);
  const walk = (n) => {
    location.hash =
      graphLink(n.kind, n.namespace, n.name).slice(1) + (q.query !== 'neighbors' ? `&query=${q.query}` : '');
  };
  const container = el('div', { id: 'cy' });
  const list = el(
    'ul',
    { class: 'node-list', 'data-testid': 'graph-nodes' },
    res.nodes.map((n) =>
      el(
        'li',
        { 'data-kind': n.kind, 'data-name': n.name, class: n.missing ? 'missing' : undefined },
        el('a', { onclick: () => walk(n) }, label(n)),
        n.missing ? ' (missing: referred to, does not exist)' : n.status ? ` — ${n.status}` : '',
      ),
    ),
  );
  const dangling = res.dangling ?? [];
  page.append(
    el(
      'p',
      { class: 'muted' },
      `${res.query_type}: ${res.nodes.length} object(s), ${res.edges.length} relation(s), ${dangling.length} dangling, depth ${res.max_depth}. Click an object to walk to it.`,
    ),
    el(
      'div',
      { class: 'graph-layout' },
      container,
      el(
        'div',
        {},
        el('h2', {}, 'Objects'),
        list,
        dangling.length ? el('h2', {}, 'Dangling references') : undefined,
        el(
          'ul',
          { 'data-testid': 'graph-dangling' },
          dangling.map((d) =>
            el('li', { class: 'missing' }, `${label(d.from)} -[${d.type}]-> ${label(d.to)}`),
          ),
        ),
      ),
    ),
  );
  cytoscapeModule ??= (await import('/ui/assets/cytoscape.esm.min.mjs')).default;
  const rootId = idOf(res.root);
  const ids = new Set(res.nodes.map(idOf));
  const elements = [
    ...res.nodes.map((n) => ({
      data: { id: idOf(n), label: `${n.kind}\n${n.name}`, node: n },
      classes: [n.missing ? 'missing' : '', idOf(n) === rootId ? 'root' : ''].join(' '),
    })),
    ...[...res.edges, ...dangling]
      .filter(
        (e, i, all) =>
          ids.has(idOf(e.from)) &&
          ids.has(idOf(e.to)) &&
          all.findIndex(
            (x) => idOf(x.from) === idOf(e.from) && idOf(x.to) === idOf(e.to) && x.type === e.type,
          ) === i,
      )
      .map((e) => ({
        data: {
          id: `${idOf(e.from)}>${e.type}>${idOf(e.to)}`,
          source: idOf(e.from),
          target: idOf(e.to),
          label: e.type,
        },
        classes: e.dangling ? 'dangling' : '',
      })),
  ];
  const cy = cytoscapeModule({
    container,
    elements,
    layout: { name: 'breadthfirst', directed: true, roots: [rootId], spacingFactor: 1.1 },
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)',
          'text-wrap': 'wrap',
          'font-size': 10,
          'background-color': '#2f5bd3',
          color: '#1d2330',
          'text-valign': 'bottom',
          width: 22,
          height: 22,
        },
      },
      { selector: 'node.root', style: { 'background-color': '#1b7f3b', width: 30, height: 30 } },
      {
        selector: 'node.missing',
        style: {
          'background-color': '#fff',
          'border-width': 2,
          'border-style': 'dashed',
          'border-color': '#c0262d',
          color: '#c0262d',
        },
      },
      {
        selector: 'edge',
        style: {
          width: 1.5,
          'line-color': '#98a2b3',
          'target-arrow-color': '#98a2b3',
          'target-arrow-shape': 'triangle',
          'curve-style': 'bezier',
          label: 'data(label)',
          'font-size': 8,
          color: '#667085',
        },
      },
      {
        selector: 'edge.dangling',
        style: { 'line-style': 'dashed', 'line-color': '#c0262d', 'target-arrow-color': '#c0262d' },
      },
    ],
  });
  cy.on('tap', 'node', (evt) => walk(evt.target.data('node')));
  window.__cy = cy;
}

// ---------------------------------------------------------------------------------------- start

if (sessionStorage.getItem(TOKEN_KEY)) void signIn();
else showLogin();
