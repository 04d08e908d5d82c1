"""Parquet files of the export (pyarrow), written to a temp file beside the target
and renamed into place like every export file. Columns are typed: numbers as
float64 / int64, flags as bool, ``urls`` / ``names`` / ``years`` as lists, other
lists and objects as JSON text (as in CSV)."""
from __future__ import annotations

import json
import os
import tempfile

import pyarrow as pa
import pyarrow.parquet as pq

# column -> Arrow type, for the columns that are not text
TYPES = {
    "year": pa.int64(), "version": pa.int64(), "reports": pa.int64(),
    "value": pa.float64(), "approximate": pa.bool_(),
    "urls": pa.list_(pa.string()), "names": pa.list_(pa.string()), "years": pa.list_(pa.int64()),
}


def _cell(value, typ):
    if value is None:
        return None
    if pa.types.is_list(typ):
        return list(value)
    if pa.types.is_floating(typ):
        return float(value)
    if pa.types.is_integer(typ):
        return int(value)
    if pa.types.is_boolean(typ):
        return bool(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def file_mode() -> int:
    """The mode a new file gets from open(): 0666 less the umask (0644 under umask 022).
    Export files are for others to read; mkstemp's temp files are 0600."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_parquet(path: str, fields, rows: list, number_fields=frozenset()) -> int:
    """``rows`` as a Parquet file with columns ``fields``; ``number_fields`` are float64
    (the panel's metric columns)."""
    schema = pa.schema([(f, pa.float64() if f in number_fields else TYPES.get(f, pa.string())) for f in fields])
    columns = {f.name: [_cell(r.get(f.name), f.type) for r in rows] for f in schema}
    table = pa.Table.from_pydict(columns, schema=schema)
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=d, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return len(rows)
