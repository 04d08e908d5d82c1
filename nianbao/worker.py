"""`nianbao enqueue` and `nianbao worker`: one night's portals in Redis, crawled by any
number of worker processes (machines) into one database.

    nianbao enqueue portals.csv --redis redis://cache:6379/0          # run = today's UTC date
    nianbao worker --redis redis://cache:6379/0 --db postgresql://db/nianbao [--until-empty]

The queue is crawler.queue's; the worker runs the `reports_worker` spider
(crawler.spiders.report_worker: scrapy-redis start-URL feeding, Scrapy's local
scheduler) with the settings `nianbao crawl` builds (nianbao.crawl.project_settings),
and reports its own run as `nianbao crawl` does (nianbao.outcome).
"""
from __future__ import annotations

import datetime as dt

import redis

from core.errors import UserError
from crawler.portals import read_portals_to_crawl
from crawler.queue import PortalQueue
from nianbao.crawl import project_settings, run_spider


class RedisUnavailable(UserError):
    """Redis cannot be reached or has no run to join; str() is the line to print."""


def default_run() -> str:
    """A night's run: the UTC date the portals were enqueued (re-enqueueing that day adds nothing)."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")


def connect(url: str):
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
        client.ping()
    except (redis.RedisError, ValueError) as e:
        raise RedisUnavailable("cannot reach Redis at %s: %s" % (url, e)) from None
    return client


def enqueue(path: str, redis_url: str, run: str | None, prefix: str, ttl: int, warn) -> dict:
    """Push a portals file's portals onto the run's queue; its bad lines go to `warn(line)`."""
    read = read_portals_to_crawl(path, warn)
    client = connect(redis_url)
    try:
        queue = PortalQueue(client, run or default_run(), prefix)
        added = queue.enqueue(read.portals)
        queue.expire(ttl)
        return dict(run=queue.run, read=len(read.portals), added=added, already=len(read.portals) - added,
                    skipped_lines=len(read.skipped), **queue.counts())
    finally:
        client.close()


def resolve_run(redis_url: str, run: str | None, prefix: str) -> str:
    """The run a worker joins: the one named, else the one enqueued last."""
    client = connect(redis_url)
    try:
        found = run or PortalQueue.latest_run(client, prefix)
    finally:
        client.close()
    if not found:
        raise RedisUnavailable("no run in Redis at %s: run `nianbao enqueue PORTALS.csv --redis %s` first"
                               % (redis_url, redis_url))
    return found


def run_worker(redis_url: str, db: str, extra: dict | None = None) -> tuple[dict, dict]:
    """Run one worker until its run is over (or it idled long enough); (stats, portal names)."""
    overrides = {"NIANBAO_DB_URL": db, "REDIS_URL": redis_url}
    overrides.update(extra or {})
    settings = project_settings(overrides)
    settings.set("NIANBAO_RUN", resolve_run(redis_url, settings.get("NIANBAO_RUN"),
                                            settings.get("NIANBAO_REDIS_PREFIX")), priority="cmdline")
    crawler, stats = run_spider(settings, "reports_worker")
    stats["nianbao/worker_run"] = settings.get("NIANBAO_RUN")
    spider = getattr(crawler, "spider", None)
    names = {p["url"]: p["name"] for p in getattr(spider, "portals", None) or []}
    return stats, names
