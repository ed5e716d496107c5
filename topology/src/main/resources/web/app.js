// The swipe page: one card to judge, four swipes (buttons or arrow keys), the user's list kept live
// by server-sent events from the recommendations topic, recent swipes, a user switcher.
// Plain browser JavaScript, no libraries, no build step.
(function () {
  'use strict';
  const PREFS = { '-2': 'strong no', '-1': 'dislike', '1': 'like', '2': 'superlike' };
  const KEYS = { ArrowLeft: -2, ArrowDown: -1, ArrowUp: 1, ArrowRight: 2 };
  const RECENTLY_SWIPED = 50; // sent as ?exclude= until the stream has surely applied them
  const $ = (id) => document.getElementById(id);

  let userId = null;
  let card = null;          // the movie on screen
  let events = null;        // the EventSource of the current user
  let swiped = [];          // movieIds swiped from this tab, newest last
  let pending = {};         // eventId → time the swipe was posted (for the "list updated in" line)
  let arrived = {};         // causeEventId → time its list arrived, when it beat the POST's answer
  let busy = false;
  let listVersion = 0;      // how many lists this tab has shown (tests and people can watch it change)

  function newAnonymousId() {
    // far above MovieLens ids, so a new visitor never lands on a trained user
    return 1000000 + Math.floor(Math.random() * 900000000);
  }

  function status(text, isError) {
    const s = $('status');
    s.textContent = text;
    s.className = 'status' + (isError ? ' error' : '');
  }

  async function getJson(url, options) {
    const resp = await fetch(url, options);
    let body = null;
    try { body = await resp.json(); } catch (e) { /* no body */ }
    if (!resp.ok) {
      const detail = body && body.detail ? body.detail : resp.statusText;
      const err = new Error(resp.status + ' ' + detail);
      err.status = resp.status;
      throw err;
    }
    return body;
  }

  function text(el, value) { el.textContent = value == null ? '' : String(value); return el; }

  function el(tag, cls, value) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (value != null) e.textContent = String(value);
    return e;
  }

  function movieName(m) {
    const title = m.title || ('movie ' + m.movieId);
    return m.year && title.indexOf('(' + m.year + ')') < 0 ? title + ' (' + m.year + ')' : title;
  }

  // ---- user switching ----
  function switchTo(id) {
    userId = id;
    swiped = [];
    pending = {};
    arrived = {};
    text($('user-id'), id);
    document.body.dataset.userId = String(id);
    history.replaceState(null, '', '/?user=' + id);
    try { localStorage.setItem('reelstream.user', String(id)); } catch (e) { /* private mode */ }
    $('explain').hidden = true;
    connectEvents();
    loadList();
    loadRecent();
    loadCard();
  }

  // ---- live list over server-sent events ----
  function connectEvents() {
    if (events) events.close();
    const live = $('live');
    live.className = 'live off';
    events = new EventSource('/users/' + userId + '/events');
    events.onopen = () => { live.className = 'live on'; document.body.dataset.live = 'on'; };
    events.onerror = () => { live.className = 'live off'; document.body.dataset.live = 'off'; };
    events.addEventListener('recommendations', (e) => {
      const list = JSON.parse(e.data);
      if (list.userId !== userId) return;
      showList(list);
      const now = performance.now();
      const sentAt = pending[list.causeEventId];
      if (sentAt) {
        delete pending[list.causeEventId];
        listArrived(list.causeEventId, now - sentAt);
      } else {
        arrived[list.causeEventId] = now; // maybe our own swipe, its POST not answered yet
        status('list updated by a swipe from elsewhere');
      }
      document.body.dataset.lastCause = list.causeEventId || '';
      loadRecent();
    });
  }

  // what a person waits for: from sending the swipe to its new list on screen
  function listArrived(eventId, ms) {
    status('list updated ' + Math.round(ms) + ' ms after the swipe');
    document.body.dataset.lastLatencyMs = String(Math.round(ms));
    document.body.dataset.lastLatencyEvent = eventId;
  }

  async function loadList() {
    try {
      const list = await getJson('/users/' + userId + '/recommendations');
      showList(list);
    } catch (e) {
      status('could not load the list: ' + e.message, true);
    }
  }

  function showList(list) {
    const before = new Set(Array.from($('list').children).map((li) => li.dataset.movieId));
    const ol = $('list');
    ol.textContent = '';
    list.items.forEach((m) => {
      const li = el('li');
      li.dataset.movieId = String(m.movieId);
      li.appendChild(el('span', 'score', m.score.toFixed(3)));
      li.appendChild(el('span', 'title', movieName(m)));
      li.appendChild(el('span', 'reason', m.reason));
      if (before.size && !before.has(String(m.movieId))) li.classList.add('new');
      li.addEventListener('click', () => explain(m.movieId));
      ol.appendChild(li);
    });
    setTimeout(() => ol.querySelectorAll('li.new').forEach((li) => li.classList.remove('new')), 1500);
    text($('list-size'), list.items.length);
    let meta = list.strategy + ' list · model ' + list.modelVersion + ' (' + list.modelKind + ')';
    if (list.experimentId) meta += ' · experiment ' + list.experimentId + ' arm ' + list.arm;
    if (list.coldStart) meta += ' · no swipes yet: what every new user starts from';
    text($('list-meta'), meta);
    listVersion++;
    document.body.dataset.listVersion = String(listVersion);
    document.body.dataset.strategy = list.strategy;
  }

  async function explain(movieId) {
    const box = $('explain');
    try {
      const x = await getJson('/users/' + userId + '/recommendations/' + movieId + '/explain?n=5');
      box.textContent = '';
      box.appendChild(el('strong', null, 'Why ' + (x.title || 'movie ' + movieId) + '? '));
      box.appendChild(el('span', null, x.strategy + ' · score ' + x.score.toFixed(4)));
      box.appendChild(el('p', 'meta', x.measure));
      if (!x.contributions.length) {
        box.appendChild(el('p', null, 'No swiped movie contributes: ' + (x.reason || 'a popular pick') + '.'));
      } else {
        const table = el('table');
        x.contributions.forEach((c) => {
          const tr = el('tr');
          tr.appendChild(el('td', null, c.title || ('movie ' + c.movieId)));
          tr.appendChild(el('td', null, PREFS[String(c.preference)] || ''));
          tr.appendChild(el('td', 'num', c.contribution.toFixed(4)));
          tr.appendChild(el('td', 'num', c.share == null ? '' : Math.round(100 * c.share) + ' %'));
          table.appendChild(tr);
        });
        box.appendChild(table);
      }
      box.hidden = false;
    } catch (e) {
      status('could not explain: ' + e.message, true);
    }
  }

  // ---- cards and swipes ----
  async function loadCard() {
    const exclude = swiped.slice(-RECENTLY_SWIPED).join(',');
    try {
      card = await getJson('/users/' + userId + '/next-card' + (exclude ? '?exclude=' + exclude : ''));
      const c = $('card');
      c.classList.remove('leaving');
      c.dataset.movieId = String(card.movieId);
      c.querySelector('.hint').textContent = 'would you watch it?';
      text($('card-title'), card.title || ('movie ' + card.movieId));
      text($('card-meta'), [card.year, (card.genres || []).join(' · ')].filter(Boolean).join(' — '));
      text($('card-why'), card.pickedBecause);
    } catch (e) {
      card = null;
      text($('card-title'), '');
      status(e.status === 404 ? 'nothing left to judge' : 'could not load a card: ' + e.message, true);
    } finally {
      setBusy(false);
    }
  }

  function setBusy(value) {
    busy = value;
    document.querySelectorAll('button.swipe').forEach((b) => { b.disabled = value; });
    document.body.dataset.ready = value || !card ? 'no' : 'yes';
  }

  async function swipe(preference) {
    if (busy || !card) return;
    setBusy(true);
    const movieId = card.movieId;
    $('card').classList.add('leaving');
    try {
      const sentAt = performance.now();
      const accepted = await getJson('/users/' + userId + '/swipes', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ movieId: movieId, preference: preference, source: 'page' })
      });
      if (arrived[accepted.eventId]) {
        listArrived(accepted.eventId, arrived[accepted.eventId] - sentAt);
        delete arrived[accepted.eventId];
      } else {
        pending[accepted.eventId] = sentAt;
      }
      document.body.dataset.lastSwipeEvent = accepted.eventId;
      swiped.push(movieId);
      status(PREFS[String(preference)] + ' sent; waiting for the new list…');
    } catch (e) {
      status('swipe not sent: ' + e.message, true);
    }
    await loadCard();
  }

  async function loadRecent() {
    try {
      const r = await getJson('/users/' + userId + '/swipes?n=10');
      const ol = $('recent');
      ol.textContent = '';
      r.swipes.forEach((s) => {
        const li = el('li');
        li.dataset.movieId = String(s.movieId);
        li.appendChild(el('span', 'verdict v' + s.preference, s.verdict));
        li.appendChild(el('span', null, movieName(s)));
        ol.appendChild(li);
      });
    } catch (e) {
      status('could not load recent swipes: ' + e.message, true);
    }
  }

  // ---- wiring ----
  document.querySelectorAll('button.swipe').forEach((b) => {
    b.addEventListener('click', () => swipe(Number(b.dataset.pref)));
  });
  document.addEventListener('keydown', (e) => {
    if (e.target && e.target.tagName === 'INPUT') return;
    const pref = KEYS[e.key];
    if (pref !== undefined) { e.preventDefault(); swipe(pref); }
  });
  $('switch-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const raw = $('switch-input').value.trim();
    if (!/^\d+$/.test(raw)) { status('a user id is a non-negative integer', true); return; }
    switchTo(Number(raw));
  });
  $('new-user').addEventListener('click', () => switchTo(newAnonymousId()));

  const fromUrl = new URLSearchParams(location.search).get('user');
  let stored = null;
  try { stored = localStorage.getItem('reelstream.user'); } catch (e) { /* private mode */ }
  const start = fromUrl && /^\d+$/.test(fromUrl) ? Number(fromUrl)
    : stored && /^\d+$/.test(stored) ? Number(stored) : newAnonymousId();
  switchTo(start);
})();
