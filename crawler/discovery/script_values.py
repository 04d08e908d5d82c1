"""Values a page's inline script writes (crawler.discovery.apis reads list calls with them):
object literals and their flat fields, the objects a script builds under a name before it sends
them, what a name is assigned, and the address a call's expression stands for. Plain string
scanning - a script is read, never run."""
from __future__ import annotations

import re

from crawler.discovery.api_vocab import (ADDRESS_LITERAL, ADDRESS_NAMED, CALL_WINDOW, FIELD, FIELD_VALUE,
                                         NOT_OBJECT_NAMES, OBJECT_FIELD_SET, OBJECT_MADE, VAR_VALUE)


def var_value(name: str, script: str):
    """What the script assigns a name: a string, a number, or None when it does not say."""
    m = re.search(VAR_VALUE % re.escape(name.split(".")[-1]), script)
    if not m:
        return None
    return m.group(1) if m.group(1) is not None else m.group(2) if m.group(2) is not None else int(m.group(3))


def _flatten(text: str) -> str:
    """text with every object literal in it (outside strings) replaced by __nested__."""
    out, i, quote = [], 0, None
    while i < len(text):
        ch = text[i]
        if quote:
            out.append(ch)
            if ch == "\\" and i + 1 < len(text):
                out.append(text[i + 1])
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "{":
            i += len(object_at(text, i)) - 1
            out.append("__nested__")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def object_fields(literal: str, script: str = "") -> list[tuple[str, object]]:
    """The flat fields of a JS object literal with their values as the script wrote them
    (str, int, float, bool); an identifier's value is what the script assigns it (None when
    it does not say). Nested objects are left out."""
    inner = literal[1:-1] if literal.startswith("{") else literal
    flat = _flatten(inner)  # a nested object: no value of this one (None)
    out = []
    for m in FIELD.finditer("{" + flat + "}"):
        key = m.group(1) or m.group(2)
        dq, sq, num, lit, ident = m.group(3), m.group(4), m.group(5), m.group(6), m.group(7)
        if dq is not None or sq is not None:
            value = dq if dq is not None else sq
        elif num is not None:
            value = float(num) if "." in num else int(num)
        elif lit is not None:
            value = {"true": True, "false": False}.get(lit)
        else:
            value = None if ident == "__nested__" else var_value(ident, script)
        out.append((key, value))
    return out


def balanced(text: str, start: int, open_ch: str, close_ch: str) -> str:
    """text from its first `open_ch` at or after `start` to the matching `close_ch` (strings
    skipped), at most CALL_WINDOW * 4 characters."""
    i = text.find(open_ch, start)
    if i < 0:
        return ""
    depth, j, quote, stop = 0, i, None, min(len(text), i + CALL_WINDOW * 4)
    while j < stop:
        ch = text[j]
        if quote:
            if ch == "\\":
                j += 1
            elif ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
        elif ch == open_ch:
            depth += 1
        elif ch == close_ch:
            depth -= 1
            if depth == 0:
                return text[i:j + 1]
        j += 1
    return text[i:stop]


def object_at(text: str, start: int) -> str:
    """The object literal opening at text[start] ('{'), to its matching brace."""
    return balanced(text, start, "{", "}")


def named_object_fields(name: str, script: str) -> list[tuple[str, object]]:
    """The fields of the object a script builds under a name before it sends it: the literal it
    assigns (var params = {pageNo: 1}) and the fields it sets on it later (params.pageSize = 20;
    params['channelId'] = 'x'); a later value of a field the literal has replaces it only when it
    is known (params.pageNo = page keeps the literal's 1). [] when the script builds no object."""
    if name in NOT_OBJECT_NAMES:
        return []
    made = re.search(OBJECT_MADE % re.escape(name), script)
    fields = object_fields(object_at(script, made.start(1)), script) if made else []
    values = dict(fields)
    for m in re.finditer(OBJECT_FIELD_SET % re.escape(name), script):
        key = m.group(1) or m.group(2)
        dq, sq, num, lit, ident = m.group(3), m.group(4), m.group(5), m.group(6), m.group(7)
        value = (dq if dq is not None else sq if sq is not None else (float(num) if "." in num else int(num))
                 if num is not None else lit == "true" if lit is not None else var_value(ident, script))
        if key not in values:
            fields.append((key, value))
            values[key] = value
        elif value is not None and values[key] is None:
            fields = [(k, value if k == key else v) for k, v in fields]
            values[key] = value
    return fields


def address_of(expr: str, script: str) -> str | None:
    """The address an expression of a call stands for: a quoted path, a name the script assigns a
    path (var LIST_API = '/api/list'; API.list: '/api/list'), or a name before a quoted path
    (ctx + '/api/list': the name's value, else the path alone - a context path the page left
    empty or a server template filled). None when the script does not say."""
    lit = ADDRESS_LITERAL.match(expr)
    if lit:
        return lit.group(1)
    named = ADDRESS_NAMED.match(expr.strip())
    if not named:
        return None
    value = _string_value(named.group(1), script)
    tail = named.group(2)
    if tail is not None:
        if isinstance(value, str) and value.startswith(("/", "http://", "https://")):
            return value.rstrip("/") + tail if tail.startswith("/") else value + tail
        return tail if tail.startswith("/") else None  # unknown, or a template left unfilled ('${ctx}')
    return value if isinstance(value, str) and value.strip() else None


def _string_value(name: str, script: str):
    value = var_value(name, script)
    if value is None and "." in name:  # API.list: the field of an object the script writes
        m = re.search(FIELD_VALUE % re.escape(name.split(".")[-1]), script)
        value = next((g for g in m.groups() if g is not None), None) if m else None
    return value
