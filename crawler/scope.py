"""PortalScope: the hosts and paths one portal's crawl may go to, and the link that let it.

A portal is more than its homepage's host. Its 信息公开 platform may live on
``xxgk.<domain>``, its departments on ``jyj.<domain>``, its 年报 column on a province
platform (``xxgk.<province>.gov.cn/<county>/…``, another registrable domain). The
scope follows the portal's own navigation there and nowhere else:

* the portal's own host: everything (as before: same host and port, http <-> https
  on the default ports);
* another host of the same registrable domain (the Public Suffix List, through
  tldextract's bundled snapshot: no network at run time): the whole host, once a page
  of the portal links it or a redirect leads there - when the portal owns that domain
  (it lives on www.<domain> or <domain>); a portal on a host below another's domain
  (lc.<city domain>) owns its host and the hosts below it, its siblings are other sites;
* a host of another registrable domain: only when a page of the portal's own domain
  links it as disclosure navigation (the link's text says 信息公开 / 政务公开 / 年报 …,
  it is not in a box of links to other sites, it names no other place, it is not the
  central government's), and then only under the directory the link pointed into
  (``/fzlc/`` of ``xxgk.jiangxi.gov.cn/fzlc/index.html``), widened by links on those
  pages that name the portal's own report column (「政府信息公开年报」 at /fzlc/ndbg/ beside
  /fzlc/xxgk/, jcms's flat /col/colN/ columns) - only inside the portal's own part of
  the platform (platform_home: /lxx/ for /lxx/ or /lxx/xxgk/, /col/ for /col/col12/), so
  the platform's shared navigation (its home, the other counties, the province's own
  「省政府年报」 column) and a report's 上一篇/下一篇 or related links onto other
  directories admit nothing; a text naming a level of government without a place
  (省政府, 省级, 全市, 市直) other than the portal's own is another level's. A link whose text names a
  report - and no place but the portal's own - admits that document's directory the
  same way. A document's own parts and attachments may sit anywhere on a host in scope
  (the platform's /uploads/).

Never: an IP address or a bare name other than the portal's own, another portal's host
(it is crawled as its own portal), a port other than the portal's or the default ones,
more than NIANBAO_MAX_HOSTS_PER_PORTAL other hosts. Every host admitted is recorded with
how and by which link (the portal's ``hosts`` in the run summary), and the first reason
each refused host was refused (``hosts_refused``).
"""
from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import tldextract

from crawler.discovery.parse import base_url, resolve, text_of
from crawler.discovery.vocab import HEADING_XPATH
from crawler.scope_vocab import (CENTRAL_DOMAINS, DISCLOSURE_TEXT, LEVEL_NAMED, LEVEL_SAME, LINK_LIST_DOMAINS,
                                 LINK_LIST_HEADING, PLACE_NAMED, REFUSE_TEXT, REPORT_COLUMN_TEXT)
from crawler.urls import canonicalize, host_port, same_site

# the bundled Public Suffix List snapshot only: no download, no cache directory
_EXTRACT = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)

LEAF_KINDS = ("candidate", "attachment", "part")   # documents: fetched where a page in scope links them
# continuations of what is in scope - a document's own files and pages, a list's further pages
# and data endpoints (jcms dataproxy.jsp, /api/…): anywhere on a host in scope
FILE_KINDS = ("attachment", "part", "list")
MAX_REFUSALS_KEPT = 40                              # refused hosts remembered per portal (run summary)


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


@functools.lru_cache(maxsize=4096)
def registrable_domain(host: str | None) -> str | None:
    """``jxfz.gov.cn`` for ``xxgk.jxfz.gov.cn`` (the Public Suffix List's registrable
    domain); None for an IP address, a bare name or a public suffix itself."""
    host = (host or "").lower().rstrip(".")
    if not host or is_ip(host):
        return None
    ext = _EXTRACT(host)
    return ext.top_domain_under_public_suffix or None


@functools.lru_cache(maxsize=4096)
def public_suffix(host: str | None) -> str | None:
    host = (host or "").lower().rstrip(".")
    if not host or is_ip(host):
        return None
    return _EXTRACT(host).suffix or None


def is_public_suffix(domain: str) -> bool:
    """Is ``domain`` itself a public suffix (``gov.cn``, ``github.io``: the List's
    private part counted too, as Scrapy's cookie jar counts it)?"""
    return not _EXTRACT(domain, include_psl_private_domains=True).domain


def link_directory(url: str) -> str:
    """The directory a link points into: ``/fzlc/`` for ``/fzlc/index.html``, ``/fzlc/`` and
    ``/fzlc`` (a last segment without an extension names a directory)."""
    path = urlsplit(url).path or "/"
    last = path[path.rfind("/") + 1:]
    if last and "." not in last:
        return path + "/"
    return path[:path.rfind("/") + 1] or "/"


def platform_home(prefix: str) -> str:
    """The portal's own part of a platform, from a directory its navigation admitted: the
    directory's parent when it is two or more deep (``/lxx/`` for ``/lxx/xxgk/``: the county's
    ``/lxx/ndbg/`` beside it; ``/col/`` for jcms's flat ``/col/col12/``), else the directory
    itself (``/lxx/`` for ``/lxx/``: every other top directory is another county's, or the
    province's own)."""
    parts = [p for p in prefix.split("/") if p]
    return "/" + "".join(p + "/" for p in parts[:-1]) if len(parts) >= 2 else prefix


def own_level(portal_name: str | None) -> str | None:
    """The government level of the portal's name (县 for 白沙县人民政府), as LEVEL_NAMED spells it."""
    last = None
    for m in PLACE_NAMED.finditer(re.sub(r"\s+", "", portal_name or "")):
        last = m.group(0)[len(m.group(1)):]
    return LEVEL_SAME.get(last, last) if last else None


def level_refusal(text: str | None, portal_name: str | None) -> str | None:
    """A text naming a government level with no place (「省政府年报」「省级」「全市」「市直」) is that
    level's, not the portal's, unless the portal is of that level; None when it names none or
    the portal's own (no judgement without the portal's name)."""
    mine = own_level(portal_name)
    if not mine:
        return None
    for level in LEVEL_NAMED.findall(re.sub(r"\s+", "", text or "")):
        if LEVEL_SAME.get(level, level) != mine:
            return "names another level of government (%s)" % level
    return None


def disclosure_refusal(text: str | None, portal_name: str | None) -> str | None:
    """None when a link's text makes it the portal's own disclosure navigation, else why not."""
    t = re.sub(r"\s+", "", text or "")
    if not t:
        return "link says nothing"
    if len(t) > 30:
        return "long text: not navigation"
    bad = REFUSE_TEXT.search(t)
    if bad:
        return "not the portal's disclosure (%s)" % bad.group(0)
    m = DISCLOSURE_TEXT.search(t)
    if not m:
        return "not disclosure navigation"
    places = PLACE_NAMED.findall(t[:m.start()])
    if places and places[-1] not in (portal_name or ""):
        return "names another place (%s)" % places[-1]
    return level_refusal(t[:m.end()], portal_name)


def place_refusal(text: str | None, portal_name: str | None) -> str | None:
    """A report link onto another site names its own place: None when it names no place or
    one the portal's name names (「临溪县2022年…年度报告」 for 临溪县人民政府), else why not
    (the neighbour county's report on the same province platform)."""
    places = PLACE_NAMED.findall(re.sub(r"\s+", "", text or ""))
    if places and not any(p in (portal_name or "") for p in places):
        return "names another place (%s)" % places[0]
    return level_refusal(text, portal_name)


def names_own_place(text: str | None, portal_name: str | None) -> bool:
    """Does the text name a place, and only places of the portal's own name?"""
    places = PLACE_NAMED.findall(re.sub(r"\s+", "", text or ""))
    return bool(places and portal_name) and all(p in portal_name for p in places)


def column_refusal(text: str | None, portal_name: str | None, prefix: str) -> str | None:
    """None when a link on a platform page in scope names the portal's own report column
    (「政府信息公开年报」, no other place), else why not."""
    t = re.sub(r"\s+", "", text or "")
    if not REPORT_COLUMN_TEXT.search(t) or len(t) > 30:
        return "outside the directory admitted, and not a report column"
    if REFUSE_TEXT.search(t):
        return "not the portal's disclosure (%s)" % REFUSE_TEXT.search(t).group(0)
    if prefix == "/":
        return "the whole of another site"
    return place_refusal(t, portal_name)


def link_boxes(root, page_url: str) -> dict[str, tuple[int, str]]:
    """For each link of a page (by resolved URL): how many registrable domains other than
    the page's own the links of its box reach, and the box's heading. A box of links
    to other sites (友情链接) is a link list, never navigation."""
    out: dict[str, tuple[int, str]] = {}
    if root is None:
        return out
    base = base_url(root, page_url)
    own = registrable_domain(urlsplit(page_url).hostname) or (urlsplit(page_url).hostname or "")
    boxes: dict[int, tuple[int, str]] = {}
    counts: dict[int, int] = {}      # element -> anchors under it (each subtree counted once)

    def anchors_under(el) -> int:
        if id(el) not in counts:
            counts[id(el)] = len(el.xpath(".//a"))
        return counts[id(el)]

    for a in root.iter("a", "area"):
        url = resolve(base, a.get("href"))
        if not url:
            continue
        box = None
        for depth, anc in enumerate(a.iterancestors()):
            if depth >= 5 or anc.tag in ("body", "html"):
                break
            if anchors_under(anc) >= 3:
                box = anc
                break
        if box is None:
            out.setdefault(url, (0, ""))
            continue
        if id(box) not in boxes:
            domains = set()
            for b in box.iter("a", "area"):
                u = resolve(base, b.get("href"))
                h = urlsplit(u).hostname if u else None
                d = registrable_domain(h) or h
                if d and d != own:
                    domains.add(d)
            heading = ""
            # the box's own heading, or the heading standing just before it (<h3>友情链接</h3><ul>…)
            before = box.getprevious()
            candidates = list(box.xpath(HEADING_XPATH)) + ([before] if before is not None else [])
            for h in candidates:
                ht = text_of(h)
                if 2 <= len(ht) <= 30 and not h.xpath("self::a|ancestor::a") and len(h.xpath(".//a")) <= 1:
                    heading = ht
                    break
            boxes[id(box)] = (len(domains), heading)
        out.setdefault(url, boxes[id(box)])
    return out


@dataclass
class Grant:
    """One host a portal's crawl may go to: how it was admitted and by which link."""
    host: str
    how: str                          # portal | same_domain | disclosure_link | report_link | redirect
    prefixes: list[str] | None        # None: the whole host; else the directories admitted
    via: str | None = None            # the page that linked it (or the URL redirected from)
    link: str | None = None           # the link (URL) that admitted it
    text: str | None = None           # that link's text
    extra: list[dict] = field(default_factory=list)   # later links that widened it
    documents: set = field(default_factory=set)       # report pages admitted one by one (outside prefixes)
    # the portal's own parts of the host (platform_home of each directory the portal's own pages
    # or redirects admitted): the platform's pages may widen the scope only inside them
    homes: list[str] = field(default_factory=list)

    def record(self) -> dict:
        return {"how": self.how, "prefixes": self.prefixes, "via": self.via, "link": self.link, "text": self.text,
                "widened": self.extra, "documents": len(self.documents), "homes": self.homes}

    def at_home(self, url: str) -> bool:
        path = urlsplit(url).path or "/"
        return any(path.startswith(h) for h in self.homes)


class PortalScope:
    """The scope of every portal of one crawl (see the module docstring). ``sites`` is
    the crawl's {(host, port): portal} of every portal named; ``record(portal, key,
    value)`` writes a host admitted or refused into the portal's counters."""

    def __init__(self, sites: dict, max_hosts: int, record=None):
        self.sites = sites
        self.max_hosts = max_hosts
        self.grants: dict[str, dict[str, Grant]] = {}   # portal -> host -> Grant
        self.owners: dict[str, str] = {}                  # host -> first portal granted it (robots.txt)
        self.refused: dict[str, dict[str, str]] = {}     # portal -> host -> first reason
        self._record = record or (lambda portal, key, value: None)

    # --- questions -------------------------------------------------------------------------------
    def owner(self, url: str) -> str | None:
        """The portal a request of no portal (robots.txt) for another host belongs to."""
        return self.owners.get(host_port(url)[0])

    def allows(self, portal: str, url: str, kind: str | None = None) -> bool:
        """May a request of this kind to this URL be sent for this portal?"""
        if same_site(url, portal):
            return True
        why = self._host_refusal(portal, url)
        if why:
            return False
        host = host_port(url)[0]
        grant = self.grants.get(portal, {}).get(host)
        if grant is None:
            return self._same_domain(portal, host)
        if grant.prefixes is None or kind in FILE_KINDS:
            return True
        path = urlsplit(url).path or "/"
        if kind is None and path == "/robots.txt":
            return True
        if kind == "candidate" and canonicalize(url) in grant.documents:
            return True
        return any(path.startswith(p) or path + "/" == p for p in grant.prefixes)

    def hosts_of(self, portal: str) -> dict[str, Grant]:
        return self.grants.get(portal, {})

    # --- admitting -----------------------------------------------------------------------------------
    def add_portal(self, portal: str) -> None:
        host = host_port(portal)[0]
        if host not in self.grants.get(portal, {}):
            grant = Grant(host, "portal", None, None, portal)
            self.grants.setdefault(portal, {})[host] = grant
            self._record(portal, "hosts", {host: grant.record()})

    def note(self, portal: str, url: str, *, via: str | None, text: str | None = None, how: str = "same_domain") -> None:
        """A URL allowed by the domain rule is about to be requested: record its host."""
        host = host_port(url)[0]
        if host and host not in self.grants.get(portal, {}) and self._same_domain(portal, host):
            self._grant(portal, Grant(host, how, None, via, url, text))

    def consider(self, portal: str, url: str, *, kind: str, text: str | None, page_url: str,
                 portal_name: str | None, source: str = "a", box: tuple[int, str] = (0, ""),
                 disclosure_page: bool = False) -> str | None:
        """Admit a link's host (or widen its directories) if the rules allow; None when
        the URL is now in scope, else the reason it is not (recorded once per host)."""
        if self.allows(portal, url, kind):
            self.note(portal, url, via=page_url, text=text)
            return None
        host = host_port(url)[0]
        grant = self.grants.get(portal, {}).get(host)
        if (kind not in LEAF_KINDS and grant is not None and grant.prefixes is not None
                and host_port(page_url)[0] == host and self.allows(portal, page_url, "nav")
                and not self._host_refusal(portal, url)):
            # inside the platform: the portal's own 年报 column beside the page it linked
            # (/lxx/xxgk/ linked, /lxx/ndbg/ beside it; jcms's flat /col/colN/ columns)
            why = column_refusal(text, portal_name, link_directory(url))
            if not why and not grant.at_home(url):
                # the platform's shared navigation: the province's own 年报 column, another county's
                why = "outside the portal's own directories on the platform (%s)" % ", ".join(grant.homes)
            if not why:
                self._widen(portal, grant, link_directory(url), page_url, url, text)
                return None
            self._refuse(portal, host, why)
            return why
        why = self._host_refusal(portal, url) or self._foreign_refusal(portal, url, page_url, kind)
        grant_here = grant if grant is not None and grant.prefixes is not None else None
        if not why:
            prefix = link_directory(url)
            if kind in LEAF_KINDS:
                how = "report_link"
                why = place_refusal(text, portal_name) if kind == "candidate" else None
                if (not why and grant_here is not None and host_port(page_url)[0] == host and not grant_here.at_home(url)
                        and not names_own_place(text, portal_name)):
                    # 上一篇/下一篇, 相关文章, the platform's latest reports: another county's or the
                    # province's - unless it names the portal's own place (jcms keeps a county's
                    # articles in the platform's flat /art/…, listed in the county's column)
                    why = "a platform page's link outside the portal's own directories (%s)" % ", ".join(grant_here.homes)
            else:
                how = "disclosure_link"
                why = self._nav_refusal(text, portal_name, source, box, disclosure_page)
                if not why and prefix == "/":
                    why = "the whole of another site"
        if why:
            self._refuse(portal, host, why)
            return why
        grant = self.grants.get(portal, {}).get(host)
        if grant is not None and how == "report_link":
            grant.documents.add(canonicalize(url))     # this report, not its directory
            self._record(portal, "hosts", {host: grant.record()})
            return None
        if grant is not None:
            self._widen(portal, grant, prefix, page_url, url, text, home=True)
            return None
        if self._too_many(portal):
            self._refuse(portal, host, "more than %d other hosts" % self.max_hosts)
            return "host cap"
        grant = Grant(host, how, [] if how == "report_link" else [prefix], page_url, url, text,
                      homes=[platform_home(prefix)])
        if how == "report_link" and kind == "candidate":
            grant.documents.add(canonicalize(url))
        self._grant(portal, grant)
        return None

    def consider_redirect(self, portal: str, url: str, chain: list[str], disclosure: bool, kind: str | None = "nav") -> bool:
        """A redirect hop (Location, meta refresh, a script shell) to ``url`` after
        ``chain``: in scope, or admitted because the request followed disclosure
        navigation of the portal's own domain onto another site."""
        if self.allows(portal, url, kind):
            self.note(portal, url, via=chain[-1] if chain else None, how="redirect")
            return True
        if not disclosure:
            return False
        host = host_port(url)[0]
        why = self._host_refusal(portal, url) or self._foreign_refusal(portal, url, chain[0] if chain else portal)
        prefix = link_directory(url)
        if not why and prefix == "/":
            why = "redirect to the whole of another site"
        if why:
            self._refuse(portal, host, why)
            return False
        grant = self.grants.get(portal, {}).get(host)
        if grant is not None:
            self._widen(portal, grant, prefix, chain[-1] if chain else None, url, None, home=True)
            return True
        if self._too_many(portal):
            self._refuse(portal, host, "more than %d other hosts" % self.max_hosts)
            return False
        self._grant(portal, Grant(host, "redirect", [prefix], chain[-1] if chain else None, url, None,
                                  homes=[platform_home(prefix)]))
        return True

    # --- rules -----------------------------------------------------------------------------------------
    def _host_refusal(self, portal: str, url: str) -> str | None:
        """Why no request for this portal may ever go to this URL's host (None: it may)."""
        p = urlsplit((url or "").strip())
        if p.scheme.lower() not in ("http", "https") or "@" in p.netloc or "\\" in url:
            return "not a plain http(s) address"
        host, port = host_port(url)
        own_host, own_port = host_port(portal)
        if not host:
            return "no host"
        if host == own_host:
            return "another port of the portal's host"    # (same_site said no)
        other = self.sites.get((host, port))
        if other is not None and other != portal:
            return "another portal's host"
        if registrable_domain(host) is None:
            return "not a registrable name (an address or a bare name)"
        if port not in (80, 443, own_port):
            return "port %s" % port
        return None

    def _same_domain(self, portal: str, host: str) -> bool:
        """Is ``host`` under the portal's own name? A portal on www.<domain> or <domain> owns
        the registrable domain (xxgk.<domain>, jyj.<domain>); one on a host of its own below
        someone else's domain (a county on lc.<city domain>, a department on jyj.<domain>)
        owns that host and its subdomains only - its siblings are other sites to it."""
        own = host_port(portal)[0]
        mine = registrable_domain(own)
        if not mine or mine != registrable_domain(host) or mine in CENTRAL_DOMAINS:
            return False
        site = own[4:] if own.startswith("www.") and own[4:].endswith(mine) else own
        return host == site or host.endswith("." + site)

    def _foreign_refusal(self, portal: str, url: str, page_url: str, kind: str | None = "nav") -> str | None:
        """Another registrable domain: only from a page of the portal's own domain (or, for
        a document, from a page of a site in scope to a host of that site's domain: the
        platform's file server), of the same public suffix, never the central government's."""
        host = host_port(url)[0]
        own_host = host_port(portal)[0]
        page_host = host_port(page_url)[0]
        if not (page_host == own_host or self._same_domain(portal, page_host)):
            platform = page_host in self.grants.get(portal, {}) and registrable_domain(page_host) == registrable_domain(host)
            if not (kind in LEAF_KINDS and platform):
                return "linked from another site's page"
        if registrable_domain(host) in CENTRAL_DOMAINS:
            return "the central government's site"
        suffix = public_suffix(own_host)
        if not suffix or public_suffix(host) != suffix:
            return "another kind of domain (.%s)" % public_suffix(host)
        return None

    @staticmethod
    def _nav_refusal(text, portal_name, source, box, disclosure_page) -> str | None:
        if source in ("option", "script", "data", "json"):
            return "a %s link is not navigation" % source
        n_domains, heading = box
        if n_domains >= LINK_LIST_DOMAINS:
            return "in a list of links to other sites (%d domains)" % n_domains
        if heading and LINK_LIST_HEADING.search(heading):
            return "in a box of links to other sites (%s)" % heading
        if source == "frame" and disclosure_page and not text:
            return None     # a frame of a disclosure page is that page's content
        return disclosure_refusal(text, portal_name)

    def _widen(self, portal: str, grant: Grant, prefix: str, via: str | None, url: str, text: str | None,
               home: bool = False) -> None:
        """Add a directory; ``home``: admitted by the portal's own page or redirect, so its
        platform_home is the portal's too."""
        if home and grant.prefixes is not None and platform_home(prefix) not in grant.homes:
            grant.homes.append(platform_home(prefix))
        if prefix not in grant.prefixes:
            grant.prefixes.append(prefix)
            grant.extra.append({"prefix": prefix, "via": via, "link": url, "text": text})
            self._record(portal, "hosts", {grant.host: grant.record()})

    def _too_many(self, portal: str) -> bool:
        others = [g for g in self.grants.get(portal, {}).values() if g.how != "portal"]
        return bool(self.max_hosts) and len(others) >= self.max_hosts

    def _grant(self, portal: str, grant: Grant) -> None:
        self.grants.setdefault(portal, {})[grant.host] = grant
        self.owners.setdefault(grant.host, portal)
        self._record(portal, "hosts", {grant.host: grant.record()})

    def _refuse(self, portal: str, host: str, why: str) -> None:
        seen = self.refused.setdefault(portal, {})
        if host in seen or len(seen) >= MAX_REFUSALS_KEPT:
            return
        seen[host] = why
        self._record(portal, "hosts_refused", {host: why})
