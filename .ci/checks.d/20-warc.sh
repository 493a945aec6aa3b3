#!/usr/bin/env bash
# Peer checks of the WARCs newskeeper writes: packs a small corpus with captures of a loopback
# server (so every record type is present) and the real-shaped corpora without capture (no public
# host is ever contacted), then requires that
#   - jwarc validate 0.36.0 (from Maven) prints nothing at all and exits 0,
#   - warcio.js (npm) reads every record and payload, as many records as newskeeper verify counts,
#   - newskeeper verify is clean, on the WARCs and on the two WACZ packages (as many records),
#   - ReplayWeb.page (in Debian's chromium) replays a captured page and a revisit from the WACZ.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
jar="$root/target/newskeeper.jar"
[ -f "$jar" ] || mvn -q -B package -DskipTests
jwarc="$HOME/.m2/repository/org/netpreserve/jwarc/0.36.0/jwarc-0.36.0.jar"
[ -f "$jwarc" ] || mvn -q -B dependency:get -Dartifact=org.netpreserve:jwarc:0.36.0
[ -d .ci/warc/node_modules/warcio ] || bash .ci/setup.d/20-warc.sh

work="$(mktemp -d)"
trap 'kill "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

# A loopback server for the captures: one chunked page, one plain page with the same payload (a
# revisit), one image.
port_file="$work/port"
python3 - "$port_file" <<'PY' &
import socketserver, sys, http.server
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        if self.path.startswith("/chunked"):
            body = b"<html><body><h1>newskeeper replay check</h1></body></html>"
            self.send_response(200); self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked"); self.send_header("Connection", "close"); self.end_headers()
            for part in (body[:7], body[7:]):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path.startswith("/plain"):
            body = b"<html><body><h1>newskeeper replay check</h1></body></html>"
            self.send_response(200); self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body))); self.send_header("Connection", "close"); self.end_headers()
            self.wfile.write(body)
        else:
            body = bytes(range(256)) * 4
            self.send_response(200); self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(body))); self.send_header("Connection", "close"); self.end_headers()
            self.wfile.write(body)
    def log_message(self, *a): pass
srv = socketserver.TCPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(srv.server_address[1]))
srv.serve_forever()
PY
server_pid=$!
for _ in $(seq 100); do [ -s "$port_file" ] && break; sleep 0.1; done
port="$(cat "$port_file")"

corpus="$work/corpus"
mkdir -p "$corpus/rfi" "$corpus/voa"
printf '<!--1690379102000-->\n[页面一](http://127.0.0.1:%s/chunked/1)\n------\n\n<div>26/07/2023 - 15:39</div><img src="http://127.0.0.1:%s/img/1.jpg"><p>正文</p>\n' "$port" "$port" > "$corpus/rfi/1.md"
printf '<!--1690379103000-->\n[page two](http://127.0.0.1:%s/plain/2)\n------\n\n<p>body</p>\n' "$port" > "$corpus/voa/2.md"
printf '<!--1690379104000-->\n[page three](http://127.0.0.1:%s/chunked/3)\n------\n\n<p>body 3</p>\n' "$port" > "$corpus/voa/3.md"
# Real-shaped articles are packed WITHOUT capture: their URLs name public hosts, never contacted.
real="$work/real"
mkdir -p "$real"
if [ -d examples/corpus ]; then cp -r examples/corpus "$real/examples"; fi
if [ -d ../shared/corpus/modern ]; then cp -r ../shared/corpus/modern "$real/modern"; fi
if [ -d ../shared/corpus/dialects ]; then cp -r ../shared/corpus/dialects "$real/dialects"; fi

out="$work/out"
java -jar "$jar" pack "$corpus" --out "$out" --db "$work/db.sqlite" --collection loopback --capture --allow-private --max-size 200K --wacz
java -jar "$jar" pack "$real" --out "$out" --db "$work/db.sqlite" --collection real --max-size 200K --wacz
ls "$out"/*.warc.gz > "$work/list"
mapfile -t warcs < "$work/list"
zcat "${warcs[@]}" | grep -a -c '^WARC-Type: revisit' > /dev/null || { echo "no revisit record was written"; exit 1; }

echo "== jwarc validate ${#warcs[@]} file(s)"
set +e
java -cp "$jwarc" org.netpreserve.jwarc.tools.WarcTool validate "${warcs[@]}" > "$work/jwarc.log" 2>&1
rc=$?
set -e
if [ "$rc" -ne 0 ] || [ -s "$work/jwarc.log" ]; then
  echo "jwarc validate failed (exit $rc):"; cat "$work/jwarc.log"; exit 1
fi

echo "== warcio.js read-all"
node .ci/warc/read-all.mjs "${warcs[@]}" > "$work/warcio.log"
cat "$work/warcio.log"
warcio_total=$(awk '{s+=$NF} END {print s}' "$work/warcio.log")

echo "== newskeeper verify"
java -jar "$jar" verify "$out" --strict --format json > "$work/verify.json" || { cat "$work/verify.json"; exit 1; }
ours=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"])' "$work/verify.json")
if [ "$warcio_total" != "$ours" ]; then
  echo "warcio read $warcio_total records, newskeeper verify $ours"; exit 1
fi
echo "== newskeeper verify the WACZ packages"
java -jar "$jar" verify "$out/loopback.wacz" "$out/real.wacz" --strict --format json > "$work/verify-wacz.json" \
  || { cat "$work/verify-wacz.json"; exit 1; }
in_wacz=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"])' "$work/verify-wacz.json")
if [ "$in_wacz" != "$ours" ]; then
  echo "newskeeper verify read $ours records in the WARCs but $in_wacz in the WACZ packages"; exit 1
fi
echo "== ReplayWeb.page"
kill "$server_pid" 2>/dev/null || true # replay from the WACZ alone
[ -f .ci/warc/rwp/sw.js ] && [ -d .ci/warc/node_modules/playwright-core ] || bash .ci/setup.d/20-warc.sh
mkdir -p target/warc-replay
for path in /chunked/1 /plain/2; do
  node .ci/warc/replay.mjs .ci/warc/rwp "$out/loopback.wacz" "http://127.0.0.1:$port$path" \
    "newskeeper replay check" "target/warc-replay/$(basename "$path").png"
done
echo "WARC peer checks passed: $ours records in ${#warcs[@]} file(s)"
