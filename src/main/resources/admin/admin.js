// The admin page: everything it shows comes from /admin/api/ with the token typed once and kept in
// sessionStorage (this tab only). Data is written with textContent, never as HTML.
(function () {
  'use strict';

  var KEY = 'notion-relay-admin-token';
  var REFRESH_MS = 10000;
  var PAGE = 50;
  var $ = function (id) { return document.getElementById(id); };
  var timer = null;
  var eventsCursor = null;

  function token() { return sessionStorage.getItem(KEY); }

  function api(method, path, body) {
    var init = { method: method, headers: { 'Authorization': 'Bearer ' + token() } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch('/admin/api/' + path, init).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (json) {
        if (res.status === 401) {
          signOut('That token was not accepted.');
          throw new Error('unauthorized');
        }
        if (!res.ok) {
          var message = json.error ? json.error.message : ('HTTP ' + res.status);
          var err = new Error(message);
          err.status = res.status;
          throw err;
        }
        return json;
      });
    });
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function row(cells) {
    var tr = document.createElement('tr');
    cells.forEach(function (c) { tr.appendChild(c instanceof Node ? c : el('td', c)); });
    return tr;
  }

  function button(label, onClick) {
    var td = document.createElement('td');
    var b = el('button', label);
    b.type = 'button';
    b.addEventListener('click', onClick);
    td.appendChild(b);
    return td;
  }

  function empty(tbody, columns, text) {
    tbody.replaceChildren();
    var td = el('td', text, 'muted');
    td.colSpan = columns;
    tbody.appendChild(row([td]));
  }

  function notice(text) { $('notice').textContent = text || ''; }

  function fail(err) {
    if (err.message !== 'unauthorized') { notice(err.message); }
  }

  // --- overview: delivery, queue, paused targets, last sync, webhook token, chart ---

  function renderOverview(o) {
    var state = $('delivery-state');
    state.textContent = o.delivery.state;
    state.className = 'pill ' + o.delivery.state;
    $('delivery-reason').textContent = o.delivery.reason || '';

    var queue = $('queue');
    queue.replaceChildren();
    [['pending', o.queue.pending], ['in flight', o.queue.in_flight], ['delivered', o.queue.delivered],
      ['dead', o.queue.dead]].forEach(function (pair) {
      var d = document.createElement('div');
      d.appendChild(el('dt', pair[0]));
      d.appendChild(el('dd', pair[1]));
      queue.appendChild(d);
    });

    var paused = $('paused');
    if (o.delivery.paused_targets.length === 0) {
      empty(paused, 4, 'No target is paused.');
    } else {
      paused.replaceChildren();
      o.delivery.paused_targets.forEach(function (p) {
        paused.appendChild(row([p.target, new Date(p.since).toLocaleString(), el('td', p.reason, 'error'),
          button('Probe now', function () {
            api('POST', 'targets/resume', { target: p.target })
              .then(function (r) { notice(p.target + ': probe ' + r.probe); refreshSoon(); }).catch(fail);
          })]));
      });
    }

    var s = o.last_sync;
    $('sync').textContent = s
      ? s.status + ' (' + s.mode + '), started ' + new Date(s.started_at).toLocaleString()
        + (s.duration_ms !== undefined ? ', took ' + s.duration_ms + ' ms' : ', still running')
        + ', ' + s.pages_seen + ' pages seen, ' + s.errors + ' errors' + (s.error ? ' — ' + s.error : '')
      : 'never';
    $('sync-now').disabled = !o.sync.available;
    $('sync-now').title = o.sync.available ? '' : 'sync is off: no Notion token or no data source set';

    renderWebhook(o.webhook);
    renderChart(o.chart);
  }

  function renderWebhook(w) {
    $('webhook').textContent = w.state === 'set'
      ? 'Set (from the ' + w.source + ').' + (w.resettable ? '' : ' It is changed where it is set.')
      : 'Not set: the first handshake from Notion sets it.';
    $('reset').disabled = !w.resettable;
    if (w.token !== undefined) { $('webhook-token').textContent = w.token || ''; }
  }

  // Inline SVG: accepted and delivered per minute, oldest minute at the left.
  function renderChart(c) {
    var NS = 'http://www.w3.org/2000/svg';
    var W = 600, H = 180, L = 34, B = 20, T = 8;
    var max = Math.max(1, Math.max.apply(null, c.accepted.concat(c.delivered)));
    var x = function (i) { return L + i * (W - L - 4) / (c.accepted.length - 1); };
    var y = function (v) { return T + (H - T - B) * (1 - v / max); };
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'events accepted and delivered per minute over the last hour');
    function add(name, attrs, text) {
      var e = document.createElementNS(NS, name);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) { e.textContent = text; }
      svg.appendChild(e);
      return e;
    }
    add('line', { x1: L, y1: y(0), x2: W - 4, y2: y(0), 'class': 'axis' });
    add('line', { x1: L, y1: y(max), x2: W - 4, y2: y(max), 'class': 'axis' });
    add('text', { x: L - 6, y: y(max) + 4, 'text-anchor': 'end' }, String(max));
    add('text', { x: L - 6, y: y(0) + 4, 'text-anchor': 'end' }, '0');
    add('text', { x: L, y: H - 4 }, '−60 min');
    add('text', { x: (L + W) / 2, y: H - 4, 'text-anchor': 'middle' }, '−30 min');
    add('text', { x: W - 4, y: H - 4, 'text-anchor': 'end' }, 'now');
    ['accepted', 'delivered'].forEach(function (series) {
      var points = c[series].map(function (v, i) { return x(i).toFixed(1) + ',' + y(v).toFixed(1); }).join(' ');
      add('polyline', { points: points, 'class': series });
    });
    $('chart').replaceChildren(svg);
  }

  // --- events: dead letters, and recent events with a status filter ---

  function eventCells(e, columns) {
    return columns.map(function (c) {
      if (c === 'event_id') { return el('td', e.event_id, 'id'); }
      if (c === 'status') { return el('td', e.status, 'status-' + e.status); }
      if (c === 'received_at') { return el('td', new Date(e.received_at).toLocaleString()); }
      if (c === 'last_error') { return el('td', e.last_error || '', 'error'); }
      return el('td', e[c]);
    });
  }

  function loadDead() {
    return api('GET', 'events?status=dead&limit=' + PAGE).then(function (page) {
      var tbody = $('dead');
      $('replay-all').disabled = page.events.length === 0;
      if (page.events.length === 0) { return empty(tbody, 6, 'No dead letters.'); }
      tbody.replaceChildren();
      page.events.forEach(function (e) {
        var cells = eventCells(e, ['event_id', 'route', 'action', 'attempts', 'last_error']);
        cells.push(button('Replay', function () { replay({ event_id: e.event_id }); }));
        tbody.appendChild(row(cells));
      });
    });
  }

  function loadEvents(append) {
    var filter = $('status-filter').value;
    var q = 'events?limit=' + PAGE + (filter ? '&status=' + filter : '') + (append && eventsCursor ? '&cursor=' + eventsCursor : '');
    return api('GET', q).then(function (page) {
      var tbody = $('events');
      if (!append) { tbody.replaceChildren(); }
      if (!append && page.events.length === 0) { empty(tbody, 8, 'No events' + (filter ? ' ' + filter : '') + '.'); }
      page.events.forEach(function (e) {
        tbody.appendChild(row(eventCells(e, ['event_id', 'status', 'route', 'action', 'demo_id', 'received_at',
          'attempts', 'last_error'])));
      });
      eventsCursor = page.next_cursor;
      $('more').hidden = !eventsCursor;
    });
  }

  function replay(body) {
    api('POST', 'replay', body).then(function (r) {
      notice(r.replayed + ' dead job(s) queued again' + (r.event_id ? ' for ' + r.event_id : ''));
      refreshSoon();
    }).catch(fail);
  }

  // --- refresh cycle and sign-in ---

  function refresh() {
    var shownMore = eventsCursor !== null && $('events').children.length > PAGE;
    return Promise.all([
      api('GET', 'overview').then(renderOverview),
      loadDead(),
      shownMore ? Promise.resolve() : loadEvents(false)
    ]).then(function () {
      $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    }).catch(fail);
  }

  function refreshSoon() { setTimeout(refresh, 800); }

  function show() {
    var signedIn = !!token();
    $('login').hidden = signedIn;
    $('dashboard').hidden = !signedIn;
    $('sign-out').hidden = !signedIn;
    clearInterval(timer);
    if (signedIn) {
      refresh();
      timer = setInterval(refresh, REFRESH_MS);
    } else {
      $('token').focus();
    }
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY);
    $('login-error').textContent = message || '';
    show();
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('login').addEventListener('submit', function (ev) {
      ev.preventDefault();
      sessionStorage.setItem(KEY, $('token').value.trim());
      $('token').value = '';
      $('login-error').textContent = '';
      show();
    });
    $('sign-out').addEventListener('click', function () { signOut(''); });
    $('replay-all').addEventListener('click', function () { replay(undefined); });
    $('status-filter').addEventListener('change', function () { eventsCursor = null; loadEvents(false).catch(fail); });
    $('more').addEventListener('click', function () { loadEvents(true).catch(fail); });
    $('sync-now').addEventListener('click', function () {
      notice('sync running…');
      api('POST', 'sync').then(function (r) { notice('sync ' + r.result + ': ' + r.message); refresh(); }).catch(fail);
    });
    $('reveal').addEventListener('click', function () {
      api('GET', 'webhook?reveal=true').then(renderWebhook).catch(fail);
    });
    $('reset').addEventListener('click', function () {
      api('POST', 'webhook/reset').then(function (w) { renderWebhook(w); notice('webhook token reset'); }).catch(fail);
    });
    show();
  });
}());
