/* Offline (README "Offline"). A form sent without network is kept on the phone (IndexedDB)
   with a key made here; the next page is shown from the service worker's copy; a banner on
   every page lists what waits. When the network returns (online event, every 30 s, each page)
   the forms are sent in order, each with its Idempotency-Key, so that a resend is never done
   twice; one the server refuses stays, marked, with a link to put it right. Texts come from
   the page (base.html #offline-texts). Without JavaScript none of this runs. */
(() => {
  "use strict";

  const PAGES = "doudi-pages"; // static/sw.js
  const SIGN_IN = /(^|\/)signin$/;
  const me = document.currentScript;
  let queue = []; // the outbox as last read, oldest first
  let sending = false;
  // After a send the network dropped (common in the first moments after a phone reconnects),
  // try again soon, waiting twice as long each time, up to the 30 s of the regular check.
  let retryTimer = null;
  let againIn = 1000;
  let signedOut = false;
  let shownOnline = navigator.onLine;
  let typed = false; // the person changed a field since the page came
  let forgetting = Promise.resolve();
  const arrived = new Map(); // key → the page the server sent the form to
  const sentNow = [];

  if (!window.indexedDB || !window.caches || !window.crypto) return;
  if (navigator.serviceWorker) {
    navigator.serviceWorker.register(new URL("sw.js", me.src), { scope: "/" }).catch(() => null);
  }

  /* --- the outbox ------------------------------------------------------------------- */

  let opened = null;
  function store(mode) {
    opened = opened || new Promise((resolve, reject) => {
      const request = indexedDB.open("doudi-offline", 1);
      request.onupgradeneeded = () => request.result.createObjectStore(
        "outbox", { keyPath: "seq", autoIncrement: true });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return opened.then((db) => db.transaction("outbox", mode).objectStore("outbox"));
  }
  const run = (mode, use) => store(mode).then((s) => new Promise((resolve, reject) => {
    const request = use(s);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  }));
  const all = () => run("readonly", (s) => s.getAll());
  const put = (item) => run("readwrite", (s) => s.put(item));
  const drop = (item) => run("readwrite", (s) => s.delete(item.seq));

  /* --- the page --------------------------------------------------------------------- */

  const pathOf = (url) => new URL(url, location.href).pathname;
  // A form's address; not node.action, which a field named "action" hides (the list's button).
  const actionOf = (node) => pathOf(node.getAttribute("action") || location.href);
  const here = () => location.pathname + location.search;
  const waiting = () => queue.some((item) => item.state === "waiting");
  const main = () => document.getElementById("main");

  function form() {
    try {
      return JSON.parse(main().dataset.offline);
    } catch (error) {
      return null;
    }
  }

  function text(key, n) {
    const texts = document.getElementById("offline-texts");
    const node = texts && texts.content.querySelector(`[data-t="${key}"]`);
    return node ? node.textContent.replace("{n}", n) : "";
  }

  function element(tag, props, ...children) {
    const node = Object.assign(document.createElement(tag), props);
    node.append(...children);
    return node;
  }

  function say(message) {
    const old = main().querySelector(".offline-message");
    if (old) old.remove();
    if (!message) return;
    main().prepend(element("p", { className: "notice offline-message", role: "alert" }, message));
  }

  /* The banner: how many wait, each one, and a link to whatever needs the person. */
  async function show() {
    queue = await all();
    const box = document.getElementById("outbox");
    if (!box) return;
    box.replaceChildren();
    box.hidden = !queue.length;
    box.className = queue.length ? "notice" : "";
    if (!queue.length) return;
    const list = element("ol");
    for (const item of queue) {
      const line = element("li", {}, item.label);
      if (item.state !== "waiting") {
        const forget = element("button", { className: "link", type: "button" }, text("drop"));
        forget.addEventListener("click", () => drop(item).then(arrive).then(drain));
        line.append(" ", element("span", { className: "tag" }, text(item.state)), " ",
          element("a", { href: item.fix || item.page }, text("open")), " ", forget);
      }
      list.append(line);
    }
    const title = sending ? text("sending") : text("waiting", queue.length);
    box.append(element("p", {}, element("strong", {}, title)), list);
    if (signedOut) {
      box.append(element("p", {}, element("a", { href: queue[0].page }, text("signin"))));
    }
  }

  /* A kept page shows the answers as they were: put back what waits to be sent. The pages
     built from all the answers (check, notice, sign) wait until those are sent. */
  async function arrive() {
    await show();
    const data = form();
    if (!data) return;
    const mine = queue.filter((item) => item.sid === data.sid);
    for (const node of main().querySelectorAll("form[method=post]")) {
      const last = mine.filter((item) => pathOf(item.url) === actionOf(node)
        && ["continue", null].includes(new URLSearchParams(item.body).get("action"))).pop();
      if (last) fill(node, new URLSearchParams(last.body));
    }
    if (!data.fresh.includes(location.pathname)) return;
    const answers = mine.some((item) => !data.fresh.includes(pathOf(item.url)));
    const signed = data.order[data.order.length - 1] === location.pathname
      && mine.some((item) => item.state === "waiting" && pathOf(item.url) === location.pathname);
    for (const node of main().querySelectorAll(answers || signed ? "form" : "form[data-waits]")) {
      node.hidden = answers || signed;
      node.toggleAttribute("data-waits", node.hidden);
    }
    say(answers ? text("wait") : signed ? text("signed") : "");
  }

  function fill(node, values) {
    for (const field of node.elements) {
      if (!field.name || ["hidden", "submit"].includes(field.type)) continue;
      const sent = values.getAll(field.name);
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = sent.includes(field.value);
      } else if (sent.length) {
        field.value = sent[0];
      }
    }
  }

  /* The pages this form still needs kept from here on: every single step ahead (its copy
     stays good until that step is saved) and, of the lists (a step followed by a page per
     member, the list's also by the page adding one), only this step's and the next one's. A list's copy is out of date after any save
     (forget), so keeping lists further ahead would fetch them again after every save. */
  function needed(data) {
    const groups = [];
    for (const url of data.prefetch) {
      if (/\/(\d+|new)$/.test(url) && groups.length) groups[groups.length - 1].push(url);
      else groups.push([url]);
    }
    return [here(), ...groups.flatMap((group, at) => (at < 2 || group.length === 1 ? group : []))];
  }

  /* Keep copies of the pages the form still needs, each fetched once (what is kept is not
     fetched again), one after the other, while online and while the person sends nothing;
     then mark the page (main[data-kept]). */
  async function prefetch() {
    const data = form();
    const page = main();
    if (!data || !navigator.serviceWorker || !navigator.serviceWorker.controller) return;
    await forgetting;
    const cache = await caches.open(PAGES);
    for (const url of needed(data)) {
      if (!navigator.onLine || page !== main() || document.querySelector(".htmx-request")) return;
      if (await cache.match(url, { ignoreVary: true })) continue;
      try {
        await fetch(url, { credentials: "same-origin" });
      } catch (error) {
        return;
      }
    }
    page.dataset.kept = "all";
  }

  /* Once a form is saved its page's copy is out of date, and so is every copy of the draft
     but the other single steps' (lists, check, letters); all are, once it is submitted (the
     server sends it outside the form's pages). */
  async function forget(sid, posted, to) {
    const data = form();
    const submitted = data && to && !to.startsWith(location.origin + data.base);
    const cache = await caches.open(PAGES);
    for (const request of await cache.keys()) {
      const kept = await cache.match(request);
      const [page, kind] = ((kept && kept.headers.get("X-Offline")) || "").split(" ");
      if (page === String(sid)
        && (submitted || kind !== "keep" || pathOf(request.url) === pathOf(posted))) {
        await cache.delete(request);
      }
    }
  }

  /* --- keeping and sending ---------------------------------------------------------- */

  function label(node) {
    const heading = main().querySelector("h1");
    const parts = [heading ? heading.textContent.trim() : document.title];
    const name = node.elements.namedItem("name");
    // its own button, also one placed outside it (form="…"), not a nested form's
    const button = Array.from(node.elements).find((field) => field.type === "submit");
    if (name && name.value) parts.push(name.value);
    else if (actionOf(node) !== location.pathname && button) parts.push(button.textContent);
    return parts.join(" · ");
  }

  /* Where the server would send the form: the same list for an addition, the next page (or
     back to check) for a step, the list for a member's page; none after signing. */
  function nextPage(item, values) {
    const data = form();
    const posted = new URL(item.url, location.href);
    const again = posted.searchParams.get("return") === "check" ? "?return=check" : "";
    if (data.people && posted.pathname === data.people.add) {
      return values.get("action") === "another" ? here() : data.people.list + again;
    }
    if (data.income && (posted.pathname === data.people.list
      ? values.get("action") === "continue" : data.income.pages.includes(posted.pathname))) {
      return incomeNext(data, item, posted.pathname, again);
    }
    if (values.has("action") && values.get("action") !== "continue") return here();
    const at = data.order.indexOf(posted.pathname);
    if (at >= 0) {
      return posted.searchParams.get("return") === "check" ? data.check : data.order[at + 1];
    }
    const back = main().querySelector("a.back");
    return posted.pathname === location.pathname && back ? back.getAttribute("href") : here();
  }

  /* The plain income step (issue 11): the household list goes on to the first person with
     income whose income page is not saved, an income page to the next such person, and once
     none is left, to the step after income. Worked out from what the server last said
     (data.income) and what waits to be sent for this form since, in order, this one last. */
  function incomeNext(data, item, path, again) {
    const income = data.income;
    const has = income.has.slice();
    const saved = income.saved.slice();
    const mine = queue.filter((other) => other.sid === data.sid && other.state === "waiting"
      && other.key !== item.key);
    for (const sent of [...mine, item]) {
      const values = new URLSearchParams(sent.body);
      const page = income.pages.indexOf(pathOf(sent.url));
      if (pathOf(sent.url) === data.people.list && values.get("action") === "continue") {
        has.forEach((_answer, i) => {
          const answer = values.get(`income-${i}`);
          if (answer === "yes" || answer === "no") has[i] = answer;
          if (answer === "no") saved[i] = false; // nothing to fill; the server keeps none
        });
      } else if (page >= 0) {
        saved[page] = true;
      }
    }
    const after = (from) => has.findIndex((answer, i) => i > from && answer === "yes" && !saved[i]);
    const onward = again ? data.check : data.order[data.order.indexOf(income.step) + 1];
    if (path === data.people.list) {
      if (has.includes(null)) return here(); // the list asks again
      const first = after(-1);
      return first >= 0 ? income.pages[first] + again : onward;
    }
    const at = income.pages.indexOf(path);
    const following = after(at) >= 0 ? after(at) : after(-1);
    if (following < 0) return onward;
    return again ? income.step + again : income.pages[following];
  }

  async function keep(config, key, node, offline) {
    const values = new URLSearchParams(config.formData);
    const posted = new URL(config.path, location.href);
    const item = { key, sid: form().sid, url: posted.pathname + posted.search,
      body: values.toString(), page: here(), label: label(node), state: "waiting" };
    await put(item);
    await show();
    if (!offline) return drain();
    const next = nextPage(item, values);
    if (!next) return arrive();
    if (await caches.match(next, { ignoreVary: true })) location.assign(next);
    else say(text("not_kept"));
  }

  /* A CSRF token of the session now (from a fresh page); false when signed out. */
  async function token(page) {
    try {
      const response = await fetch(page, { credentials: "same-origin", cache: "no-store" });
      if (SIGN_IN.test(pathOf(response.url))) return false;
      const found = (await response.text()).match(/"X-CSRFToken": "([^"]+)"/);
      return found ? found[1] : null;
    } catch (error) {
      return null;
    }
  }

  /* Send one kept form: "sent", "retry" (later), "token" (a new one), "signin", or what the
     person must do: "invalid", "letters", "refused". */
  async function send(item, csrf) {
    const body = new URLSearchParams(item.body);
    body.set("csrf_token", csrf);
    let response;
    try {
      response = await fetch(item.url, { method: "POST", body, credentials: "same-origin",
        headers: { "Idempotency-Key": item.key, "X-CSRFToken": csrf } });
    } catch (error) {
      return "unreachable";
    }
    const status = response.status;
    if (SIGN_IN.test(pathOf(response.url))) return "signin";
    if (response.ok) arrived.set(item.key, response.url);
    if (response.ok) return "sent";
    if (status === 409 && response.headers.get("X-Offline-Refused") === "letters") {
      item.fix = response.headers.get("X-Offline-Again");
      return "letters";
    }
    if (status === 422 || status === 400) return status === 422 ? "invalid" : "token";
    return status === 409 || status === 429 || status >= 500 ? "retry" : "refused";
  }

  async function sendAll() {
    let csrf = null;
    let fresh = false;
    for (;;) {
      const [item] = await all();
      if (!item || item.state !== "waiting" || !navigator.onLine) return;
      if (!csrf) {
        [csrf, fresh] = [await token(item.page), true];
        signedOut = csrf === false;
        if (csrf === null) soon();  // the page did not load: the network again
        if (!csrf) return;
      }
      const outcome = await send(item, csrf);
      if (outcome === "token" && !fresh) {
        csrf = null;
        continue;
      }
      if (outcome === "signin") signedOut = true;
      if (outcome === "unreachable") soon();
      if (outcome !== "sent") {
        if (!["retry", "signin", "unreachable"].includes(outcome)) {
          await put(Object.assign(item, { state: outcome === "token" ? "refused" : outcome }));
        }
        return;
      }
      againIn = 1000;
      sentNow.push(item);
      await drop(item);
      await forget(item.sid, item.url, arrived.get(item.key));
      fresh = false;
      await show();
    }
  }

  function soon() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(drain, againIn);
    againIn = Math.min(againIn * 2, 30000);
  }

  async function drain() {
    if (sending || !navigator.onLine) return;
    sending = true;
    await show();
    try {
      await (navigator.locks ? navigator.locks.request("doudi-outbox", sendAll) : sendAll());
    } finally {
      sending = false;
      await show();
    }
    onward(sentNow.splice(0));
  }

  /* All sent: on the page whose form was sent last, go where the server sent it; a list or a
     page built from the answers, shown from the phone's copy, is shown afresh. */
  function onward(sent) {
    if (waiting() || !sent.length) return;
    const last = sent[sent.length - 1];
    const data = form();
    if (last.page === here()) {
      location.assign(arrived.get(last.key));
    } else if (data && !typed && sent.some((item) => item.sid === data.sid)
      && (data.fresh.includes(location.pathname) || (!shownOnline && !data.keep))) {
      location.reload();
    }
  }

  /* --- htmx ------------------------------------------------------------------------- */

  /* The form's own forms; a form or button marked data-online-only (e.g. one that sends an
     SMS code to type in at once) is never kept for later. */
  function ours(detail) {
    const data = form();
    const submitter = detail.triggeringEvent && detail.triggeringEvent.submitter;
    return detail.verb === "post" && detail.elt.tagName === "FORM" && data !== null
      && pathOf(detail.path).startsWith(data.base) && !detail.elt.closest("[data-online-only]")
      && !(submitter && submitter.closest("[data-online-only]"));
  }

  document.addEventListener("htmx:configRequest", (event) => {
    const detail = event.detail;
    if (!ours(detail)) return;
    detail.headers["Idempotency-Key"] = crypto.randomUUID ? crypto.randomUUID()
      : Array.from(crypto.getRandomValues(new Uint8Array(16)),
        (b) => b.toString(16).padStart(2, "0")).join("");
    const letters = form().letters;
    if (letters && pathOf(detail.path) === location.pathname) {
      detail.parameters.letters_sha256 = letters;
    }
  });

  document.addEventListener("htmx:beforeRequest", (event) => {
    const config = event.detail.requestConfig;
    const key = config.headers["Idempotency-Key"];
    if (config.verb === "post" && /\/signout$/.test(pathOf(config.path))) caches.delete(PAGES);
    if (key && (!navigator.onLine || (waiting() && queue[0].state === "waiting"))) {
      // Kept, to be sent after those before it (an answer put right online goes at once).
      event.preventDefault();
      keep(config, key, event.detail.elt, !navigator.onLine);
    } else if (!key && !navigator.onLine) {
      // A link opens the page's copy; a field's check waits for the whole form to be sent.
      event.preventDefault();
      if (config.verb === "get") open(config.path);
      else if (!/[?&]validate=/.test(config.path)) say(text("no_network"));
    }
  });

  async function open(url) {
    if (await caches.match(url, { ignoreVary: true })) location.assign(url);
    else say(text(form() ? "not_kept" : "no_network"));
  }

  document.addEventListener("htmx:sendError", (event) => {
    const config = event.detail.requestConfig;
    if (config && config.headers["Idempotency-Key"]) {
      keep(config, config.headers["Idempotency-Key"], event.detail.elt, true);
    }
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    const { requestConfig: config, xhr } = event.detail;
    if (!config || !config.headers["Idempotency-Key"] || !xhr || !xhr.status
      || xhr.status >= 400) return;
    const data = form();
    const done = queue.filter((item) => item.state !== "waiting"
      && pathOf(item.url) === pathOf(config.path)); // put right online
    forgetting = Promise.all(done.map(drop))
      .then(() => data && forget(data.sid, config.path, xhr.responseURL));
    forgetting.then(show).then(drain);
  });

  function loaded() {
    shownOnline = navigator.onLine;
    typed = false;
    arrive().then(() => {
      if (navigator.onLine) drain().then(() => setTimeout(prefetch, 1500));
    });
  }

  document.addEventListener("htmx:afterSettle", (event) => {
    if (event.target === document.body) loaded();
  });
  document.addEventListener("input", () => { typed = true; });
  window.addEventListener("online", () => { againIn = 1000; drain(); });
  window.addEventListener("offline", () => show());
  setInterval(() => { if (waiting()) drain(); }, 30000);
  loaded();
})();
