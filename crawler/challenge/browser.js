// The browser a WAF cookie challenge believes it runs in (crawler.challenge.solve).
// Plain ECMAScript: no network, no files, no host callbacks. A challenge script may set
// document.cookie, navigate (location.href = …, location.replace/assign/reload, window.location = …),
// queue timers and read navigator / screen / document; what it did is read back by __nb_result().
// Timers do not wait: __nb_run_timers() runs them in the order of their delays.
(function (g) {
  var state = {cookies: [], jar: {}, nav: null, reload: false, timers: [], seq: 0, errors: [], written: ""};
  var page = {href: "", protocol: "http:", host: "", hostname: "", port: "", pathname: "/", search: "", hash: ""};

  function parseUrl(url) {
    var m = /^([a-z][a-z0-9+.-]*:)\/\/([^\/?#:]*)(?::(\d+))?([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(url) || [];
    return {protocol: m[1] || "http:", hostname: m[2] || "", port: m[3] || "", pathname: m[4] || "/",
            search: m[5] || "", hash: m[6] || ""};
  }
  function resolve(to) {
    to = String(to);
    if (/^[a-z][a-z0-9+.-]*:/i.test(to)) return to;
    var origin = page.protocol + "//" + page.host;
    if (to.slice(0, 2) === "//") return page.protocol + to;
    if (to.charAt(0) === "/") return origin + to;
    if (to.charAt(0) === "?") return origin + page.pathname + to;
    if (to.charAt(0) === "#" || to === "") return origin + page.pathname + page.search + to;
    return origin + page.pathname.replace(/[^\/]*$/, "") + to;
  }
  function navigate(to) { state.nav = resolve(to); }

  var location = {
    assign: function (u) { navigate(u); }, replace: function (u) { navigate(u); },
    reload: function () { state.reload = true; }, toString: function () { return page.href; }
  };
  ["protocol", "host", "hostname", "port", "pathname", "search", "hash"].forEach(function (k) {
    Object.defineProperty(location, k, {get: function () { return page[k]; }, set: function (v) {
      var p = {}; for (var key in page) p[key] = page[key]; p[k] = String(v);
      navigate(p.protocol + "//" + p.host + p.pathname + p.search + p.hash); }, enumerable: true});
  });
  Object.defineProperty(location, "href", {get: function () { return page.href; }, set: navigate, enumerable: true});
  Object.defineProperty(location, "origin", {get: function () { return page.protocol + "//" + page.host; }});

  function cookieString() {
    var out = []; for (var k in state.jar) out.push(k + "=" + state.jar[k]); return out.join("; ");
  }
  function setCookie(text) {
    var parts = String(text).split(";"), first = parts.shift(), eq = first.indexOf("=");
    if (eq < 0) return;
    var c = {name: first.slice(0, eq).trim(), value: first.slice(eq + 1).trim()};
    parts.forEach(function (p) {
      var i = p.indexOf("="), k = (i < 0 ? p : p.slice(0, i)).trim().toLowerCase(), v = i < 0 ? "" : p.slice(i + 1).trim();
      if (k === "path" || k === "domain" || k === "max-age" || k === "expires") c[k] = v;
    });
    if (!c.name) return;
    state.jar[c.name] = c.value;
    state.cookies.push(c);
  }

  function element(tag) {
    var el = {tagName: String(tag || "div").toUpperCase(), style: {}, childNodes: [], children: [], attributes: {},
      setAttribute: function (k, v) { this.attributes[k] = String(v); if (k === "href") this.href = resolve(v); },
      getAttribute: function (k) { return k in this.attributes ? this.attributes[k] : null; },
      appendChild: function (c) { this.childNodes.push(c); return c; }, removeChild: function (c) { return c; },
      insertBefore: function (c) { return c; }, addEventListener: function () {}, click: function () {},
      submit: function () {}, getElementsByTagName: function () { return []; }, querySelector: function () { return null; },
      querySelectorAll: function () { return []; }, innerText: "", textContent: ""};
    var html = "";
    Object.defineProperty(el, "innerHTML", {get: function () { return html; }, set: function (v) {
      html = String(v);
      var m = /<(\w+)[^>]*?\bhref\s*=\s*['"]?([^'" >]*)/i.exec(html);
      el.firstChild = m ? element(m[1]) : {nodeValue: html.replace(/<[^>]*>/g, "")};
      if (m) el.firstChild.setAttribute("href", m[2]);
    }});
    el.firstChild = null;
    return el;
  }

  var body = element("body"), head = element("head"), root = element("html");
  var document = {
    body: body, head: head, documentElement: root, readyState: "complete", referrer: "", title: "",
    characterSet: "UTF-8", charset: "UTF-8", forms: [], images: [], links: [], scripts: [],
    createElement: element, createTextNode: function (t) { return {nodeValue: String(t)}; },
    getElementById: function () { return null; }, getElementsByName: function () { return []; },
    getElementsByTagName: function (t) { t = String(t).toLowerCase();
      return t === "body" ? [body] : t === "head" ? [head] : t === "html" ? [root] : []; },
    querySelector: function () { return null; }, querySelectorAll: function () { return []; },
    addEventListener: function (type, fn) { if (typeof fn === "function") state.timers.push({at: -1, n: state.seq++, fn: fn}); },
    removeEventListener: function () {}, write: function (s) { state.written += s; }, writeln: function (s) { state.written += s + "\n"; },
    open: function () {}, close: function () {}
  };
  Object.defineProperty(document, "cookie", {get: cookieString, set: setCookie});
  Object.defineProperty(document, "location", {get: function () { return location; }, set: navigate});
  Object.defineProperty(document, "URL", {get: function () { return page.href; }});
  Object.defineProperty(document, "domain", {get: function () { return page.hostname; }});

  function timer(fn, ms) {
    var id = ++state.seq;
    state.timers.push({at: Number(ms) || 0, n: id, fn: fn});
    return id;
  }
  g.setTimeout = timer;
  g.setInterval = timer;           // once is enough: a challenge reloads from its first tick
  g.clearTimeout = g.clearInterval = function (id) {
    state.timers = state.timers.filter(function (t) { return t.n !== id; });
  };
  g.window = g; g.self = g; g.top = g; g.parent = g; g.frames = g;
  g.document = document;
  Object.defineProperty(g, "location", {get: function () { return location; }, set: navigate});
  g.navigator = {userAgent: "", appName: "Netscape", appVersion: "5.0", platform: "Linux x86_64", language: "zh-CN",
                 languages: ["zh-CN", "zh"], cookieEnabled: true, onLine: true, plugins: [], mimeTypes: [],
                 hardwareConcurrency: 2, vendor: ""};
  g.screen = {width: 1920, height: 1080, availWidth: 1920, availHeight: 1040, colorDepth: 24, pixelDepth: 24};
  g.history = {length: 1, back: function () {}, forward: function () {}, go: function () {},
               pushState: function () {}, replaceState: function () {}};
  g.console = {log: function () {}, warn: function () {}, error: function () {}, info: function () {}, debug: function () {}};
  g.addEventListener = document.addEventListener;
  g.removeEventListener = function () {};
  g.alert = g.confirm = g.prompt = function () {};
  g.innerWidth = 1920; g.innerHeight = 1040; g.outerWidth = 1920; g.outerHeight = 1080;
  g.localStorage = g.sessionStorage = {getItem: function () { return null; }, setItem: function () {}, removeItem: function () {}};
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  g.btoa = function (s) { s = String(s); var out = "";
    for (var i = 0; i < s.length; i += 3) {
      var a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2), n = (a << 16) | ((b || 0) << 8) | (c || 0);
      out += B64.charAt(n >> 18 & 63) + B64.charAt(n >> 12 & 63) + (isNaN(b) ? "=" : B64.charAt(n >> 6 & 63)) + (isNaN(c) ? "=" : B64.charAt(n & 63));
    } return out; };
  g.atob = function (s) { s = String(s).replace(/[^A-Za-z0-9+\/]/g, ""); var out = "", bits = 0, acc = 0;
    for (var i = 0; i < s.length; i++) { acc = (acc << 6) | B64.indexOf(s.charAt(i)); bits += 6;
      if (bits >= 8) { bits -= 8; out += String.fromCharCode(acc >> bits & 255); } } return out; };

  // --- driven from Python ----------------------------------------------------------------
  g.__nb_init = function (config) {
    var u = parseUrl(config.url);
    page.protocol = u.protocol; page.hostname = u.hostname; page.port = u.port;
    page.host = u.hostname + (u.port ? ":" + u.port : ""); page.pathname = u.pathname; page.search = u.search;
    page.hash = u.hash; page.href = config.url;
    g.navigator.userAgent = config.userAgent; g.navigator.appVersion = config.userAgent.replace(/^[^\/]*\//, "");
    for (var k in config.cookies) state.jar[k] = config.cookies[k];
  };
  g.__nb_exec = function (code) {
    try { (0, eval)(code); } catch (e) { state.errors.push(String(e && e.message || e)); }
  };
  g.__nb_run_timers = function (limit) {
    if (typeof g.onload === "function") { state.timers.push({at: -1, n: state.seq++, fn: g.onload}); g.onload = null; }
    if (typeof body.onload === "function") { state.timers.push({at: -1, n: state.seq++, fn: body.onload}); body.onload = null; }
    for (var i = 0; i < limit && state.timers.length && state.nav === null && !state.reload; i++) {
      state.timers.sort(function (a, b) { return a.at - b.at || a.n - b.n; });
      var t = state.timers.shift();
      try { typeof t.fn === "function" ? t.fn() : (0, eval)(String(t.fn)); }
      catch (e) { state.errors.push(String(e && e.message || e)); }
    }
  };
  g.__nb_result = function () {
    return JSON.stringify({cookies: state.cookies, location: state.nav, reload: state.reload,
                           errors: state.errors.slice(0, 5), written: state.written.slice(0, 2000)});
  };
})(globalThis);
