// The site's service worker: pages a reader has opened open again offline.
//
// Written by catalyst/offline.py into the root of each language's build
// (/en/sw.js, /es/sw.js), so each worker's scope is its language's folder and
// it keeps that language's pages.  catalyst-offline.js registers it, on
// http(s) only (a preview opened from disk has no service workers).
//
// - Assets (_static/): cache first.  Their cache is named after a hash of the
//   build's assets, so a deploy that changes any of them starts a new cache.
// - Pages and everything else: network first, so a reader online always gets
//   the current site; each page fetched is kept, and served from the cache
//   when the network fails.  A page never opened gets the offline page.
// - A new deploy changes this file (the hashes below), so the browser installs
//   the new worker; on activation it deletes every cache of the old one.
//
// Nothing leaves the reader's device: the caches hold copies of this site's
// own files, and the worker talks to no host but the site's.
"use strict";

const BUILD = __BUILD__;  // {"prefix", "assets", "pages", "offline", "precache"}, written at build time
const ASSETS = `${BUILD.prefix}-assets-${BUILD.assets}`;
const PAGES = `${BUILD.prefix}-pages-${BUILD.pages}`;
const SCOPE = new URL(self.registration.scope);
const OFFLINE = new URL(BUILD.offline, SCOPE).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      // "no-cache": checked with the server (a 304 costs a few bytes), so a
      // copy left in the browser's cache by the previous deploy is not kept.
      const fresh = (url) => new Request(url, { cache: "no-cache" });
      const assets = await caches.open(ASSETS);
      await assets.addAll(BUILD.precache.map((path) => fresh(new URL(path, SCOPE).href)));
      const pages = await caches.open(PAGES);
      await pages.add(fresh(OFFLINE));
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(`${BUILD.prefix}-`) && name !== ASSETS && name !== PAGES) await caches.delete(name);
      }
      await self.clients.claim();
    })()
  );
});

function isAsset(url) {
  return url.pathname.startsWith(new URL("_static/", SCOPE).pathname);
}

async function cacheFirst(request) {
  const cache = await caches.open(ASSETS);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

// The offline page, with its links resolved from the language's root (it is
// shown at the address of the page that could not be fetched).
async function offlinePage() {
  const cached = await caches.match(OFFLINE);
  if (!cached) return Response.error();
  const text = (await cached.text()).replace(/<head>/i, `<head><base href="${SCOPE.href}">`);
  return new Response(text, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

async function networkFirst(request) {
  const cache = await caches.open(PAGES);
  try {
    // A page is checked with the server even when the browser's own cache
    // holds a copy (a cheap 304 when unchanged), so a deploy shows at once.
    const fresh =
      request.mode === "navigate" ? new Request(request.url, { cache: "no-cache", redirect: "manual" }) : request;
    const response = await fetch(fresh);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = (await cache.match(request)) || (await cache.match(request, { ignoreSearch: true }));
    if (cached) return cached;
    if (request.mode === "navigate") return offlinePage();
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  event.respondWith(isAsset(url) ? cacheFirst(request) : networkFirst(request));
});
