"""The crosswalk (crosswalk.yaml, package data): harmonised measures across the 2008
form and the 2019 / 2021 forms, and which template a report's figures follow.

Pure functions over {key: value}: the export builds series.csv with them, `nianbao
compare` shows them by year.
"""
from __future__ import annotations

import functools
import importlib.resources
from dataclasses import dataclass

import yaml

from pipelines.metrics.catalog import Catalog, load_catalog

REVISED_FORM_FROM = 2021   # the 2021 revision of the 2019 form applies to reports on 2021 onwards


@dataclass(frozen=True)
class Measure:
    measure: str
    zh: str
    unit: str
    sources: dict            # template ("2008" / "2019") -> alternatives, each a tuple of keys summed
    caveat: str


def parse_crosswalk(text: str, catalog: Catalog | None = None) -> list[Measure]:
    """The measures of a crosswalk text; every source key must be a catalogue key."""
    catalog = catalog or load_catalog()
    out = []
    for d in yaml.safe_load(text).get("measures") or []:
        sources = {}
        for t, keys in (d.get("sources") or {}).items():
            alternatives = keys if keys and isinstance(keys[0], list) else [keys]
            sources[str(t)] = tuple(tuple(alt) for alt in alternatives)
            unknown = [k for alt in alternatives for k in alt if k not in catalog]
            if unknown:
                raise ValueError("crosswalk %s: not catalogue keys: %s" % (d["measure"], ", ".join(unknown)))
        out.append(Measure(d["measure"], d.get("zh") or "", d.get("unit") or "", sources,
                           " ".join((d.get("caveat") or "").split())))
    return out


@functools.lru_cache(maxsize=1)
def load_crosswalk() -> tuple[Measure, ...]:
    text = importlib.resources.files("pipelines.metrics").joinpath("crosswalk.yaml").read_text("utf-8")
    return tuple(parse_crosswalk(text))


def report_template(keys, year: int | None, catalog: Catalog | None = None) -> str:
    """'2008', '2019', '2021', 'narrative' or '' (no figures) for a report's keys."""
    catalog = catalog or load_catalog()
    entries = [catalog.entries.get(k.split("@", 1)[0]) for k in keys]
    entries = [e for e in entries if e is not None]
    revised = {e.revision for e in entries if "2019" in e.template}
    if any("2019" in e.template and "2008" not in e.template for e in entries):
        if "2021" in revised:
            return "2021"
        if "2019-original" in revised:
            return "2019"
        return "2021" if (year or 0) >= REVISED_FORM_FROM else "2019"
    if any("2008" in e.template and "2019" not in e.template for e in entries):
        return "2008"
    if any("2008" in e.template for e in entries):   # only rows both forms share (行政复议)
        if (year or 0) >= 2019:
            return "2021" if year >= REVISED_FORM_FROM else "2019"
        return "2008"
    return "narrative" if entries else ""


def source_template(template: str) -> str | None:
    """Which crosswalk source a report template reads: 2021 reads the 2019 form's."""
    return {"2008": "2008", "2019": "2019", "2021": "2019"}.get(template)


def harmonise(values: dict, template: str, measures=None) -> list[tuple[Measure, float, tuple]]:
    """(measure, value, source keys) for every measure this report states in full."""
    which = source_template(template)
    out = []
    for m in measures if measures is not None else load_crosswalk():
        for keys in m.sources.get(which or "", ()):
            if keys and all(k in values and values[k] is not None for k in keys):
                out.append((m, sum(float(values[k]) for k in keys), keys))
                break
    return out


def source_keys(m: Measure) -> list[tuple]:
    """Every alternative of every template of a measure."""
    return [keys for alternatives in m.sources.values() for keys in alternatives]


def measure_of_key(key: str, measures=None) -> str:
    """The measure a key feeds alone ('' when none, or only as part of a sum)."""
    for m in measures if measures is not None else load_crosswalk():
        if any(keys == (key,) for keys in source_keys(m)):
            return m.measure
    return ""
