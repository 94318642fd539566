// Paper Trends dashboard: the ranking of a window and scope from /api/trending, kept live by
// /api/stream (server-sent events), with each paper's activity from /api/papers/{id}.
(function () {
  'use strict';
  var LIMIT = 50; // the server answers its default number of entries; at most this many are shown
  var PAPER_TTL_MS = 60000;
  // ?live=0: a snapshot without the live stream (for embedding, printing, and headless browsers, whose virtual
  // clock does not advance while a stream is open).
  var LIVE = new URLSearchParams(location.search).get('live') !== '0';
  var state = { window: null, scope: 'global', windows: [], source: null, papers: {}, last: null, topics: {}, labels: {}, seen: {} };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function svg(tag, attrs) {
    var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { var err = new Error(body.reason || ('HTTP ' + r.status)); err.status = r.status; err.body = body; throw err; }
        return body;
      });
    });
  }

  // A paper's page on this service; ids may hold '/' (doi:10.1/x), kept as path separators.
  function paperPage(id) {
    return '/papers/' + encodeURIComponent(id).replace(/%2F/g, '/');
  }

  // The id as readers know it: arXiv and DOI ids; nothing for a paper known by its title only.
  function idLabel(id) {
    if (id.indexOf('arxiv:') === 0) { return 'arXiv:' + id.substring(6); }
    if (id.indexOf('doi:') === 0) { return id; }
    return null;
  }

  // Movement against what this reader last saw of the same window and scope (kept across visits),
  // not against the server's previous ranking, which may be several updates ago for this reader.
  var SEEN_KEY = 'papertrends.seen.';
  function seenRanks(key) {
    try { return JSON.parse(localStorage.getItem(SEEN_KEY + key) || 'null'); } catch (err) { return null; }
  }
  function rememberRanks(key, entries) {
    var ranks = {};
    entries.forEach(function (e) { ranks[e.paperId] = e.rank; });
    try { localStorage.setItem(SEEN_KEY + key, JSON.stringify(ranks)); } catch (err) { /* private mode: movement stays per page */ }
    state.seen[key] = ranks;
  }
  function readerMovement(seen, e) {
    if (!seen) { return { movement: 'SAME', previousRank: e.rank, unknown: true }; }
    var before = seen[e.paperId];
    if (before === undefined) { return { movement: 'NEW', previousRank: null }; }
    return { movement: before > e.rank ? 'UP' : before < e.rank ? 'DOWN' : 'SAME', previousRank: before };
  }

  function fmt(x, digits) { return (x === null || x === undefined) ? '–' : Number(x).toFixed(digits); }

  // ---- window tabs, scope select, keyword filter -------------------------------------------
  function renderTabs() {
    var nav = $('windows');
    nav.textContent = '';
    state.windows.forEach(function (w) {
      // The shortest window is the board of what is taking off right now.
      var b = el('button', null, w === state.now ? 'now · ' + w : w);
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-selected', String(w === state.window));
      b.addEventListener('click', function () { select(w, state.scope); });
      nav.appendChild(b);
    });
  }

  // How scopes read: the service's display forms (a keyword as its papers write it, never its stems), from
  // rankings and trending keywords (the commonest form) or else from a paper's own keyphrases.
  function setLabel(scope, text, commonest) {
    if (!text || (!commonest && state.labels[scope])) { return false; }
    var changed = state.labels[scope] !== text;
    state.labels[scope] = text;
    return changed;
  }

  function scopeLabel(scope) {
    if (scope === 'global') { return 'All papers'; }
    var label = state.labels[scope];
    if (scope.indexOf('keyword:') === 0) { return 'Keyword: ' + (label || scope.substring(8)); }
    if (scope.indexOf('category:') === 0) { return 'Category: ' + (label || scope.substring(9)); }
    return scope;
  }

  // The subscribe form follows the selected scope: the notify service gets the scope as ranked and as shown.
  function renderSubscribe() {
    var form = $('subscribe');
    if (!state.subscribe) { form.hidden = true; return; }
    form.action = state.subscribe;
    form.hidden = false;
    var label = state.scope === 'global' ? 'All papers' : (state.labels[state.scope] || state.scope.substring(state.scope.indexOf(':') + 1));
    $('subscribe-scope').value = state.scope;
    $('subscribe-display').value = label;
    $('subscribe-label').textContent = 'Daily digest of ' + label + ' by e-mail';
    $('subscribe-alerts').parentNode.hidden = state.scope === 'global';
    try { $('subscribe-zone').value = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch (e) { /* keeps UTC */ }
  }

  function renderScopes() {
    renderSubscribe();
    var sel = $('scope');
    var scopes = ['global'];
    Object.keys(state.topics).sort(function (a, b) { return state.topics[b] - state.topics[a]; }).forEach(function (s) {
      if (scopes.indexOf(s) < 0) { scopes.push(s); }
    });
    if (scopes.indexOf(state.scope) < 0) { scopes.push(state.scope); }
    sel.textContent = '';
    scopes.forEach(function (s) {
      var o = el('option', null, scopeLabel(s));
      o.value = s;
      o.selected = s === state.scope;
      sel.appendChild(o);
    });
  }

  function renderTopicChips(keywords) {
    var box = $('topics');
    box.textContent = '';
    keywords.slice(0, 12).forEach(function (k) {
      var chip = el('button', 'chip', k.phrase + (k.movement === 'UP' ? ' ▲' : k.movement === 'NEW' ? ' •' : ''));
      chip.title = 'Trending topic #' + k.rank + ' · ' + k.papers + ' papers, ' + k.events + ' events';
      chip.addEventListener('click', function () { select(state.window, k.scope); });
      box.appendChild(chip);
    });
  }

  function loadKeywords() {
    getJson('/api/keywords?window=' + encodeURIComponent(state.window)).then(function (body) {
      body.keywords.forEach(function (k) {
        state.topics[k.scope] = (state.topics[k.scope] || 0) + 1000 - k.rank;
        setLabel(k.scope, k.phrase, true);
      });
      renderTopicChips(body.keywords);
      renderScopes();
    }).catch(function () { renderTopicChips([]); });
  }

  // A keyword as typed: the service normalises it as the rankings do ("Graph Neural Networks" names
  // keyword:graph neural network) and answers with the scope's stored name, which the page then follows.
  function keywordScope(text) {
    var t = text.trim().replace(/\s+/g, ' ');
    if (!t) { return 'global'; }
    if (t === 'global' || t.indexOf('keyword:') === 0 || t.indexOf('category:') === 0) { return t; }
    return 'keyword:' + t;
  }

  // ---- leaderboard ------------------------------------------------------------------------
  function movement(e) {
    var span = el('span');
    if (e.unknown) { span.className = 'same'; span.textContent = ''; span.title = 'First look at this ranking'; }
    else if (e.movement === 'NEW') { span.className = 'new'; span.textContent = 'NEW'; span.title = 'New in the ranking'; }
    else if (e.movement === 'UP') { span.className = 'up'; span.textContent = '▲ ' + (e.previousRank - e.rank); span.title = 'Up from #' + e.previousRank; }
    else if (e.movement === 'DOWN') { span.className = 'down'; span.textContent = '▼ ' + (e.rank - e.previousRank); span.title = 'Down from #' + e.previousRank; }
    else { span.className = 'same'; span.textContent = '–'; span.title = 'Same rank'; }
    return span;
  }

  function showTip(target, e) {
    var tip = $('tip');
    var p = e.parts;
    var rows = [['score', fmt(e.score, 2)], ['deviations', fmt(Math.sqrt(e.score), 1)], ['observed', fmt(p.observed, 1)], ['expected', fmt(p.expected, 1)],
      ['growth', '×' + fmt(p.growth, 2)], ['decay', fmt(p.decay, 3)], ['events', p.events], ['readers', p.readers]];
    tip.textContent = '';
    var t = el('table');
    rows.forEach(function (r) { var tr = el('tr'); tr.appendChild(el('td', null, r[0])); tr.appendChild(el('td', null, String(r[1]))); t.appendChild(tr); });
    tip.appendChild(t);
    tip.hidden = false;
    var box = target.getBoundingClientRect();
    tip.style.left = Math.max(8, box.left - 150) + 'px';
    tip.style.top = (box.bottom + 6) + 'px';
  }

  function hideTip() { $('tip').hidden = true; }

  function sparkline(cell, paper, entry) {
    cell.textContent = '';
    var w = null;
    (paper && paper.windows || []).forEach(function (x) { if (x.window === state.window) { w = x; } });
    var values = w ? w.history.map(function (h) { return h.score; }) : [];
    if (w) { values.push(w.observed); }
    if (values.length < 2) { cell.appendChild(el('span', 'spark-none', values.length ? 'new activity' : '–')); return; }
    var W = 140, H = 32, pad = 3;
    var max = Math.max.apply(null, values), min = Math.min.apply(null, values.concat([0]));
    var span = (max - min) || 1;
    var pts = values.map(function (v, i) {
      var x = pad + i * (W - 2 * pad) / (values.length - 1);
      var y = H - pad - (v - min) * (H - 2 * pad) / span;
      return [x.toFixed(1), y.toFixed(1)];
    });
    var s = svg('svg', { 'class': 'spark', viewBox: '0 0 ' + W + ' ' + H, role: 'img' });
    s.appendChild(svg('title', {})).textContent = 'Activity of the last ' + (values.length - 1) + ' closed windows and the current one';
    s.appendChild(svg('polygon', { 'class': 'area', points: pad + ',' + (H - pad) + ' ' + pts.map(function (p) { return p.join(','); }).join(' ') + ' ' + (W - pad) + ',' + (H - pad) }));
    s.appendChild(svg('polyline', { points: pts.map(function (p) { return p.join(','); }).join(' ') }));
    var last = pts[pts.length - 1];
    s.appendChild(svg('circle', { cx: last[0], cy: last[1], r: 2.6 }));
    cell.appendChild(s);
  }

  function fillTitle(link, paper) {
    if (link && paper && paper.title) { link.textContent = paper.title; link.className = 'title'; }
  }

  function loadPaper(id, cell, entry, titleLink) {
    var show = function (b) { sparkline(cell, b, entry); fillTitle(titleLink, b); };
    var cached = state.papers[id];
    if (cached && Date.now() - cached.at < PAPER_TTL_MS) {
      if (cached.body) { show(cached.body); } else { cached.waiting.push(show); }
      return;
    }
    var slot = { at: Date.now(), body: null, waiting: [show] };
    state.papers[id] = slot;
    getJson('/api/papers/' + encodeURIComponent(id).replace(/%2F/g, '/')).then(function (body) {
      slot.body = body;
      var changed = false;
      (body.scopes || []).forEach(function (s) {
        if (!(s in state.topics)) { state.topics[s] = 0; changed = true; }
        state.topics[s] += 1;
        changed = setLabel(s, (body.scopeDisplays || {})[s], false) || changed;
      });
      if (changed) { renderScopes(); }
      slot.waiting.forEach(function (f) { f(body); });
      slot.waiting = [];
    }).catch(function () { slot.at = 0; slot.waiting.forEach(function (f) { f(null); }); slot.waiting = []; });
  }

  function render(view, flash) {
    state.last = view;
    if (setLabel(view.scope, view.scopeDisplay, true)) { renderScopes(); }
    var tbody = $('rows');
    tbody.textContent = '';
    $('error').hidden = true;
    $('empty').hidden = view.entries.length > 0;
    var key = view.window + '|' + view.scope;
    var seen = state.seen[key] || seenRanks(key);
    var shown = view.entries.slice(0, LIMIT);
    shown.forEach(function (e) {
      var moved = readerMovement(seen, e);
      var tr = el('tr');
      tr.setAttribute('data-paper-id', e.paperId);
      if (flash && moved.movement !== 'SAME') { tr.className = 'flash'; }
      tr.appendChild(el('td', 'rank', String(e.rank)));
      var mv = el('td', 'move'); mv.appendChild(movement({ movement: moved.movement, previousRank: moved.previousRank, rank: e.rank, unknown: moved.unknown })); tr.appendChild(mv);
      var paper = el('td');
      // A title that has not arrived yet is filled from the paper's answer, never shown as an internal id.
      var a = el('a', 'title' + (e.title ? '' : ' pending'), e.title || 'Loading title…');
      a.href = paperPage(e.paperId);
      paper.appendChild(a);
      if (e.url && /^https?:\/\//i.test(e.url)) {
        var ext = el('a', 'ext', '↗');
        ext.href = e.url; ext.target = '_blank'; ext.rel = 'noopener'; ext.title = 'Open at the source';
        paper.appendChild(ext);
      }
      var meta = el('div', 'meta');
      var label = idLabel(e.paperId);
      if (label) { meta.appendChild(el('span', 'id', label)); }
      // The signal that put it on this board: its activity in the window against its usual level.
      if (e.parts) {
        var signal = el('span', 'signal', e.parts.events + ' events · ×' + fmt(e.parts.growth, 1) + ' its usual');
        signal.title = 'About ' + fmt(Math.sqrt(e.score), 1) + ' standard deviations above what chance gives it in the last ' + view.window;
        meta.appendChild(signal);
      }
      (e.keyphrases || []).slice(0, 4).forEach(function (k) {
        var kp = el('a', 'kp', k);
        kp.href = '/topics/' + encodeURIComponent(k);
        meta.appendChild(kp);
      });
      paper.appendChild(meta);
      tr.appendChild(paper);
      var sc = el('td', 'num');
      var score = el('span', 'score', fmt(e.score, 2));
      score.addEventListener('mouseenter', function () { showTip(score, e); });
      score.addEventListener('mouseleave', hideTip);
      sc.appendChild(score);
      tr.appendChild(sc);
      var spark = el('td', 'spark-cell');
      tr.appendChild(spark);
      tbody.appendChild(tr);
      loadPaper(e.paperId, spark, e, e.title ? null : a);
    });
    rememberRanks(key, shown);
    $('status').textContent = view.generatedAt
      ? 'Ranked ' + new Date(view.generatedAt).toLocaleTimeString() + ' · activity up to ' + new Date(view.asOf).toLocaleString()
      : 'Waiting for the first ranking of ' + scopeLabel(view.scope) + ' in the last ' + view.window + '.';
  }

  function showError(err) {
    var box = $('error');
    box.textContent = err.message + (err.status === 503 ? ' — retrying.' : '');
    box.hidden = false;
    if (err.status === 503) { setTimeout(load, 2000); }
    if (err.body && err.body.reasonCode === 'UNKNOWN_KEYWORD') {
      // No paper ranks under the keyword: offer the known ones it may have meant instead of an empty board.
      $('rows').textContent = '';
      $('empty').hidden = true;
      box.textContent = 'No paper ranks under “' + state.scope.substring(8) + '” yet.';
      var list = err.body.suggestions || [];
      if (list.length) {
        box.appendChild(document.createTextNode(' Did you mean: '));
        list.forEach(function (s) {
          setLabel(s.scope, s.phrase, true);
          var chip = el('button', 'chip suggestion', s.phrase);
          chip.title = s.papers + ' papers';
          chip.addEventListener('click', function () { select(state.window, s.scope); });
          box.appendChild(chip);
        });
      }
    }
  }

  // ---- live updates -----------------------------------------------------------------------
  function connect() {
    if (state.source) { state.source.close(); state.source = null; }
    if (!LIVE || typeof EventSource === 'undefined') { $('live').textContent = 'snapshot'; return; }
    var url = '/api/stream?window=' + encodeURIComponent(state.window) + '&scope=' + encodeURIComponent(state.scope);
    var source = new EventSource(url);
    state.source = source;
    source.onopen = function () { $('live').className = 'live on'; $('live').textContent = 'live'; };
    source.onerror = function () { $('live').className = 'live off'; $('live').textContent = 'reconnecting'; };
    source.addEventListener('update', function (msg) {
      var view = JSON.parse(msg.data);
      if (view.window === state.window && view.scope === state.scope) { render(view, true); }
    });
    source.addEventListener('keywords', function (msg) {
      var kw = JSON.parse(msg.data);
      kw.keywords.forEach(function (k) { setLabel(k.scope, k.phrase, true); });
      if (kw.window === state.window) { renderTopicChips(kw.keywords); }
    });
  }

  function load() {
    return getJson('/api/trending?window=' + encodeURIComponent(state.window) + '&scope=' + encodeURIComponent(state.scope))
      .then(function (view) {
        if (view.scope !== state.scope) { state.scope = view.scope; showScope(); }
        render(view, false);
      }, showError);
  }

  // The feed link, the address and the scope list follow the current scope.
  function showScope() {
    $('feed').href = '/feeds/trending.atom?window=' + encodeURIComponent(state.window) + '&scope=' + encodeURIComponent(state.scope);
    var params = new URLSearchParams({ window: state.window, scope: state.scope });
    if (!LIVE) { params.set('live', '0'); }
    history.replaceState(null, '', '?' + params.toString());
    renderScopes();
  }

  function select(window, scope) {
    state.window = window;
    state.scope = scope;
    showScope();
    renderTabs();
    loadKeywords();
    load().then(connect);
  }

  $('scope').addEventListener('change', function () { select(state.window, this.value); });
  $('keyword-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    select(state.window, keywordScope($('keyword').value));
  });

  getJson('/api/windows').then(function (body) {
    state.windows = body.windows;
    state.now = body.now || null;
    state.subscribe = body.subscribe || null;
    var q = new URLSearchParams(location.search);
    var w = q.get('window') === 'now' ? state.now : q.get('window');
    var fallback = body.windows.indexOf('24h') >= 0 ? '24h' : body.windows[0];
    select(body.windows.indexOf(w) >= 0 ? w : fallback, q.get('scope') || 'global');
  }).catch(showError);
})();
