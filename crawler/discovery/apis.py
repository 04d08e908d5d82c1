"""Lists that exist only behind an API: what a page's inline script asks for (ApiList), the
request for page N of it, and the records and length of an answer.

Two conventions, read generically from the script (vocabulary in api_vocab):

* Hanweb jcms columns whose records come only from ``POST /module/web/jpage/dataproxy.jsp?
  startrecord=…&endrecord=…&perpage=…`` with the column's form fields (col, appid, webid, path,
  columnid, unitid, webname, permissiontype …) - taken from whichever object of the script holds
  columnid / unitid (ajaxParam: {…}, var param = {…}, the data of an $.ajax to the proxy), from the
  proxy's address, or set one by one - answered with ``<datastore>`` XML and its ``<totalrecord>``;
  perPage × groupSize records a request, fewer when the proxy's first answer shows a lower cap. (A column that embeds its first records and a <nextgroup> link is paged by
  discovery.pagination.jcms_pages instead.)
* lists filled by XHR from a JSON API: ``$.ajax`` / ``$.post`` / ``axios`` / ``fetch`` /
  ``xhr.open`` calls whose fields hold a page number (pageNo, page, pageIndex …) and a page size
  (pageSize, rows, limit …), posted as JSON or as a form, or sent as a query; the address written
  in the call or named (var LIST_API = '…'; fetch(LIST_API, …)), the fields in the call or in an
  object built before it (data: params); the answer's records
  are read by links.json_links and its length from total / totalPage fields. A page that shows
  page 1 itself and leaves pages 2… to the API ("动静结合") is the same case.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawler.discovery.api_vocab import (ADDRESS_PART, AJAX_START, AJAX_URL_OPTION, API_CALL, CALL_WINDOW,
                                         DEFAULT_PAGE_SIZE, FIELDS_AT, FIELDS_NAMED, HREF_START, JCMS_ASSIGNED,
                                         JCMS_ENDRECORD, JCMS_FIELDS, JCMS_GROUP, JCMS_PAGER_OPTIONS,
                                         JCMS_PAGES_PER_REQUEST, JCMS_PERPAGE, JCMS_PROXY, JCMS_PROXY_DEFAULT,
                                         JCMS_REQUIRED, LINK_TEMPLATE, NOT_LINK_KEYS, NOT_LIST_API, PAGES_KEYS,
                                         PAGE_KEYS, POSTS, SECOND_ARG, SECOND_NAMED, SENDS_FORM, SENDS_JSON,
                                         SIZE_KEYS, SUFFIX_END, TOTAL_KEYS, WRAPPER_KEYS, XHR_OPEN)
from crawler.discovery.script_values import (address_of, balanced, named_object_fields, object_at,
                                             object_fields)
from crawler.discovery.links import (Link, datastore_links, datastore_records, fragment_links, json_date,
                                     json_links)
from crawler.discovery.parse import base_url, resolve
from core.text import squash
from crawler.discovery.vocab import JCMS_TOTAL, JSON_TITLE_KEYS, JSON_TITLE_LIKE, NOT_DATA

MAX_SCRIPT_CHARS = 200_000  # scripts longer than this (bundled libraries) are not read for calls


@dataclass(frozen=True)
class ApiList:
    """One list endpoint as the page's script calls it."""

    url: str                    # absolute address (without the paging fields when they go in the query)
    method: str = "POST"        # GET | POST
    encoding: str = "form"      # form | json (the body) | query (GET: fields in the query string)
    params: tuple = ()          # ((name, value), …) the call sends besides the paging fields, in order
    page_key: str | None = None  # the field numbering pages (jcms: startrecord)
    size_key: str | None = None  # the field sizing them
    first: int = 1              # the first page's number
    per_page: int = DEFAULT_PAGE_SIZE  # records per page (jcms: per request)
    convention: str = "json"    # json | jcms
    shown_per_page: int = 0     # jcms: records a page of the column shows (the perpage field; per_page is per request)
    page: str = ""              # the page whose script calls it (entries' relative addresses resolve against it)
    link_template: tuple = ()   # (prefix, record key, suffix): how the render code builds an entry's address
    nested: str = ""            # the field whose value is a JSON object holding the paging fields (paramJson={…})
    nested_params: tuple = ()   # …and that object's other fields

    def to_meta(self) -> dict:
        return {"url": self.url, "method": self.method, "encoding": self.encoding, "params": [list(p) for p in self.params],
                "page_key": self.page_key, "size_key": self.size_key, "first": self.first, "per_page": self.per_page,
                "convention": self.convention, "shown_per_page": self.shown_per_page, "page": self.page,
                "link_template": list(self.link_template), "nested": self.nested,
                "nested_params": [list(p) for p in self.nested_params]}

    @classmethod
    def from_meta(cls, d: dict) -> "ApiList":
        return cls(**dict(d, params=tuple(tuple(p) for p in d.get("params") or ()),
                          link_template=tuple(d.get("link_template") or ()),
                          nested_params=tuple(tuple(p) for p in d.get("nested_params") or ())))

    @property
    def endpoint(self) -> str:
        """scheme://host/path: what a data link to the same endpoint is known by."""
        p = urlsplit(self.url)
        return urlunsplit((p.scheme, p.netloc.lower(), p.path, "", ""))


@dataclass(frozen=True)
class ApiPage:
    """The request for one page of an ApiList."""

    url: str
    method: str
    body: bytes | None
    headers: dict


def _scripts(root) -> list[str]:
    return [sc.text for sc in root.iter("script") if sc.text and len(sc.text) <= MAX_SCRIPT_CHARS
            and "<record>" not in sc.text]


def _pick(fields, keys) -> str | None:
    lower = {k.lower(): k for k, _ in fields}
    return next((lower[k] for k in keys if k in lower), None)


def _int(value, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _call_fields(call: str, script: str) -> list:
    """The fields a call sends: data: {…} / params: {…} / body: JSON.stringify({…}) / send({…})
    inside it, else the object passed after the address ($.post(url, {…}))."""
    at = FIELDS_AT.search(call)
    if at:
        return object_fields(object_at(call, at.start(1)), script)
    second = SECOND_ARG.search(call)
    if second:
        return object_fields(object_at(call, second.start(1)), script)
    named = FIELDS_NAMED.search(call) or SECOND_NAMED.search(call)
    return named_object_fields(named.group(1), script) if named else []


def _json_call(script: str, start: int, address: str, page_url: str) -> ApiList | None:
    url = resolve(page_url, address)
    path = urlsplit(url).path if url else ""
    if not url or NOT_DATA.search(path) or NOT_LIST_API.search(path) or "dataproxy.jsp" in url.lower():
        return None
    call = balanced(script, start, "(", ")")
    if XHR_OPEN.match(script, start):  # xhr.open('POST', url) … xhr.send(JSON.stringify({…})): fields come later
        call = call + script[start + len(call):start + len(call) + CALL_WINDOW]
    posts = bool(POSTS.search(script[start:start + 16]) or POSTS.search(call))
    fields = _call_fields(call, script)
    query = parse_qsl(urlsplit(url).query, keep_blank_values=True)
    in_query = not fields and bool(query)
    fields = fields or query
    page_key, size_key = _pick(fields, PAGE_KEYS), _pick(fields, SIZE_KEYS)
    nested, nested_params = "", ()
    if not page_key:  # 集约化 platforms page inside a JSON-valued field: paramJson={"pageNo":1,"pageSize":10}
        for name, value in fields:
            inner = _json_object(value)
            if inner and _pick(list(inner.items()), PAGE_KEYS):
                nested, inner_fields = name, list(inner.items())
                page_key, size_key = _pick(inner_fields, PAGE_KEYS), _pick(inner_fields, SIZE_KEYS)
                fields = [(k, v) for k, v in fields if k != name] + inner_fields
                nested_params = tuple((k, v) for k, v in inner_fields if k not in (page_key, size_key))
                break
    if not (page_key or (posts and size_key)):
        # a list is paged: a plain GET of a data address is followed as a data link
        # (links.extract_links), and a POST with no paging field is no list (a counter, a form)
        return None
    values = dict(fields)
    params = tuple((k, v) for k, v in fields if k not in (page_key, size_key) and v is not None
                   and (k, v) not in nested_params)
    per_page = _int(values.get(size_key), DEFAULT_PAGE_SIZE) if size_key else DEFAULT_PAGE_SIZE
    first = _int(values.get(page_key), 1) if page_key else 1
    if posts:
        encoding = "json" if ((SENDS_JSON.search(script[start:start + 16]) or SENDS_JSON.search(call))
                              and not SENDS_FORM.search(call)) else "form"
    else:
        encoding = "query"
        if in_query:  # the paging fields are in the address itself: it is rebuilt for each page
            p = urlsplit(url)
            url = urlunsplit((p.scheme, p.netloc, p.path, "", ""))
    return ApiList(url=url, method="POST" if posts else "GET", encoding=encoding, params=params, page_key=page_key,
                   size_key=size_key, first=max(0, min(first, 1)), per_page=max(1, min(per_page, 200)),
                   convention="json", nested=nested, nested_params=nested_params)


def _json_object(value) -> dict | None:
    if not isinstance(value, str) or not value.strip().startswith("{"):
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _jcms_object(script: str) -> list[tuple[str, object]]:
    """The flat fields of the innermost object literal that holds a column's required field
    (ajaxParam: {…}, var param = {…}, data: {…} of an $.ajax to the proxy - however the page names
    it), the pager's own options left out."""
    for m in re.finditer(r"""[{,]\s*['"]?(?:%s)['"]?\s*:""" % "|".join(JCMS_REQUIRED), script):
        for i in range(m.start(), max(-1, m.start() - CALL_WINDOW * 4), -1):
            if script[i] != "{":
                continue
            literal = object_at(script, i)
            if i + len(literal) > m.end():  # the innermost object still open at the field
                return [(k, v) for k, v in object_fields(literal, script) if k.lower() not in JCMS_PAGER_OPTIONS]
    return []


def _jcms(script: str, page_url: str) -> ApiList | None:
    m = JCMS_PROXY.search(script)
    if not m:
        return None
    fields = {k: v for k, v in _jcms_object(script) if v is not None}
    for name in JCMS_FIELDS:  # fields in the proxy's address, in an object of their own, or set one by one
        if fields.get(name) is not None:
            continue
        q = (re.search(r"""[?&]%s=([^&'"\s]*)|\b['"]?%s['"]?\s*:\s*(?:"([^"]*)"|'([^']*)'|(\d+))""" % (name, name),
                       script) or re.search(JCMS_ASSIGNED % name, script))
        if q:
            fields[name] = next(g for g in q.groups() if g is not None)
    if not any(fields.get(k) not in (None, "") for k in JCMS_REQUIRED):
        return None
    params = tuple((k, _form_value(v)) for k, v in fields.items())
    per = JCMS_PERPAGE.search(script)
    per_page = int(per.group(1)) if per else 15
    end = JCMS_ENDRECORD.search(script)
    groups = JCMS_GROUP.search(script)
    group = int(end.group(1)) if end else per_page * (int(groups.group(1)) if groups and int(groups.group(1))
                                                       else JCMS_PAGES_PER_REQUEST)
    p = urlsplit(resolve(page_url, m.group(1)) or resolve(page_url, JCMS_PROXY_DEFAULT))
    url = urlunsplit((p.scheme, p.netloc, p.path, "", ""))
    return ApiList(url=url, method="POST", encoding="form", params=params, page_key="startrecord",
                   size_key="perpage", first=1, per_page=max(1, group), convention="jcms", shown_per_page=per_page)


def api_lists(root, page_url: str, raw: str | None = None) -> list[ApiList]:
    """The list endpoints a page's inline scripts call, as ApiLists (first found first)."""
    if root is None:
        return []
    base = base_url(root, page_url)
    out: list[ApiList] = []
    scripts = _scripts(root)
    if not datastore_records(raw or ""):
        for script in scripts:  # a column's fields are read from the one script that asks for them
            j = _jcms(script, base)
            if j:
                out.append(j)
                break
    script = "\n".join(scripts)
    template = link_template(script)
    spots = [(m.start(), m.end(), next(g for g in m.groups() if g)) for m in API_CALL.finditer(script)]
    for m in AJAX_START.finditer(script):  # $.ajax({type: 'post', …, url: '…'}): the url later in the options
        u = AJAX_URL_OPTION.search(object_at(script, m.end() - 1))
        if u:
            spots.append((m.start(), m.end() + u.end(), u.group(1)))
    for start, _, expr in sorted(set(spots)):
        address = address_of(expr, script)
        api = _json_call(script, start, address, base) if address else None
        if api and all(a.endpoint != api.endpoint or a.params != api.params for a in out):
            out.append(api)
    return [replace(a, page=page_url, link_template=template if a.convention == "json" else ()) for a in out]


def link_template(script: str) -> tuple:
    """(prefix, key, suffix) of the first place the script builds an address from a record's
    field ('/art/' + item.id + '.html'), or ()."""
    for m in LINK_TEMPLATE.finditer(script):
        literal, key = m.group(2), m.group(3) or m.group(4)
        if NOT_LINK_KEYS.search(key):
            continue
        href = list(HREF_START.finditer(literal))
        prefix = literal[href[-1].end():] if href else literal
        if not prefix or not ADDRESS_PART.match(prefix) or prefix.startswith(("javascript", "#")):
            continue
        suffix = SUFFIX_END.split(m.group(6) or "", 1)[0]
        return (prefix, key, suffix)
    return ()


def _template_links(data, api: ApiList, base: str) -> list[Link]:
    """Entries whose record holds no address, only the field the render code builds one from."""
    prefix, key, suffix = api.link_template
    out, stack = [], [data]
    while stack:
        obj = stack.pop()
        if isinstance(obj, list):
            stack.extend(reversed(obj))
        elif isinstance(obj, dict):
            value = obj.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
                title = next((squash(str(obj[k])) for k in obj if k.lower() in JSON_TITLE_KEYS and obj[k]), "") or \
                    next((squash(str(obj[k])) for k in obj if JSON_TITLE_LIKE.search(k) and obj[k]), "")
                date = next((d for d in (json_date(obj[k]) for k in obj
                                         if "date" in k.lower() or "time" in k.lower()) if d), None)
                url = resolve(base, "%s%s%s" % (prefix, str(value).strip(), suffix))
                if url:
                    out.append(Link(url, title, date, None, "json"))
            stack.extend(v for v in obj.values() if isinstance(v, (dict, list)))
    return out


def api_page(api: ApiList, index: int) -> ApiPage:
    """The request for page `index` (0 = the first) of an ApiList."""
    fields = [(k, _form_value(v)) for k, v in api.params]
    if api.convention == "jcms":
        start = 1 + index * api.per_page
        query = urlencode([("startrecord", start), ("endrecord", start + api.per_page - 1),
                           ("perpage", api.shown_per_page or api.per_page)])
        url = "%s?%s" % (api.url, query)
        return ApiPage(url, "POST", urlencode(fields).encode("utf-8"),
                       _referred(api, {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
                                       "X-Requested-With": "XMLHttpRequest"}))
    paging = {}
    if api.page_key:
        paging[api.page_key] = api.first + index
    if api.size_key:
        paging[api.size_key] = api.per_page
    if api.nested:
        inner = dict(api.nested_params, **paging)
        fields.append((api.nested, json.dumps(inner, ensure_ascii=False, separators=(",", ":"))))
    else:
        fields += [(k, str(v)) for k, v in paging.items()]
    if api.method == "GET":
        p = urlsplit(api.url)
        query = urlencode(parse_qsl(p.query, keep_blank_values=True) + fields)
        return ApiPage(urlunsplit((p.scheme, p.netloc, p.path, query, "")), "GET", None,
                       _referred(api, {"X-Requested-With": "XMLHttpRequest",
                                       "Accept": "application/json, text/javascript, */*"}))
    if api.encoding == "json":
        values = dict(api.params)
        if api.nested:
            values[api.nested] = dict(api.nested_params, **paging)
        else:
            values.update(paging)
        body = json.dumps(values, ensure_ascii=False).encode("utf-8")
        ctype = "application/json;charset=UTF-8"
    else:
        body, ctype = urlencode(fields).encode("utf-8"), "application/x-www-form-urlencoded; charset=UTF-8"
    return ApiPage(api.url, "POST", body, _referred(api, {"Content-Type": ctype, "X-Requested-With": "XMLHttpRequest",
                                                          "Accept": "application/json, text/javascript, */*"}))


def _referred(api: ApiList, headers: dict) -> dict:
    """Headers as the page's own XHR sends them: Referer is the page (APIs often check it)."""
    return dict(headers, Referer=api.page) if api.page else headers


def _form_value(v) -> str:
    """A field value as a form or a query sends it (true / false as JavaScript writes them)."""
    return {True: "true", False: "false"}.get(v, str(v)) if isinstance(v, bool) else str(v)


def _markup(data) -> list[str]:
    """String values of an answer that are HTML holding links."""
    out, stack = [], [data]
    while stack:
        obj = stack.pop()
        if isinstance(obj, dict):
            stack.extend(obj.values())
        elif isinstance(obj, list):
            stack.extend(obj)
        elif isinstance(obj, str) and "<a" in obj and "href" in obj:
            out.append(obj)
    return out


def _find_int(data, keys, depth: int = 0) -> int | None:
    if not isinstance(data, dict) or depth > 3:
        return None
    lower = {k.lower(): v for k, v in data.items() if isinstance(k, str)}
    for k in keys:
        v = lower.get(k)
        if isinstance(v, (int, str)) and not isinstance(v, bool) and re.fullmatch(r"\d{1,7}", str(v)):
            return int(v)
    for k in WRAPPER_KEYS:
        found = _find_int(lower.get(k), keys, depth + 1)
        if found is not None:
            return found
    return None


def served_group(api: ApiList, body: bytes) -> ApiList:
    """The jcms list as its proxy serves it: a first answer holding fewer records than asked while
    its total says more remain shows the proxy's own cap per request, and the following requests
    ask for that many (asking for more would skip the records past the cap)."""
    if api.convention != "jcms":
        return api
    raw = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    held = len(datastore_records(raw))
    m = JCMS_TOTAL[1].search(raw) or JCMS_TOTAL[0].search(raw)
    if m and 0 < held < api.per_page and int(m.group(1)) > held:
        return replace(api, per_page=held)
    return api


def api_records(body: bytes, api: ApiList, url: str) -> tuple[list[Link], int | None]:
    """The entries of one answer and how many pages the list has (None: it does not say).
    Relative addresses resolve against the page that called the API, as the browser's do."""
    base = api.page or url
    if api.convention == "jcms":
        raw = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        links = datastore_links(raw, base)
        m = JCMS_TOTAL[1].search(raw) or JCMS_TOTAL[0].search(raw)
        return links, math.ceil(int(m.group(1)) / api.per_page) if m else None
    links = json_links(body, base)
    try:
        data = json.loads(body.decode("utf-8-sig") if isinstance(body, bytes) else body)
    except (ValueError, UnicodeDecodeError):
        return links, None
    if not links and api.link_template:
        links = _template_links(data, api, base)
    if not links:  # the list as markup inside the JSON: {"data": {"html": "<li><a href=…>"}}
        links = [l for html in _markup(data) for l in fragment_links(html, base)]
    pages = _find_int(data, PAGES_KEYS)
    if pages is None:
        total = _find_int(data, TOTAL_KEYS)
        pages = math.ceil(total / api.per_page) if total is not None else None
    return links, pages
