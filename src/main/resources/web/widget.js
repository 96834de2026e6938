/* Notion Relay widget: <script src="https://RELAY/widget.js" data-demo="DEMO_PAGE_ID" async></script>
   No cookies, no dependencies, no third-party requests. Never throws into the host page. */
(function (w, d) {
  'use strict';
  var pre = w.NotionRelay, api = { track: noop, identify: noop };
  function noop() {}
  function safe(f) {
    return function () { try { return f.apply(this, arguments); } catch (e) { /* never into the host page */ } };
  }
  try {
    var s = d.currentScript || d.querySelector('script[data-demo][src*="widget.js"]');
    var demo = s && s.getAttribute('data-demo');
    if (!demo) return;
    var base = (s.getAttribute('data-relay') || new URL(s.src, location.href).origin).replace(/\/+$/, '');
    var PAGE = '/example/database/page', WELCOME = '/example/guest_welcome', MAX = 100;
    var KEY = 'notionRelay:' + base + ':queue';
    var store = function (o) { try { return w[o]; } catch (e) { return null; } };
    var ls = store('localStorage'), ss = store('sessionStorage');
    var get = function (st, k) { try { return st && st.getItem(k); } catch (e) { return null; } };
    var set = function (st, k, v) { try { st && st.setItem(k, v); } catch (e) { /* full or blocked */ } };
    var uid = function () {
      if (w.crypto && crypto.randomUUID) return crypto.randomUUID();
      var a = new Uint8Array(16); (w.crypto || w.msCrypto).getRandomValues(a);
      return Array.prototype.map.call(a, function (b) { return (b + 256).toString(16).slice(1); }).join('');
    };
    // One session per tab: sessionStorage is per tab and survives reloads of it.
    var session = get(ss, 'notionRelay:session') || uid();
    set(ss, 'notionRelay:session', session);
    var guest = null;
    try { guest = JSON.parse(get(ss, 'notionRelay:guest') || 'null'); } catch (e) { guest = null; }
    var memory = [];
    var load = function () {
      if (!ls) return memory;
      try { return JSON.parse(get(ls, KEY) || '[]') || []; } catch (e) { return []; }
    };
    var save = function (q) {
      q = q.slice(-MAX); // bounded: the oldest go first
      if (ls) set(ls, KEY, JSON.stringify(q)); else memory = q;
    };
    var busy = false, delay = 1000, timer = 0;
    var post = function (item) {
      return fetch(base + item.r, {
        method: 'POST', body: JSON.stringify(item.b), keepalive: true, credentials: 'omit', mode: 'cors',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' } // a "simple" request: no preflight
      }).then(function (res) {
        // Kept for another try: the relay or the network is busy. Anything else is final (a 4xx is not retried).
        if (res.status === 429 || res.status === 408 || res.status >= 500) throw new Error('retry');
      });
    };
    var drop = function (id) {
      save(load().filter(function (x) { return x.b.event_id !== id; }));
    };
    var later = function () {
      clearTimeout(timer);
      timer = setTimeout(flush, delay);
      delay = Math.min(delay * 2, 60000);
    };
    var flush = safe(function () {
      if (busy) return;
      var q = load();
      if (!q.length) return;
      busy = true;
      var item = q[0];
      post(item).then(function () {
        busy = false; delay = 1000; drop(item.b.event_id); flush();
      }, function () {
        busy = false; later();
      });
    });
    var send = function (action, properties, route) {
      var b = { event_id: uid(), demo_id: demo, action: String(action), session_id: session,
        occurred_at: new Date().toISOString() };
      if (guest) b.guest = guest;
      if (properties && typeof properties === 'object') b.properties = properties;
      var q = load(); q.push({ r: route || PAGE, b: b }); save(q); // queued first: a crash or a closed tab loses nothing
      flush();
      return b.event_id;
    };
    api.track = safe(send);
    api.identify = safe(function (who) {
      who = who || {};
      guest = {};
      if (who.name) guest.name = String(who.name);
      if (who.email) guest.email = String(who.email);
      set(ss, 'notionRelay:guest', JSON.stringify(guest));
      return send('identified', null, WELCOME);
    });
    api.flush = flush;
    d.addEventListener('click', safe(function (e) {
      var el = e.target && e.target.closest && e.target.closest('[data-relay-action]');
      if (!el) return;
      var props = null;
      for (var i = 0; i < el.attributes.length; i++) {
        var a = el.attributes[i];
        if (a.name.indexOf('data-relay-prop-') === 0) (props = props || {})[a.name.slice(16)] = a.value;
      }
      send(el.getAttribute('data-relay-action'), props, el.getAttribute('data-relay-route'));
    }), true);
    w.addEventListener('online', safe(function () { delay = 1000; flush(); }));
    // The tab is going away: hand what is still queued to the browser; a repeat later is a duplicate, not a second page.
    w.addEventListener('pagehide', safe(function () {
      if (!navigator.sendBeacon) return;
      load().forEach(function (item) {
        navigator.sendBeacon(base + item.r, new Blob([JSON.stringify(item.b)], { type: 'text/plain' }));
      });
    }));
    if (s.getAttribute('data-auto-view') !== 'false') send('viewed', { page: location.pathname });
    flush(); // what an earlier visit left queued
  } catch (e) {
    /* never into the host page */
  }
  // Calls made before this script loaded (the inline stub's queue) are replayed, in order.
  var queued = pre && pre.q;
  w.NotionRelay = api;
  if (queued && queued.length) {
    for (var i = 0; i < queued.length; i++) {
      try { api[queued[i][0]].apply(api, queued[i][1]); } catch (e) { /* never into the host page */ }
    }
  }
})(window, document);
