"""The researchers' view (issue 11): bodies, the panel and comparable series in the
export, and the read-only commands coverage, compare, trace and serve."""
