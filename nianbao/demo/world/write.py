"""Writing a world out: the files (with their publish dates as mtimes), sites.json, portals.csv,
routes.json and the truth file; and the generators' command line."""
from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import os
import shutil
from pathlib import Path

from nianbao.demo.world.anyuan import build_anyuan
from nianbao.demo.world.chaling import build_chaling
from nianbao.demo.world.collect import World, url
from nianbao.demo.world.jian import build_jian
from nianbao.demo.world.places import EXPECTED_PATH, NAMES, SITE_DIR
from nianbao.demo.world.truth import expected_doc


def build_world() -> World:
    w = World()
    build_jian(w)
    build_anyuan(w)
    build_chaling(w)
    return w


def _stamp(date: str) -> float:
    return calendar.timegm(dt.datetime.fromisoformat(date + "T02:00:00").timetuple())


def build(site_dir=SITE_DIR, expected_path=EXPECTED_PATH, *, make_world=None, make_truth=None,
          names: dict | None = None) -> World:
    """Regenerate the world into site_dir (wiped first) and the truth into expected_path.
    make_world, make_truth and names stand in for this world's: world3 is written out the same way."""
    site_dir, expected_path = Path(site_dir), Path(expected_path)
    w = (make_world or build_world)()
    names = names or NAMES
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.mkdir(parents=True)
    for portal, files in w.files.items():
        for path, data in files.items():
            fs = site_dir / portal / path.lstrip("/")
            fs.parent.mkdir(parents=True, exist_ok=True)
            fs.write_bytes(data)
            # Last-Modified follows the publish date (git does not keep mtimes; harmless when lost)
            t = _stamp(w.dates[(portal, path)])
            os.utime(fs, (t, t))
    (site_dir / "sites.json").write_text(json.dumps(w.hosts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (site_dir / "portals.csv").write_text(
        "url,name\n" + "".join("%s,%s\n" % (url(p, "/", w.hosts), names[p]) for p in w.hosts), encoding="utf-8")
    (site_dir / "routes.json").write_text(json.dumps(w.routes, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected_path.parent.mkdir(parents=True, exist_ok=True)
    truth_doc = (make_truth or expected_doc)(w)
    expected_path.write_text(json.dumps(truth_doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return w


def main(argv=None, *, builder=build, description="Generate the nianbao demo portal world.", site_dir=SITE_DIR,
         expected_path=EXPECTED_PATH) -> int:
    """The command line of a world generator; `builder(site, expected)` writes the world (world3 passes its own)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--site", default=str(site_dir), help="output folder for the sites (wiped first)")
    ap.add_argument("--expected", default=str(expected_path), help="where to write expected.json")
    args = ap.parse_args(argv)
    w = builder(args.site, args.expected)
    n = sum(len(f) for f in w.files.values())
    size = sum(len(b) for f in w.files.values() for b in f.values())
    print("%d files, %d bytes, %d reports, %d look-alikes -> %s" % (n, size, len(w.reports), len(w.look_alikes),
                                                                    args.site))
    return 0
