"""The docs say what the research files and commands are: docs/export.md names every
field of bodies/panel/keys/series and the fields metrics gained; README's usage lines
are commands the CLI has."""
import pathlib
import re

from nianbao.cli import build_parser
from nianbao.research.bodies import BODY_FIELDS
from nianbao.research.panel import KEY_FIELDS, METRIC_BODY_FIELDS, PANEL_HEAD, SERIES_FIELDS

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _section(doc: str, title: str) -> str:
    start = doc.index(title)
    nxt = doc.find("\n## ", start + 1)
    return doc[start: nxt if nxt > 0 else None]


def test_export_doc_names_every_research_field():
    doc = (ROOT / "docs" / "export.md").read_text("utf-8")
    for title, fields in (("## DIR/bodies.csv", BODY_FIELDS), ("## DIR/panel.csv", PANEL_HEAD),
                          ("## DIR/keys.csv", KEY_FIELDS), ("## DIR/series.csv", SERIES_FIELDS),
                          ("## Fields added for research", METRIC_BODY_FIELDS)):
        section = _section(doc, title)
        missing = [f for f in fields if not re.search(r"(?<![\w.])%s(?![\w.])" % re.escape(f), section)]
        assert not missing, (title, missing)


def test_readme_usage_lines_are_real_commands():
    readme = (ROOT / "README.md").read_text("utf-8")
    usage = _section(readme, "## Usage")
    commands = set(build_parser()._subparsers._group_actions[0].choices)
    used = re.findall(r"^    nianbao (\w+)", usage, flags=re.M)
    assert {"coverage", "compare", "trace", "serve"} <= set(used) and set(used) <= commands
    for line in re.findall(r"^    (nianbao (?:coverage|compare|trace|serve) .*)$", usage, flags=re.M):
        args = re.sub(r"\[([^\]]*)\]", r"\1", line).split()[1:]
        build_parser().parse_args(args)     # every option the line shows exists
