// The local web chat page: no framework, no build. Server-rendered Markdown arrives as escaped HTML
// (`html` fields); every other string is inserted as text, never as markup.

const log = document.getElementById('log');
const form = document.getElementById('composer');
const input = document.getElementById('message');
const status = document.getElementById('status');
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function el(tag, props, children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children || []) node.append(child);
  return node;
}

function scrollDown() {
  log.scrollTop = log.scrollHeight;
}

function showMine(text) {
  log.append(el('div', { className: 'msg me', textContent: text }));
  scrollDown();
}

function renderBlock(block) {
  switch (block.type) {
    case 'text': {
      const p = el('div', { className: 'text' });
      p.innerHTML = block.html; // escaped by the server's Markdown renderer
      return p;
    }
    case 'choices':
    case 'scale': {
      const group = el('div', { className: block.type });
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', block.prompt);
      const row = el('div', { className: 'options' });
      for (const option of block.options) {
        const button = el('button', { type: 'button', textContent: option.label });
        button.dataset.token = option.token;
        row.append(button);
      }
      group.append(row);
      return group;
    }
    case 'card': {
      const card = el('section', { className: 'card' }, [el('h2', { textContent: block.title })]);
      if (block.html) {
        const body = el('div');
        body.innerHTML = block.html; // escaped by the server
        card.append(body);
      }
      if (block.fields.length) {
        const list = el('dl');
        for (const f of block.fields)
          list.append(el('dt', { textContent: f.label }), el('dd', { textContent: f.value }));
        card.append(list);
      }
      return card;
    }
    case 'image':
      return el('img', { src: block.src, alt: block.alt, width: block.width, height: block.height });
    case 'file':
      return el('a', { href: block.href, download: block.name, textContent: `Download ${block.name}` });
    case 'divider':
      return el('hr');
    default:
      return el('span');
  }
}

function renderMessage(view) {
  const node = el('div', { className: view.urgent ? 'msg bot urgent' : 'msg bot' });
  node.dataset.id = view.id;
  if (view.urgent) node.append(el('strong', { className: 'urgent-label', textContent: 'Urgent support' }));
  for (const block of view.blocks) node.append(renderBlock(block));
  return node;
}

function addMessage(view) {
  const node = renderMessage(view);
  log.append(node);
  scrollDown();
  return node;
}

function replaceMessage(node, view) {
  const next = renderMessage(view);
  node.replaceWith(next);
  return next;
}

let busy = false;

/** Sends one turn; keeps what was typed when it fails so nothing is lost. */
async function sendTurn(payload) {
  busy = true;
  status.textContent = '';
  try {
    const res = await fetch('/api/chat/turn', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ id: newId(), timeZone: zone, locale: navigator.language, ...payload }),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      status.textContent = data.error || `The chat answered ${res.status}. Please try again.`;
      return null;
    }
    return data;
  } catch {
    status.textContent = 'Could not reach the chat. Is it still running?';
    return null;
  } finally {
    busy = false;
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = input.value;
  if (!text.trim() || busy) return;
  const reply = await sendTurn({ text });
  if (!reply) return;
  input.value = '';
  showMine(text);
  for (const view of reply.messages) addMessage(view);
});

document.querySelector('.shortcuts').addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-send]');
  if (!button || busy) return;
  const text = button.dataset.send;
  const reply = await sendTurn({ text });
  if (!reply) return;
  showMine(button.textContent);
  for (const view of reply.messages) addMessage(view);
});

log.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-token]');
  if (!button || button.disabled || busy) return;
  const message = button.closest('.msg');
  const group = button.closest('[role="group"]');
  const buttons = group ? [...group.querySelectorAll('button')] : [button];
  for (const b of buttons) b.disabled = true;
  const reply = await sendTurn({ choice: button.dataset.token });
  if (!reply) {
    for (const b of buttons) b.disabled = false;
    button.focus();
    return;
  }
  button.setAttribute('aria-pressed', 'true');
  if (reply.update) replaceMessage(message, reply.update);
  showMine(button.textContent);
  const added = reply.messages.map(addMessage);
  // Keep keyboard users in the conversation: focus the first new answer button, else the input.
  const next = added.map((node) => node.querySelector('button[data-token]')).find(Boolean);
  (next || input).focus();
});

function connect() {
  const events = new EventSource('/api/chat/events');
  events.addEventListener('message', (e) => addMessage(JSON.parse(e.data)));
  events.addEventListener('update', (e) => {
    const view = JSON.parse(e.data);
    const node = log.querySelector(`[data-id="${CSS.escape(view.id)}"]`);
    if (node) replaceMessage(node, view);
    else addMessage(view);
  });
}

connect();
input.focus();
