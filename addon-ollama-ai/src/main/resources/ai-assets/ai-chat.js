// The floating AI assistant (issue 6). Model text is only ever inserted as text; the one place
// HTML is inserted is the server's sanitised Markdown rendering ("html" fields), parsed in an
// inert document. No inline script: the panel's CSP allows only its own files.
(function () {
  'use strict';
  var root = document.getElementById('ai-chat');
  var opener = document.getElementById('ai-chat-open');
  if (!root || !opener) { return; }
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : '';
  var state = { conversation: null, streaming: null, built: false };

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { e.textContent = attrs[k]; } else if (k === 'on') {
        Object.keys(attrs.on).forEach(function (ev) { e.addEventListener(ev, attrs.on[ev]); });
      } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { e.appendChild(c); } });
    return e;
  }

  function api(method, path, body) {
    var headers = { 'Accept': 'application/json', 'X-CSRF-Token': csrf };
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    return fetch(path, { method: method, headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body) }).then(function (res) {
      if (res.status === 204) { return null; }
      return res.json().then(function (data) {
        if (!res.ok) { throw new Error(data && data.error ? data.error : 'Request failed (' + res.status + ')'); }
        return data;
      });
    });
  }

  // Server-rendered, sanitised HTML → nodes, without running anything (DOMParser documents are inert).
  function safeHtml(target, html) {
    var doc = new DOMParser().parseFromString('<div>' + html + '</div>', 'text/html');
    var holder = doc.body.firstChild;
    target.textContent = '';
    while (holder && holder.firstChild) { target.appendChild(document.adoptNode(holder.firstChild)); }
    target.querySelectorAll('pre').forEach(function (pre) {
      var code = pre.textContent;
      pre.appendChild(el('button', { type: 'button', 'class': 'ai-copy-code', text: 'Copy',
        on: { click: function () { copy(code); } } }));
    });
  }

  function copy(text) {
    if (navigator.clipboard) { navigator.clipboard.writeText(text); }
  }

  var ui = {};
  function build() {
    if (state.built) { return; }
    state.built = true;
    ui.search = el('input', { type: 'search', placeholder: 'Search conversations', 'class': 'ai-chat-search',
      on: { input: function () { loadList(); } } });
    ui.list = el('ul', { 'class': 'ai-chat-list' });
    ui.sidebar = el('aside', { 'class': 'ai-chat-sidebar', hidden: '' }, [ui.search, ui.list]);
    ui.title = el('strong', { 'class': 'ai-chat-title', text: 'New conversation' });
    ui.messages = el('div', { 'class': 'ai-chat-messages', 'aria-live': 'polite' });
    ui.preset = el('select', { 'class': 'ai-chat-preset', 'aria-label': 'Preset' });
    ui.context = el('input', { type: 'checkbox', id: 'ai-chat-context', checked: '' });
    ui.input = el('textarea', { 'class': 'ai-chat-input', rows: '3', placeholder: 'Ask about this page, your servers, the panel…',
      on: { keydown: function (e) { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } } } });
    ui.send = el('button', { type: 'button', 'class': 'ai-chat-send', text: 'Send', on: { click: function () { send(); } } });
    ui.stop = el('button', { type: 'button', 'class': 'ai-chat-stop', text: 'Stop', hidden: '', on: { click: stop } });
    ui.notice = el('p', { 'class': 'ai-chat-notice', role: 'status' });
    var header = el('header', { 'class': 'ai-chat-header' }, [
      el('button', { type: 'button', 'class': 'ai-chat-history', text: '☰', title: 'Conversations',
        on: { click: function () { toggle(ui.sidebar); loadList(); } } }),
      ui.title,
      el('button', { type: 'button', 'class': 'ai-chat-human', text: 'Talk to a human', on: { click: escalate } }),
      el('button', { type: 'button', 'class': 'ai-chat-new', text: 'New', on: { click: newConversation } }),
      el('button', { type: 'button', 'class': 'ai-chat-close', text: '×', title: 'Close', on: { click: close } })]);
    var controls = el('div', { 'class': 'ai-chat-controls' }, [ui.preset,
      el('label', { 'class': 'ai-chat-context-toggle', 'for': 'ai-chat-context' },
        [ui.context, document.createTextNode(' Share this page with the assistant')])]);
    var composer = el('div', { 'class': 'ai-chat-composer' }, [ui.input, ui.send, ui.stop]);
    root.appendChild(header);
    root.appendChild(el('div', { 'class': 'ai-chat-body' }, [ui.sidebar,
      el('div', { 'class': 'ai-chat-main' }, [ui.messages, ui.notice, controls, composer])]));
    api('GET', '/api/ai/chat-presets').then(function (data) {
      data.data.forEach(function (p) {
        ui.preset.appendChild(el('option', { value: p.id, text: p.name + ' · ' + p.model, title: p.description || '' }));
      });
    }).catch(function (e) { notice(e.message); });
  }

  function toggle(node) { if (node.hasAttribute('hidden')) { node.removeAttribute('hidden'); } else { node.setAttribute('hidden', ''); } }
  function notice(text) { ui.notice.textContent = text || ''; }

  function open() {
    build();
    root.removeAttribute('hidden');
    opener.setAttribute('aria-expanded', 'true');
    var last = sessionStorage.getItem('ai-chat-conversation');
    if (last && !state.conversation) { openConversation(Number(last)); }
    ui.input.focus();
  }
  function close() { root.setAttribute('hidden', ''); opener.setAttribute('aria-expanded', 'false'); }

  function loadList() {
    var q = ui.search.value ? '?search=' + encodeURIComponent(ui.search.value) : '';
    api('GET', '/api/ai/chat' + q).then(function (data) {
      ui.list.textContent = '';
      data.data.forEach(function (c) {
        var item = el('li', { 'class': 'ai-chat-item', 'data-id': String(c.id) }, [
          el('button', { type: 'button', 'class': 'ai-chat-item-open', text: c.title, on: { click: function () { openConversation(c.id); } } }),
          el('button', { type: 'button', 'class': 'ai-chat-rename', text: 'Rename', on: { click: function () { rename(c); } } }),
          el('a', { href: '/api/ai/chat/' + c.id + '/export?format=markdown', 'class': 'ai-chat-export', text: 'MD' }),
          el('a', { href: '/api/ai/chat/' + c.id + '/export?format=json', 'class': 'ai-chat-export', text: 'JSON' }),
          el('button', { type: 'button', 'class': 'ai-chat-delete', text: 'Delete', on: { click: function () { remove(c); } } })]);
        ui.list.appendChild(item);
      });
    }).catch(function (e) { notice(e.message); });
  }

  function rename(c) {
    var title = window.prompt('New title', c.title);
    if (title) { api('PATCH', '/api/ai/chat/' + c.id, { title: title }).then(function () { loadList(); if (state.conversation === c.id) { ui.title.textContent = title; } }).catch(function (e) { notice(e.message); }); }
  }
  function remove(c) {
    if (!window.confirm('Delete "' + c.title + '"?')) { return; }
    api('DELETE', '/api/ai/chat/' + c.id).then(function () { if (state.conversation === c.id) { newConversation(); } loadList(); })
      .catch(function (e) { notice(e.message); });
  }

  function newConversation() {
    state.conversation = null;
    sessionStorage.removeItem('ai-chat-conversation');
    ui.messages.textContent = '';
    ui.title.textContent = 'New conversation';
    notice('');
  }

  function openConversation(id) {
    return api('GET', '/api/ai/chat/' + id).then(function (c) {
      state.conversation = c.id;
      sessionStorage.setItem('ai-chat-conversation', String(c.id));
      ui.title.textContent = c.title;
      if (c.preset) { ui.preset.value = c.preset; }
      ui.messages.textContent = '';
      c.messages.forEach(function (m, i) { renderStored(m, i === c.messages.length - 1); });
      ui.messages.scrollTop = ui.messages.scrollHeight;
      notice('');
    }).catch(function (e) { sessionStorage.removeItem('ai-chat-conversation'); notice(e.message); });
  }

  function bubble(role) {
    var body = el('div', { 'class': 'ai-text' });
    var meta = el('div', { 'class': 'ai-meta' });
    var node = el('article', { 'class': 'ai-msg ai-msg-' + role, 'data-role': role }, [body, meta]);
    ui.messages.appendChild(node);
    return { node: node, body: body, meta: meta };
  }

  function finish(b, m, isLast) {
    b.node.setAttribute('data-status', m.status || 'complete');
    if (m.id) { b.node.setAttribute('data-id', String(m.id)); }
    if (m.html !== undefined) { safeHtml(b.body, m.html); }
    b.meta.textContent = '';
    if (m.status && m.status !== 'complete') {
      b.meta.appendChild(el('span', { 'class': 'ai-status ai-status-' + m.status, text: m.status === 'stopped' ? 'Stopped' : 'Error' }));
    }
    if (m.error) { b.meta.appendChild(el('span', { 'class': 'ai-error', text: m.error })); }
    if (m.context) { b.meta.appendChild(el('span', { 'class': 'ai-context', text: 'Context: ' + m.context })); }
    var text = b.body.textContent;
    b.meta.appendChild(el('button', { type: 'button', 'class': 'ai-copy', text: 'Copy', on: { click: function () { copy(text); } } }));
    if (isLast && b.node.getAttribute('data-role') === 'assistant' && !(m.actions && m.actions.length)) {
      b.meta.appendChild(el('button', { type: 'button', 'class': 'ai-regenerate', text: 'Regenerate', on: { click: regenerate } }));
    }
  }

  function renderStored(m, isLast) {
    var b = bubble(m.role);
    if (m.role === 'assistant' || m.role === 'support') { finish(b, m, isLast); } else { b.body.textContent = m.content; }
    (m.actions || []).forEach(function (a) { card(b, a); });
  }

  // A proposed action: what, on which server, with which arguments. Everything is set as text.
  // It runs only when the user clicks Confirm (a POST with the CSRF token); Decline tells the model.
  function card(b, a) {
    var existing = ui.messages.querySelector('.ai-action[data-action-id="' + String(Number(a.id)) + '"]');
    if (!existing && !b) { return; }
    var node = existing || el('div', { 'class': 'ai-action', 'data-action-id': String(Number(a.id)) });
    node.textContent = '';
    node.setAttribute('data-status', a.status);
    node.appendChild(el('strong', { 'class': 'ai-action-summary', text: a.summary }));
    node.appendChild(el('div', { 'class': 'ai-action-server', text: 'Server: ' + a.server_name }));
    var args = el('dl', { 'class': 'ai-action-args' });
    Object.keys(a.arguments || {}).forEach(function (k) {
      args.appendChild(el('dt', { text: k }));
      args.appendChild(el('dd', { text: a.arguments[k] }));
    });
    node.appendChild(args);
    if (a.status === 'pending') {
      node.appendChild(el('div', { 'class': 'ai-action-buttons' }, [
        el('button', { type: 'button', 'class': 'ai-action-confirm', text: 'Confirm', on: { click: function () { decide(a, node, 'confirm'); } } }),
        el('button', { type: 'button', 'class': 'ai-action-decline', text: 'Decline', on: { click: function () { decide(a, node, 'decline'); } } })]));
    } else {
      var label = { running: 'Running…', done: 'Done', failed: 'Failed', declined: 'Declined', expired: 'Expired',
        interrupted: 'Interrupted' }[a.status] || a.status;
      node.appendChild(el('div', { 'class': 'ai-action-state', text: label + (a.result ? ' · ' + a.result : '') }));
    }
    if (!existing) { b.node.appendChild(node); }
  }

  // A new message expires the cards still waiting (the server did the same when the turn began).
  function expireCards() {
    ui.messages.querySelectorAll('.ai-action[data-status="pending"]').forEach(function (node) {
      node.setAttribute('data-status', 'expired');
      node.querySelectorAll('.ai-action-buttons').forEach(function (b) { b.remove(); });
      node.appendChild(el('div', { 'class': 'ai-action-state', text: 'Expired · not done: a newer message was sent' }));
    });
  }

  function decide(a, node, what) {
    if (state.streaming) { notice('Wait for the current answer to finish.'); return; }
    node.querySelectorAll('button').forEach(function (btn) { btn.setAttribute('disabled', ''); });
    api('POST', '/api/ai/chat/actions/' + encodeURIComponent(a.id) + '/' + what, {}).then(function (d) {
      card(null, d.action);
      if (d.resume) { stream({ resume: true }); }
    }).catch(function (e) {
      notice(e.message);
      node.querySelectorAll('button').forEach(function (btn) { btn.removeAttribute('disabled'); });
    });
  }

  function send() {
    var text = ui.input.value.trim();
    if (!text || state.streaming) { return; }
    ui.input.value = '';
    var b = bubble('user');
    b.body.textContent = text;
    stream({ message: text });
  }

  function regenerate() {
    if (state.streaming || !state.conversation) { return; }
    var last = ui.messages.lastElementChild;
    if (last && last.getAttribute('data-role') === 'assistant') { last.remove(); }
    stream({ regenerate: true });
  }

  function stream(payload) {
    notice('');
    payload.conversation_id = state.conversation;
    payload.preset = ui.preset.value || null;
    payload.page = root.getAttribute('data-page');
    payload.context = ui.context.checked;
    payload.stream = true;
    var answer = bubble('assistant');
    answer.node.setAttribute('data-status', 'streaming');
    var controller = new AbortController();
    state.streaming = controller;
    ui.stop.removeAttribute('hidden');
    ui.send.setAttribute('disabled', '');
    fetch('/api/ai/chat/message', { method: 'POST', signal: controller.signal, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/x-ndjson', 'X-CSRF-Token': csrf },
      body: JSON.stringify(payload) }).then(function (res) {
      if (!res.ok) {
        var wait = res.headers.get('Retry-After');
        return res.json().then(function (data) {
          answer.node.remove();
          notice((data && data.error ? data.error : 'The assistant could not answer.') + (wait ? ' (retry in ' + wait + ' s)' : ''));
        });
      }
      var reader = res.body.getReader();
      var decoder = new TextDecoder();
      var buffer = '';
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { return; }
          buffer += decoder.decode(chunk.value, { stream: true });
          var nl;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            var line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (line) { handle(JSON.parse(line)); }
          }
          return pump();
        });
      }
      function handle(event) {
        if (event.type === 'start') {
          state.conversation = event.conversation_id;
          if (event.title) { ui.title.textContent = event.title; }
          sessionStorage.setItem('ai-chat-conversation', String(event.conversation_id));
          if (payload.message) { expireCards(); }
        } else if (event.type === 'action') {
          card(answer, event.action);
        } else if (event.type === 'token') {
          answer.body.appendChild(document.createTextNode(event.content)); // plain text while streaming
          ui.messages.scrollTop = ui.messages.scrollHeight;
        } else if (event.type === 'done' || event.type === 'error') {
          finish(answer, { id: event.message_id, status: event.status, html: event.html, error: event.error, context: event.context,
            actions: event.actions }, true);
        }
      }
      return pump();
    }).catch(function (e) {
      if (e.name === 'AbortError') {
        finish(answer, { status: 'stopped' }, false);
      } else {
        finish(answer, { status: 'error', error: 'The connection to the panel was lost.' }, false);
      }
    }).then(function () {
      state.streaming = null;
      ui.stop.setAttribute('hidden', '');
      ui.send.removeAttribute('disabled');
    });
  }

  function escalate() {
    if (!state.conversation) { notice('Ask your question first; then a human can pick up the conversation.'); return; }
    api('POST', '/api/ai/chat/' + state.conversation + '/escalate', {}).then(function (t) {
      notice('Passed to the support team (' + t.category + ', ' + t.urgency + '). Their answer will appear in this conversation.');
    }).catch(function (e) { notice(e.message); });
  }

  function stop() {
    if (!state.streaming) { return; }
    var controller = state.streaming;
    api('POST', '/api/ai/chat/stop', {}).catch(function () { /* the abort below stops it too */ });
    controller.abort();
  }

  opener.addEventListener('click', function () { if (root.hasAttribute('hidden')) { open(); } else { close(); } });
  if (sessionStorage.getItem('ai-chat-open') === '1') { open(); }
  window.addEventListener('beforeunload', function () { sessionStorage.setItem('ai-chat-open', root.hasAttribute('hidden') ? '0' : '1'); });
})();
