"""The words list APIs are read by, as data (crawler.discovery.apis): how a page's script
names the endpoint its list is filled from, which fields page it, where the answer keeps its
records and its totals."""
from __future__ import annotations

import re

# --- Hanweb jcms: records only from POST /module/web/jpage/dataproxy.jsp ----------------------------
# the proxy's address as a page script writes it (default: jcms' own)
JCMS_PROXY = re.compile(r"""['"]([^'"\s]*?/?dataproxy\.jsp)[?'"]""", re.I)
JCMS_PROXY_DEFAULT = "/module/web/jpage/dataproxy.jsp"
# the form fields the proxy answers a column by (read from the page's script, in this order)
JCMS_FIELDS = ("col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid", "webname",
               "permissiontype")
# a column needs one of these to be asked for at all
JCMS_REQUIRED = ("columnid", "unitid")
# records per page and per request ("endrecord=45" in the script: three pages of 15 a request)
JCMS_PERPAGE = re.compile(r"\bper_?page\b['\"]?\s*[:=]\s*['\"]?(\d{1,3})", re.I)
JCMS_ENDRECORD = re.compile(r"\bendrecord\b['\"]?\s*[:=]\s*['\"]?(\d{1,4})", re.I)
JCMS_PAGES_PER_REQUEST = 3   # jpage asks for three pages' records at a time when the script does not say
# …or as many pages as its groupSize option says
JCMS_GROUP = re.compile(r"\bgroup_?size\b['\"]?\s*[:=]\s*['\"]?(\d{1,2})", re.I)
# the options of the jpage pager itself (not form fields of the column) when they share an object with them
JCMS_PAGER_OPTIONS = ("datastore", "proxyurl", "perpage", "groupsize", "barposition", "showmode", "allselect",
                      "pagesize", "ajaxparam", "startrecord", "endrecord", "totalrecord", "currpage", "theme",
                      "configtype", "iscache", "istruesort", "callback")
# a field of the column set after the object is made: param.columnid = 123 / param['unitid'] = '45'
JCMS_ASSIGNED = r"""[.\[]\s*['"]?%s['"]?\s*\]?\s*=(?!=)\s*(?:"([^"]*)"|'([^']*)'|(\d+))"""

# --- lists filled by XHR from a JSON API ---------------------------------------------------------------
# the address as a call writes it: a quoted path ('/api/list', '/api/list?x=' + y), or a name the script
# assigns it (var LIST_API = '/api/list'; fetch(LIST_API, …)), maybe before a quoted path (ctx + '/api/list')
ADDRESS = (r"""(['"][^'"\s<>()]+['"]|(?!function\b)[A-Za-z_$][\w$.]*(?:\s*\+\s*['"][^'"\s<>()]+['"])?)"""
           r"""(?=\s*[,)}+\n])""")
# a call that sends a request: $.ajax({url: …}), $.post('…', {…}), axios.post('…', {…}), fetch('…', {…}),
# xhr.open('POST', '…'). Group 1..4: the address (ADDRESS).
API_CALL = re.compile(
    r"""(?:\$|jQuery)\.(?:ajax|post|get|getJSON)\s*\(\s*(?:\{[^{}]*?\burl\s*:\s*)?%s"""
    r"""|\baxios(?:\.(?:get|post|request))?\s*\(\s*(?:\{[^{}]*?\burl\s*:\s*)?%s"""
    r"""|\bfetch\s*\(\s*%s"""
    r"""|\.open\s*\(\s*['"](?:post|get)['"]\s*,\s*%s""" % (ADDRESS, ADDRESS, ADDRESS, ADDRESS), re.I)
# an address expression's parts: a quoted literal, or a name and the literal added to it
ADDRESS_LITERAL = re.compile(r"""^['"]([^'"]+)['"]""")
ADDRESS_NAMED = re.compile(r"""^([A-Za-z_$][\w$.]*)(?:\s*\+\s*['"]([^'"]+)['"])?$""")
# an object field holding a string (API = {list: '/api/list'}): what a dotted name stands for
FIELD_VALUE = r"""\b['"]?%s['"]?\s*:\s*(?:"([^"]*)"|'([^']*)')"""
# an $.ajax({…}) whose url comes after other options
AJAX_URL_OPTION = re.compile(r"""\burl\s*:\s*%s""" % ADDRESS)
AJAX_START = re.compile(r"""(?:\$|jQuery)\.ajax\s*\(\s*\{""")
# how far around the address the call's options are looked for (characters)
CALL_WINDOW = 900
# the call posts: type/method 'POST', $.post, axios.post, xhr.open('POST'
POSTS = re.compile(r"""\b(?:type|method)\s*:\s*['"]post['"]|\$\.post\s*\(|jQuery\.post\s*\(|axios\.post\s*\("""
                   r"""|\.open\s*\(\s*['"]post['"]""", re.I)
# …as JSON: a JSON content type, JSON.stringify, or axios (which sends objects as JSON)
SENDS_JSON = re.compile(r"""application/json|JSON\.stringify\s*\(|\baxios\b""", re.I)
# …unless it encodes them as a form (axios.post(url, qs.stringify({…})), new URLSearchParams(…))
SENDS_FORM = re.compile(r"""\b(?:qs|Qs|querystring)\.stringify\s*\(|\bURLSearchParams\s*\(|x-www-form-urlencoded""")
# where the call's fields are: data: {…}, params: {…}, body: JSON.stringify({…}), send(JSON.stringify({…})),
# or the object after the address ($.post(url, {…}), axios.post(url, {…}))
FIELDS_AT = re.compile(r"""(?:\bdata|\bparams|\bbody|\bsend\s*\()\s*:?\s*(?:JSON\.stringify\s*\(\s*)?(\{)""")
# …or the object right after the address: $.post('/api/list', {…}), axios.post(url, {…})
_ENCODER = r"""(?:(?:JSON|qs|Qs|querystring)\.stringify\s*\(\s*|new\s+URLSearchParams\s*\(\s*)?"""
SECOND_ARG = re.compile(r"""^\(\s*(?:['"][^'"]*['"]|[A-Za-z_$][\w$.]*)(?:\s*\+\s*['"][^'"]*['"])?\s*,\s*%s(\{)"""
                        % _ENCODER)
# …or a name of an object the script builds before the call: data: params, body: JSON.stringify(query),
# $.post(url, param, fn), send(qs.stringify(q)). Group 1: the name.
FIELDS_NAMED = re.compile(r"""(?:\b(?:data|params|body)\s*:\s*|\bsend\s*\(\s*)%s([A-Za-z_$][\w$]*)\s*[,)}\n]"""
                          % _ENCODER)
SECOND_NAMED = re.compile(r"""^\(\s*(?:['"][^'"]*['"]|[A-Za-z_$][\w$.]*)(?:\s*\+\s*['"][^'"]*['"])?\s*,\s*%s"""
                          r"""([A-Za-z_$][\w$]*)\s*[,)]""" % _ENCODER)
# where a named object is made (var params = {…}; params = {…}) and fields set on it later
# (params.pageNo = 1; params['pageSize'] = 20)
OBJECT_MADE = r"""(?<![\w$.])%s\s*=\s*(\{)"""
OBJECT_FIELD_SET = (r"""(?<![\w$.])%s\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*['"]([\w$.-]+)['"]\s*\])\s*=(?!=)\s*"""
                    r"""(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(-?\d+(?:\.\d+)?)|(true|false)|([A-Za-z_$][\w$.]*))\s*[;,\n]""")
# names a call's fields object is never (the call's own callback argument and JavaScript words)
NOT_OBJECT_NAMES = ("function", "this", "true", "false", "null", "undefined", "window", "document")
# xhr.open('POST', '…'): the fields are in a later send(…)
XHR_OPEN = re.compile(r"""\.open\s*\(""")
# a flat key: value of an object literal (nested objects are skipped)
FIELD = re.compile(r"""(?:^|[{,])\s*(?:['"]([\w$.-]+)['"]|([A-Za-z_$][\w$]*))\s*:\s*"""
                   r"""(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(-?\d+(?:\.\d+)?)|(true|false|null)|([A-Za-z_$][\w$.]*))"""
                   r"""\s*(?=[,}])""")
# var x = 'v' / let x = 3: what an identifier in a field stands for
VAR_VALUE = r"""\b(?:var|let|const)?\s*%s\s*=\s*(?:"([^"]*)"|'([^']*)'|(-?\d+))\s*[;,\n]"""
# fields that number the pages, and fields that size them (lower-cased)
PAGE_KEYS = ("pageno", "pagenum", "page", "pageindex", "currentpage", "curpage", "current", "pagenumber", "cpage",
             "page_no", "page_num", "p", "pn")
SIZE_KEYS = ("pagesize", "rows", "size", "limit", "perpage", "page_size", "pagecount", "length", "num", "ps")
DEFAULT_PAGE_SIZE = 10   # when the size field's value is not in the script
# endpoints that count, log or track (a POST there changes something and lists nothing)
_ACTIONS = "count|visit|click|hits?|stats?|log|login|track|vote|comment|submit|save|upload"
NOT_LIST_API = re.compile(r"(?:(?<![A-Za-z])(?i:%s)|%s)(?![a-z])" % (
    _ACTIONS, "|".join(w[0].upper() + w[1:] for w in _ACTIONS.split("|"))))

# how the page's render code builds an entry's address from a record: '<a href="/art/' + item.id + '.html">',
# "detail.html?id=" + row["contentId"]. Groups: the prefix, the record's key (dotted or bracketed), the suffix.
LINK_TEMPLATE = re.compile(r"""(['"])((?:(?!\1)[^\\]|\\.)*?)\1\s*\+\s*[A-Za-z_$][\w$]*"""
                           r"""(?:\.([A-Za-z_$][\w$]*)|\[\s*['"]([\w$]+)['"]\s*\])\s*(?:\+\s*(['"])((?:(?!\5).)*?)\5)?""")
# in the literal before the field: the address starts after href= (and its quote)
HREF_START = re.compile(r"""href\s*=\s*\\?['"]?""", re.I)
# …and is a path: a slash, a query, a page name
ADDRESS_PART = re.compile(r"""^[^\s<>'"]*(?:/|\?|=|\.s?html?)[^\s<>'"]*$""")
# the suffix ends at the attribute's closing quote, a space or the tag's end
SUFFIX_END = re.compile(r"""[\\'"\s>]""")
# record keys that are no address part (a title or a date concatenated into the markup)
NOT_LINK_KEYS = re.compile(r"title|name|date|time|subject|bt", re.I)

# --- what a JSON answer says about the list's length -----------------------------------------------------
TOTAL_KEYS = ("total", "totalcount", "totalrecord", "totalrecords", "recordstotal", "totalelements", "totalsize",
              "totalnum", "rowcount", "recordcount", "count", "totalrow", "totalrows")
PAGES_KEYS = ("totalpage", "totalpages", "pages", "pagecount", "pagetotal", "totalpagenum", "pagesize_count",
              "pagenums", "allpage")
# keys answers keep their records (or their paging block) under, looked into for the totals
WRAPPER_KEYS = ("data", "result", "page", "pageinfo", "pager", "obj", "body", "content", "datas", "res", "resultdata")
