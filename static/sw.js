/* The service worker (README "Offline"). Keeps the app's files, and the pages the server
   marks with X-Offline (the form pages, the home page), so that they open without network.
   Pages: the network first, the kept copy when there is none. Files by the hash of their
   content (?v=…, templating.py): the kept copy, or the network's, kept; other files: the kept
   copy at once, refreshed from the network behind it. Forms sent without network are offline.js's work. */
"use strict";

const SHELL = "doudi-shell-2";
const PAGES = "doudi-pages";
const KEEP_DAYS = 7;
const FILES = ["site.css", "htmx-2.0.11.min.js", "offline.js", "manifest.webmanifest",
  "icon.svg"].map((name) => "/static/" + name);

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(FILES))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== SHELL && name !== PAGES)
      .map((name) => caches.delete(name))))
    .then(forgetOldPages)
    .then(() => self.clients.claim()));
});

let cleaned = 0;

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(url.pathname.startsWith("/static/") ? file(event) : page(request));
  if (request.mode === "navigate" && Date.now() - cleaned > 3600 * 1000) {
    cleaned = Date.now();
    event.waitUntil(forgetOldPages());
  }
});

async function file(event) {
  const cache = await caches.open(SHELL);
  const url = new URL(event.request.url);
  if (url.searchParams.has("v")) return hashed(cache, event.request);
  const kept = await cache.match(event.request, { ignoreSearch: true, ignoreVary: true });
  const fresh = fetch(event.request).then((response) => {
    if (response.ok) cache.put(event.request, response.clone());
    return response;
  });
  if (!kept) return fresh;
  event.waitUntil(fresh.catch(() => null));
  return kept;
}

/* A file by the hash of its content (?v=…) never changes: the kept copy, else the network's,
   kept in place of the file's older versions; without network, any version kept. */
async function hashed(cache, request) {
  const kept = await cache.match(request, { ignoreVary: true });
  if (kept) return kept;
  try {
    const response = await fetch(request);
    if (response.ok) {
      for (const old of await cache.keys(request, { ignoreSearch: true, ignoreVary: true })) {
        if (new URL(old.url).searchParams.has("v")) await cache.delete(old);
      }
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const any = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
    if (any) return any;
    throw error;
  }
}

async function page(request) {
  try {
    const response = await fetch(request);
    if (response.status === 200 && !response.redirected && response.headers.get("X-Offline")) {
      const cache = await caches.open(PAGES);
      await cache.put(request.url, response.clone());
    }
    return response;
  } catch (error) {
    const cache = await caches.open(PAGES);
    const kept = await cache.match(request.url, { ignoreVary: true })
      || await cache.match(request.url, { ignoreVary: true, ignoreSearch: true });
    if (kept) return kept;
    throw error;
  }
}

/* Form pages hold a person's answers: none is kept longer than a week. */
async function forgetOldPages() {
  const cache = await caches.open(PAGES);
  const oldest = Date.now() - KEEP_DAYS * 24 * 3600 * 1000;
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    if (!response || Date.parse(response.headers.get("Date")) < oldest) {
      await cache.delete(request);
    }
  }
}
