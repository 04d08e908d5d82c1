"""SameSiteMiddleware: never leave the portal's scope (priority 60)."""
from __future__ import annotations

from urllib.parse import urlsplit

from crawler import meta as M
from crawler.drops import NoPortal, OffSite, OffSiteRedirect
from crawler.state import CrawlState


class SameSiteMiddleware:
    """Drops requests - including redirect hops built from a Location header or a
    meta refresh - that are outside the portal's scope (crawler.scope: its own host,
    hosts of its registrable domain, the directories of other sites its disclosure
    navigation admitted), and counts them (dropped 'offsite' / 'offsite_redirect'):
    OffSite / OffSiteRedirect.

    A redirect hop onto another site is admitted only when the request followed the
    portal's disclosure navigation (crawler.meta.DISCLOSURE: 「政务公开」 on the portal
    redirecting to the province platform's county directory), under the directory it
    lands in. Runs before Scrapy's RobotsTxtMiddleware (100), so the host is admitted
    - and known to be the portal's - before its robots.txt is asked for."""

    def __init__(self, state: CrawlState):
        self.state = state

    @classmethod
    def from_crawler(cls, crawler):
        return cls(CrawlState.for_crawler(crawler))

    def process_request(self, request):
        portal = request.meta.get(M.PORTAL)
        scope = self.state.scope
        redirects = request.meta.get("redirect_urls")
        if portal is None:
            # Scrapy's own requests (robots.txt) carry no portal: tie them by host - for a
            # redirect hop, by the host the chain started from - so that a robots.txt
            # redirecting to 169.254.169.254 or another host is not followed either
            if not self.state.sites:   # no portals named (not the reports spider): nothing to hold to
                return None
            portal = self.state.portal_for_url((redirects or [request.url])[0])
            if portal is None:
                raise NoPortal("offsite: %s belongs to no portal" % request.url)
            if scope.allows(portal, request.url, None):
                return None
        elif redirects:
            if request.meta.get("download_slot") not in (None, urlsplit(request.url).hostname):
                # Scrapy copies the first hop's download slot (its host) into every redirect
                # hop; a hop to another host must queue under that host's own politeness
                del request.meta["download_slot"]
            if scope.consider_redirect(portal, request.url, list(redirects), bool(request.meta.get(M.DISCLOSURE)),
                                    request.meta.get(M.KIND)):
                return None
        elif scope.allows(portal, request.url, "list" if request.meta.get(M.DATA) else request.meta.get(M.KIND)):
            scope.note(portal, request.url, via=None, text=request.meta.get(M.LINK_TEXT))
            return None
        if redirects:
            self.state.count(portal, "dropped", OffSiteRedirect.kind)
            raise OffSiteRedirect("offsite redirect: %s -> %s" % (redirects[-1], request.url))
        self.state.count(portal, "dropped", OffSite.kind)
        raise OffSite("offsite: %s" % request.url)
