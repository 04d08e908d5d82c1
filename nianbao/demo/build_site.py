"""The demo world generator's command line (the generator is the nianbao.demo.world package):

    python -m nianbao.demo.build_site            # rewrites nianbao/demo/site/ and expected.json
    python -m nianbao.demo.build_site --site DIR --expected FILE   # elsewhere (the tests do this)
"""
from __future__ import annotations

from nianbao.demo.world.write import main

if __name__ == "__main__":
    raise SystemExit(main())
