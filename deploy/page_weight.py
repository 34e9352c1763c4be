"""What a first visit to a page downloads, raw and as sent compressed: HTML, CSS, JavaScript, fonts.

    .venv/bin/python deploy/page_weight.py https://127.0.0.1:18643/transitions/bank-analyst-to-ml-engineer/ \
        --cafile /tmp/careerhub-stack/tls/cert.pem [--cookie 'sessionid=...']

It follows the page's stylesheets, scripts and preloads, and the fonts and images the stylesheets
point to, the way a browser with an empty cache does (each file once).
"""

import argparse
import re
import ssl
import urllib.request
from urllib.parse import urljoin

KINDS = {".css": "CSS", ".js": "JavaScript", ".woff2": "font", ".woff": "font", ".svg": "image"}


def fetch(url, context, headers, compressed):
    request = urllib.request.Request(url, headers={**headers, "Accept-Encoding": "gzip" if compressed else "identity"})
    with urllib.request.urlopen(request, context=context) as answer:
        return answer.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("--cafile")
    parser.add_argument("--cookie")
    args = parser.parse_args()
    context = ssl.create_default_context(cafile=args.cafile)
    headers = {"Cookie": args.cookie} if args.cookie else {}

    html = fetch(args.url, context, headers, compressed=False).decode()
    assets = re.findall(r'<(?:link|script)\b[^>]*(?:href|src)="([^"]+\.(?:css|js|woff2|svg))"', html)
    files = {"HTML": [(args.url, len(html.encode()), len(fetch(args.url, context, headers, compressed=True)))]}
    seen = set()
    queue = [urljoin(args.url, asset) for asset in assets]
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        raw = fetch(url, context, headers, compressed=False)
        sent = fetch(url, context, headers, compressed=True)
        kind = KINDS[url[url.rindex(".") :]]
        files.setdefault(kind, []).append((url, len(raw), len(sent)))
        if kind == "CSS":
            found = re.findall(r'url\(["\']?([^"\')]+)["\']?\)', raw.decode())
            queue += [urljoin(url, link) for link in found if not link.startswith("data:")]

    total_raw = total_sent = 0
    print(f"{'kind':<11} {'raw kB':>8} {'sent kB':>8}  file")
    for kind, entries in files.items():
        for url, raw, sent in entries:
            print(f"{kind:<11} {raw / 1000:>8.1f} {sent / 1000:>8.1f}  {url.rsplit('/', 1)[-1]}")
            total_raw, total_sent = total_raw + raw, total_sent + sent
    print(f"{'total':<11} {total_raw / 1000:>8.1f} {total_sent / 1000:>8.1f}")


if __name__ == "__main__":
    main()
