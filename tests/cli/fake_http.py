"""fake_http.py — what the local endpoints of the CLI tests share (cfn_fake.py,
aws_creds_fake.py): a request handler with reply() and quiet logs, and serve(), which binds
a free loopback port, writes it to a file for the test, and serves until killed."""
import http.server
import urllib.parse


class Handler(http.server.BaseHTTPRequestHandler):
    def reply(self, code, text, ctype="text/plain"):
        data = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def form(self):
        """The POSTed form as a dict of first values."""
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        return {k: v[0] for k, v in urllib.parse.parse_qs(body).items()}

    def log_message(self, *args):
        pass


def serve(handler, port_file):
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    with open(port_file, "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()
