#!/usr/bin/env python3
"""Turns a journeybook report into an equivalent Hugo site, for scripts/bench.sh.

usage: scripts/bench_hugo_site.py REPORT_DIR HUGO_SITE_DIR

Each persona file becomes a Hugo page as it is (YAML front matter + its ~1.5 KB markdown
body), and each journey file becomes a page whose front matter is the journey's YAML and
whose body is the journey's summary line as markdown; so Hugo gets 2 x N markdown pages of
the same sizes as journeybook's 2 x N input files (journey pages are a line longer). The
layout is minimal (baseof.html, single.html, list.html: title + content, lists link their
pages) and taxonomies, RSS, sitemap and robots.txt are off, so Hugo does about the least
work a static site generator can do with these pages. The output is deterministic.
"""
import shutil
import sys
from pathlib import Path

CONFIG = """\
baseURL = "/"
title = "Generated report"
languageCode = "nl"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
enableRobotsTXT = false
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="nl">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}<h1>{{ with .Title }}{{ . }}{{ else }}{{ .Params.name }}{{ end }}</h1>
{{ .Content }}{{ end }}
"""

LIST = """\
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ with .Title }}{{ . }}{{ else }}{{ .Params.name }}{{ end }}</a></li>{{ end }}</ul>{{ end }}
"""


def journey_page(yaml_text: str) -> str:
    summary = ""
    for line in yaml_text.splitlines():
        if line.startswith("summary:"):
            summary = line[len("summary:"):].strip()
            break
    if not yaml_text.endswith("\n"):
        yaml_text += "\n"
    return f"---\n{yaml_text}---\n{summary}\n"


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    report, site = Path(sys.argv[1]), Path(sys.argv[2])
    if site.exists():
        shutil.rmtree(site)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "config.toml").write_text(CONFIG)
    (site / "layouts" / "_default" / "baseof.html").write_text(BASEOF)
    (site / "layouts" / "_default" / "single.html").write_text(SINGLE)
    (site / "layouts" / "_default" / "list.html").write_text(LIST)
    content = site / "content"
    for sub in ("personas", "journeys"):
        (content / sub).mkdir(parents=True)
    index = report / "content" / "index.md"
    if index.exists():
        (content / "_index.md").write_text(index.read_text())
    pages = 0
    for src in sorted((report / "content" / "personas").glob("*.md")):
        shutil.copyfile(src, content / "personas" / src.name)
        pages += 1
    for src in sorted((report / "content" / "journeys").iterdir()):
        if src.suffix in (".yaml", ".yml"):
            (content / "journeys" / (src.stem + ".md")).write_text(journey_page(src.read_text()))
            pages += 1
    print(pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
