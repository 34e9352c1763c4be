"""Render deploy/nginx.conf: `render_nginx.py OUT --upstream 127.0.0.1:8001 --upstream ... NAME=VALUE ...`.

Only the upper-case names of the template are filled; nginx's own lower-case $variables stay.
"""

import argparse
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).with_name("nginx.conf")


def render(values, upstreams):
    servers = "\n".join(f"        server {address} max_fails=1 fail_timeout=5s;" for address in upstreams)
    text = Template(TEMPLATE.read_text()).safe_substitute(values, UPSTREAMS=servers)
    missing = sorted({name for name in Template(text).get_identifiers() if name.isupper()})
    if missing:
        raise SystemExit(f"nginx.conf still needs: {', '.join(missing)}")
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--upstream", action="append", required=True, help="host:port of an app server")
    parser.add_argument("values", nargs="*", metavar="NAME=VALUE")
    args = parser.parse_intermixed_args()
    values = dict(item.split("=", 1) for item in args.values)
    args.out.write_text(render(values, args.upstream))


if __name__ == "__main__":
    main()
