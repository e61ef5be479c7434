"""The web-form demo's server: serves the form and the npm package image-preflight (under
/pkg/), which checks every field in the browser; POST /preflight only confirms a submission,
with the same rules, through the Python binding.

    python3 server.py [--port 8000] [--package DIR]      (run.sh builds the package, installs
                                                          the binding and starts it)
"""
import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import image_preflight as ip

HERE = Path(__file__).resolve().parent
STATIC = {"/": ("index.html", "text/html; charset=utf-8"), "/app.js": ("app.js", "text/javascript; charset=utf-8")}
FIELDS = ("name", "description", "family")
# The package's files a browser loads, by extension.
PACKAGE_TYPES = {".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm"}
PACKAGE = HERE.parent.parent / "bindings" / "js"  # --package changes it


def preflight(body):
    """The library's report on one submitted form, as JSON-ready data."""
    provider = body.get("provider")
    values = {f: body[f] for f in FIELDS if isinstance(body.get(f), str) and body[f] != ""}
    if not values:
        return 400, {"error": "give at least one of name, description, family"}
    try:
        report = ip.check(
            provider,
            operation=body.get("operation", "modify"),
            profile=body.get("profile", "latest"),
            lang=body.get("lang", "en"),
            **values,
        )
    except (TypeError, ValueError) as e:
        return 400, {"error": str(e)}
    return 200, {
        "valid": report.valid,
        "violations": [v.to_dict() for v in report.violations],
        "checked": sorted(values),
    }


class Handler(BaseHTTPRequestHandler):
    def send(self, status, payload, content_type="application/json; charset=utf-8"):
        data = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        if url.path in STATIC:
            name, kind = STATIC[url.path]
            return self.send(200, (HERE / name).read_bytes(), kind)
        if url.path == "/favicon.ico":  # browsers ask; the demo has none
            self.send_response(204)
            self.end_headers()
            return None
        if url.path.startswith("/pkg/"):
            return self.send_package_file(url.path[len("/pkg/"):])
        self.send(404, {"error": "not found"})

    def send_package_file(self, relative):
        path = (PACKAGE / relative).resolve()
        kind = PACKAGE_TYPES.get(path.suffix)
        if kind is None or PACKAGE.resolve() not in path.parents or not path.is_file():
            return self.send(404, {"error": "not found"})
        return self.send(200, path.read_bytes(), kind)

    def do_POST(self):
        if urlparse(self.path).path != "/preflight":
            return self.send(404, {"error": "not found"})
        try:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(min(length, 16 * 1024 * 1024)) or b"{}")
            if not isinstance(body, dict):
                raise ValueError("the body must be a JSON object")
        except ValueError as e:
            return self.send(400, {"error": "bad JSON: %s" % e})
        self.send(*preflight(body))

    def log_message(self, format, *args):  # quiet: the demo prints its own address only
        pass


def main():
    global PACKAGE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--package", type=Path, default=PACKAGE,
                        help="the npm package image-preflight, built (default: bindings/js)")
    args = parser.parse_args()
    PACKAGE = args.package
    if not (PACKAGE / "wasm" / "image_preflight_wasm_bg.wasm").is_file():
        parser.error("%s holds no built package: run bash bindings/js/build.sh" % PACKAGE)
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print("image-preflight web form on http://%s:%d/" % (args.host, server.server_address[1]), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
