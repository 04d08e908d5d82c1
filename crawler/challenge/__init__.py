"""WAF JavaScript cookie challenges (知道创宇 / 加速乐 style): telling one from a page, and
solving it in a sandboxed JavaScript engine (plain functions; the downloader middleware
that uses them is crawler.middlewares.challenge)."""
from crawler.challenge.solve import Outcome, challenge_scripts, solve

__all__ = ["Outcome", "challenge_scripts", "solve"]
