"""The generator of the bundled demo world (nianbao/demo/site/) and its truth (nianbao/demo/expected.json).

Run it after changing anything here; its output is committed as package data:

    python -m nianbao.demo.build_site            # rewrites nianbao/demo/site/ and expected.json
    python -m nianbao.demo.build_site --site DIR --expected FILE   # elsewhere (the tests do this)

Three portals of three CMS families, built like real Chinese government sites:

  jian     127.0.0.60  吉安市人民政府        TRS WCM, GBK bytes declared as gb2312, ./YYYYMM/tYYYYMMDD_N.html
  anyuan   127.0.0.61  萍乡市安源区人民政府  Hanweb jcms, UTF-8, /col/colN/ lists in <datastore>, /art/Y/M/D/art_C_N.html
  chaling  127.0.0.62  茶陵县人民政府        a 政府网站集约化 platform, UTF-8, /zwgk/xxgkml/... lists with 下一页 links

Every report is built once as a list of blocks (headings, paragraphs, tables with
row/col spans); the HTML pages, the PDF twin, the DOCX and XLSX attachments and the
expected clean text are all rendered from those blocks, so the truth cannot drift from
the pages. Figures are derived, not typed twice: totals are computed from their parts.

The output is deterministic: no clocks, no randomness, zip members and PDF ids fixed,
so re-running reproduces the committed files byte for byte.

Static files cannot answer `?page=N` or an endless calendar; site/routes.json describes
those and `routes.dynamic_routes()` turns it into `SiteServer.route` handlers.

One module per concern (each imports only the ones above it in this list):

  places    data: hosts, names, each portal's site name, 网站标识码 and columns, chrome phrases
  forms     data: the official forms' columns and row labels (2008 table, section 三 outcomes)
  blocks    the document model (blocks), HTML escaping, the clean text of blocks
  tables    the official statistics tables laid out from figures, with their sums checked
  reports   data: the seven reports' figures and prose
  markup    HTML table rows and the block walk the CMS body renderers share
  files     PDF / DOCX / XLSX writers (deterministic)
  collect   World: the files of every portal and the truth collected beside them
  trs       TRS WCM renderers (吉安市's page frame, articles, script-paginated lists)
  jcms      Hanweb jcms renderers (安源区's frame, <datastore> lists, /art/ articles, session ids)
  jiyue     政府网站集约化 platform renderers (茶陵县's frame, 信息公开目录 tree, 下一页 lists)
  jian, anyuan, chaling   each portal's layout: pages, reports, look-alikes, traps
  routes    dynamic routes (imported at run time by `nianbao demo`, so it needs nothing else here)
  truth     expected.json
  write     writing a world out, and the generators' command line (main)

tests/fixtures/world3/build_world3.py builds a second, deliberately different world from these
pieces; the keyword options (table layouts, PDF/DOCX looks, hosts, route kinds) exist for it and
their defaults are this world's.
"""
