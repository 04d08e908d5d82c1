"""SameSiteMiddleware: never leave the portal's host (priority 60)."""
from __future__ import annotations

from crawler import meta as M
from crawler.drops import NoPortal, OffSite, OffSiteRedirect
from crawler.state import CrawlState
from crawler.urls import same_site


class SameSiteMiddleware:
    """Drops requests - including redirect hops built from a Location header or a
    meta refresh - whose host and port are not the portal's own, and counts them
    (dropped 'offsite' / 'offsite_redirect'): OffSite / OffSiteRedirect."""

    def __init__(self, state: CrawlState):
        self.state = state

    @classmethod
    def from_crawler(cls, crawler):
        return cls(CrawlState.for_crawler(crawler))

    def process_request(self, request):
        portal = request.meta.get(M.PORTAL)
        if portal is None:
            # Scrapy's own requests (robots.txt) carry no portal: tie them by host - for a
            # redirect hop, by the host the chain started from - so that a robots.txt
            # redirecting to 169.254.169.254 or another host is not followed either
            if not self.state.sites:   # no portals named (not the reports spider): nothing to hold to
                return None
            portal = self.state.portal_for_url((request.meta.get("redirect_urls") or [request.url])[0])
            if portal is None:
                raise NoPortal("offsite: %s belongs to no portal" % request.url)
        if same_site(request.url, portal):
            return None
        if request.meta.get("redirect_urls"):
            self.state.count(portal, "dropped", OffSiteRedirect.kind)
            raise OffSiteRedirect("offsite redirect: %s -> %s" % (request.meta["redirect_urls"][-1], request.url))
        self.state.count(portal, "dropped", OffSite.kind)
        raise OffSite("offsite: %s" % request.url)
