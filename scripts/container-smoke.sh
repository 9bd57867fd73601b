#!/usr/bin/env bash
# Container smoke test (npm run container:smoke): builds the image, starts the
# API before its database (as compose does: it must wait for it), then
# PostgreSQL, on free 127.0.0.1 ports (host network); loads the extract with
# the CLI inside the container, renders a PDF pack with the CLI, runs the
# Postman collection with Newman against the containerised API (its scrape
# request against the replica of the data site, started here on the host),
# renders a pack through the API (POST /v1/reports, the job, the download) and
# fetches its PDF, and stops the API with SIGTERM (it must exit 0). Removes
# every container, process and file it started; keeps the images as build
# cache (SMOKE_REMOVE_IMAGES=1 removes them too).
#
# The podman settings this needs on the team's machines (runc, cgroupfs, host
# network, ulimits) are in scripts/container/containers.conf; the host's CA
# bundle goes to the build as a secret. None of it is in the Dockerfile.
set -euo pipefail
cd "$(dirname "$0")/.."
here="$PWD"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/scripts/container/containers.conf}"
BASE_IMAGE="${BASE_IMAGE:-localhost/sales-insight-base:node22-bookworm}"
IMAGE="${SMOKE_IMAGE:-localhost/sales-insight:smoke}"
PG_IMAGE="${SMOKE_PG_IMAGE:-localhost/sales-insight-postgres:15}"
HOST_CA="${HOST_CA:-/etc/ssl/certs/ca-certificates.crt}"
PERIOD="${SMOKE_PERIOD:-1997-01}"
started=$(date +%s)
step() { printf '[smoke %3ss] %s\n' "$(($(date +%s) - started))" "$*"; }
fail() { echo "smoke: $*" >&2; exit 1; }

command -v podman >/dev/null || fail "podman is not installed (apt-get install podman buildah debootstrap runc)"
id="smoke-$$"
tmp="$(mktemp -d)"
containers=()
replica_pid=""
cleanup() {
  local code=$?
  if [ "$code" != 0 ]; then
    for c in "${containers[@]}"; do
      echo "--- the last lines of $c's log" >&2
      podman logs "$c" 2>&1 | tail -20 >&2 || true
    done
  fi
  for c in "${containers[@]}"; do podman rm -f -t 5 "$c" >/dev/null 2>&1 || true; done
  [ -z "$replica_pid" ] || kill "$replica_pid" 2>/dev/null || true
  rm -rf "$tmp"
  if [ "${SMOKE_REMOVE_IMAGES:-0}" = 1 ]; then podman rmi -f "$IMAGE" "$PG_IMAGE" >/dev/null 2>&1 || true; fi
  step "cleaned up (exit $code)"
}
trap cleanup EXIT
json() { node -e 'let t="";process.stdin.on("data",(d)=>(t+=d)).on("end",()=>{const v=new Function("r","return "+process.argv[1])(JSON.parse(t));console.log(v??"")})' "$1"; }
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# --- images -------------------------------------------------------------------
podman image exists "$BASE_IMAGE" || { step "building the base image $BASE_IMAGE"; scripts/container/base-image.sh; }
secret=()
[ -s "$HOST_CA" ] && secret=(--secret "id=hostca,src=$HOST_CA")
step "building $IMAGE"
previous=$(podman image inspect "$IMAGE" --format '{{.Id}}' 2>/dev/null || true)
t0=$(date +%s)
podman --runtime runc build --format docker --network host --build-arg "BASE=$BASE_IMAGE" "${secret[@]}" -t "$IMAGE" . >"$tmp/build.log" 2>&1 \
  || { tail -30 "$tmp/build.log"; fail "the image build failed"; }
step "built $IMAGE in $(($(date +%s) - t0)) s, $(podman image inspect "$IMAGE" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"
# The image this build replaced is left without a name: remove it, unless a container still uses it.
if [ -n "$previous" ] && [ "$previous" != "$(podman image inspect "$IMAGE" --format '{{.Id}}')" ]; then
  podman rmi "$previous" >/dev/null 2>&1 || true
fi
if ! podman image exists "$PG_IMAGE"; then
  step "building $PG_IMAGE"
  podman --runtime runc build --network host --build-arg "BASE=$BASE_IMAGE" -f scripts/container/postgres.Containerfile -t "$PG_IMAGE" scripts/container >"$tmp/pg-build.log" 2>&1 \
    || { tail -30 "$tmp/pg-build.log"; fail "the PostgreSQL image build failed"; }
fi
podman run --rm --no-healthcheck "$IMAGE" --help | grep -q '^  warehouse ' || fail "the image's sales-insight --help lists no commands"

# --- the stack: the API first, then PostgreSQL, on free loopback ports ----------
pg_port=$(free_port)
api_port=$(free_port)
db="postgres://postgres@127.0.0.1:$pg_port/sales"
base="http://127.0.0.1:$api_port"
mkdir -p "$tmp/reports" "$tmp/models" "$tmp/state"
chmod 0777 "$tmp/reports" "$tmp/models" "$tmp/state" # the image's user (uid 10001) writes them
app=(podman run --rm --no-healthcheck --network host -e "SALES_DB=$db" -e SALES_API_STATE=/app/state
  -v "$tmp/reports:/app/reports" -v "$tmp/models:/app/models" -v "$tmp/state:/app/state")

step "starting the replica of the data site on the host (the collection's scrape request reaches it)"
node --import tsx scripts/container/replica.ts >"$tmp/replica.url" &
replica_pid=$!
for _ in $(seq 30); do [ -s "$tmp/replica.url" ] && break; sleep 1; done
scrape_url=$(head -1 "$tmp/replica.url")
[ -n "$scrape_url" ] || fail "the replica of the data site did not start"

step "creating API keys with the CLI in the container"
# One per scope, as src/api/postman.test.ts does; the limited key has 3 requests a minute.
"${app[@]}" --entrypoint sh "$IMAGE" -c '
  sales-insight api-key create --name admin --scopes admin &&
  sales-insight api-key create --name reader --scopes read &&
  sales-insight api-key create --name crm --scopes predict &&
  sales-insight api-key create --name scraper --scopes scrape,read &&
  sales-insight api-key create --name reporter --scopes reports,read &&
  sales-insight api-key create --name limited --scopes predict,read --rate-limit 3' >"$tmp/keys" 2>"$tmp/keys.err" \
  || { cat "$tmp/keys.err" >&2; fail "api-key create failed in the container"; }
mapfile -t keys <"$tmp/keys"
[ "${#keys[@]}" = 6 ] || fail "expected 6 keys from api-key create, got ${#keys[@]}"

# The API starts before its database, as in the compose stack, and must wait for it.
batch_max=1000 body_limit_mib=1
step "starting the API on $base before PostgreSQL"
containers+=("$id-api")
# The port through SALES_API_PORT, which the image's HEALTHCHECK reads too. Load shedding is off, as in
# src/api/postman.test.ts: the collection's training job runs in the server process and, on a busy machine,
# holds the event loop past the 3 s limit, so other requests would get 503. podman's complaints that it
# cannot hand health checks to systemd (absent here) go to a file.
podman run -d --name "$id-api" --network host -e "SALES_DB=$db" -e SALES_API_STATE=/app/state \
  -e "SALES_API_PORT=$api_port" -e SALES_SCRAPE_ALLOW_HOSTS=127.0.0.1 -e SALES_API_LOG_LEVEL=warn \
  -e SALES_API_MAX_LOOP_DELAY_MS=0 \
  -v "$tmp/reports:/app/reports" -v "$tmp/models:/app/models" -v "$tmp/state:/app/state" \
  "$IMAGE" serve --host 127.0.0.1 --models /app/models --batch-max "$batch_max" --body-limit "$body_limit_mib" \
  >/dev/null 2>"$tmp/api-run.err"
for _ in $(seq 60); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "$base/healthz" >/dev/null || fail "the API did not answer /healthz"
# The image's own HEALTHCHECK, run by hand (podman does not run health checks on this host by itself).
podman healthcheck run "$id-api" >/dev/null || fail "the image's HEALTHCHECK fails"
step "HEALTHCHECK passes; /readyz before the database: $(curl -sS "$base/readyz")"

step "starting PostgreSQL on 127.0.0.1:$pg_port"
containers+=("$id-db")
podman run -d --name "$id-db" --network host -e "PGPORT=$pg_port" "$PG_IMAGE" >/dev/null
for _ in $(seq 60); do podman exec "$id-db" pg_isready -q -h 127.0.0.1 -p "$pg_port" 2>/dev/null && break; sleep 1; done
podman exec "$id-db" pg_isready -q -h 127.0.0.1 -p "$pg_port" || fail "PostgreSQL did not start"
podman exec "$id-db" createdb -h 127.0.0.1 -p "$pg_port" sales

step "loading the extract with the CLI in the container"
"${app[@]}" "$IMAGE" warehouse --data data | tee "$tmp/load.txt"
grep -q '^loaded .* into postgres' "$tmp/load.txt" || fail "the warehouse command did not load the extract"

step "rendering the $PERIOD pack (HTML and PDF) with the CLI in the container"
"${app[@]}" -e SALES_PROGRESS=0 "$IMAGE" report --period "$PERIOD" --format html,pdf --out "reports/$PERIOD"
[ "$(head -c 5 "$tmp/reports/$PERIOD/report.pdf")" = "%PDF-" ] || fail "no PDF in reports/$PERIOD"
step "report.pdf: $(stat -c %s "$tmp/reports/$PERIOD/report.pdf") bytes, $(pdfinfo "$tmp/reports/$PERIOD/report.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}') pages"

# --- the API: ready, Newman, a pack through the job, its PDF ---------------------
step "waiting for /readyz (the API trains its first model once the warehouse is loaded)"
for _ in $(seq 300); do curl -fsS "$base/readyz" >/dev/null 2>&1 && break; sleep 2; done
curl -fsS "$base/readyz" >"$tmp/ready" 2>/dev/null || { curl -sS "$base/readyz" >&2; fail "the API never became ready"; }
step "ready: $(cat "$tmp/ready")"

step "running the Postman collection with Newman against the container"
npx --no-install newman run postman/sales-insight.postman_collection.json \
  -e postman/sales-insight.postman_environment.json \
  --env-var "baseUrl=$base" --env-var "adminKey=${keys[0]}" --env-var "readKey=${keys[1]}" \
  --env-var "predictKey=${keys[2]}" --env-var "scrapeKey=${keys[3]}" --env-var "reportsKey=${keys[4]}" \
  --env-var "limitedKey=${keys[5]}" --env-var "batchMax=$batch_max" --env-var "scrapeUrl=$scrape_url" \
  --env-var "bodyLimitMiB=$body_limit_mib" --timeout-request 60000 --reporters cli --color off >"$tmp/newman.txt" 2>&1 \
  || { tail -60 "$tmp/newman.txt"; fail "the Postman collection failed against the container"; }
step "Newman: $(awk -F'│' '$2 ~ /^ +(requests|assertions) +$/ {gsub(/ /, ""); printf "%s%s %s (%s failed)", sep, $3, $2, $4; sep=", "}' "$tmp/newman.txt")"

auth=(-H "Authorization: Bearer ${keys[0]}")
# wait_job ID: polls GET /v1/jobs/ID until it ends; prints its final JSON.
wait_job() {
  local body state=""
  for _ in $(seq 300); do
    body=$(curl -fsS "${auth[@]}" "$base/v1/jobs/$1")
    state=$(json r.state <<<"$body")
    case "$state" in succeeded | failed | cancelled) break ;; esac
    sleep 2
  done
  echo "$body"
  [ "$state" = succeeded ]
}
scrape_job=$(curl -fsS "${auth[@]}" "$base/v1/jobs" | json 'r.jobs.find((j) => j.kind === "scrape")?.id')
[ -n "$scrape_job" ] || fail "no scrape job from the collection"
wait_job "$scrape_job" >"$tmp/scrape.json" || fail "the scrape job did not succeed: $(cat "$tmp/scrape.json")"
step "the collection's scrape of the replica succeeded in the container"

step "rendering a pack through the API: POST /v1/reports, then the job"
accepted=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' -d '{"period":"1997-02","formats":["pdf"]}' "$base/v1/reports")
job=$(json r.job.id <<<"$accepted")
[ -n "$job" ] || fail "POST /v1/reports did not answer with a job: $accepted"
wait_job "$job" >"$tmp/report.json" || fail "the report job did not succeed: $(cat "$tmp/report.json")"
pack=$(json r.result.name <<<"$(cat "$tmp/report.json")")
pdf_url=$(curl -fsS "${auth[@]}" "$base/v1/reports" \
  | json "r.reports.find((p) => p.name === '$pack')?.files.find((f) => f.name === 'report.pdf')?.url")
[ -n "$pdf_url" ] || fail "GET /v1/reports does not list $pack's report.pdf"
curl -fsS "${auth[@]}" -o "$tmp/api.pdf" "$base$pdf_url"
[ "$(head -c 5 "$tmp/api.pdf")" = "%PDF-" ] || fail "GET $pdf_url is not a PDF"
step "fetched $pdf_url over HTTP: $(stat -c %s "$tmp/api.pdf") bytes"

step "stopping the API with SIGTERM"
podman stop -t 30 "$id-api" >/dev/null 2>>"$tmp/api-run.err"
code=$(podman inspect "$id-api" --format '{{.State.ExitCode}}')
[ "$code" = 0 ] || fail "the API exited $code on SIGTERM"
step "smoke passed"
