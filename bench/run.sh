#!/usr/bin/env bash
# Benchmark `dossier build` against the floor program and, where installed, Hugo.
#
#   bash bench/run.sh [SIZE ...]        default sizes: 10000 30000 (articles)
#
# For each size it generates (or reuses) the synthetic corpus in dossier and hugo
# form under $BENCH_DIR, builds the floor and dossier in release mode, measures
# every tool on the same corpus in the same run, and prints a Markdown table that
# is also written to bench/results.md. See bench/README.md for the columns.
#
# Environment (all optional):
#   BENCH_SIZES     sizes when no arguments are given          (default "10000 30000")
#   BENCH_SEED      corpus seed                                 (default 1)
#   BENCH_RUNS      timed runs per tool and size (hyperfine)    (default 3)
#   BENCH_WARMUP    untimed warm-up runs (hyperfine)            (default 1)
#   BENCH_QUIET_WAIT  seconds to wait for other processes to go quiet before
#                   each tool's runs (default 300; 0 does not wait)
#   BENCH_RETRIES   times a run disturbed by other processes is repeated (default 2)
#   BENCH_DIR       corpora and outputs; keep it on tmpfs       (default /dev/shm/dossier-bench)
#   BENCH_RESULTS   where the table is written                  (default bench/results.md)
#   GEN_CORPUS      the corpus generator  (default bench/gen_corpus.py, else ../shared/bench/gen_corpus.py)
#   DOSSIER_BIN     a dossier binary to measure instead of building this checkout;
#                   "none" leaves dossier out (its row then says "not built")
#   HUGO_BIN        the hugo binary (default: `hugo` on PATH; "none" leaves Hugo out)
#   CARGO_TARGET_DIR  where cargo builds                       (default <repo>/target)
#
# Exit status: 0 when every measured tool succeeded; 1 when a tool failed (the
# table is still written, the row says "failed"); 2 on bad usage or missing tools.

set -euo pipefail
# Command substitutions ($(corpus ...)) stop on errors too.
shopt -s inherit_errexit

# ---------------------------------------------------------------------------
# Locations: everything is relative to this script, so a fresh clone works from
# any working directory.
# ---------------------------------------------------------------------------
BENCH_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_SRC/.." && pwd)"

SEED="${BENCH_SEED:-1}"
RUNS="${BENCH_RUNS:-3}"
WARMUP="${BENCH_WARMUP:-1}"
QUIET_WAIT="${BENCH_QUIET_WAIT:-300}"
RETRIES="${BENCH_RETRIES:-2}"
BENCH_DIR="${BENCH_DIR:-/dev/shm/dossier-bench}"
RESULTS="${BENCH_RESULTS:-$BENCH_SRC/results.md}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
RAW_DIR="$BENCH_SRC/out"          # hyperfine JSON and time(1) logs; ignored by git
MEASUREMENTS="$RAW_DIR/measurements.tsv"

# Bold only on a terminal, and never with NO_COLOR (as dossier itself does).
if [[ -t 2 && -z "${NO_COLOR:-}" ]]; then
    log() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
else
    log() { printf '==> %s\n' "$*" >&2; }
fi
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
    printf 'error: %s\n' "$1" >&2
    exit "${2:-2}"
}

usage() {
    sed -n '2,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

# ---------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------

# hyperfine gives the wall time (several runs, mean and spread); GNU time gives
# CPU time and peak RSS, which hyperfine 1.15 (Debian 12) does not report. Either
# one alone is enough to run; both are needed for the full table.
check_tools() {
    command -v python3 >/dev/null || die "python3 is needed to generate the corpora"
    command -v cargo >/dev/null || die "cargo is needed to build the floor and dossier"
    HAVE_HYPERFINE=0
    HAVE_GNU_TIME=0
    if hyperfine --version >/dev/null 2>&1; then
        HAVE_HYPERFINE=1
    else
        warn "hyperfine not found (apt-get install hyperfine): wall and CPU time come from one /usr/bin/time run"
    fi
    # Only GNU time has -f/%M; the shell keyword `time` and BSD time do not.
    if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' true >/dev/null 2>&1; then
        HAVE_GNU_TIME=1
    else
        warn "GNU time not found at /usr/bin/time (apt-get install time): peak memory is NOT measured"
    fi
    if ((HAVE_HYPERFINE == 0 && HAVE_GNU_TIME == 0)); then
        die "neither hyperfine nor GNU time is installed: nothing to measure with (apt-get install hyperfine time)"
    fi

    HUGO="${HUGO_BIN:-$(command -v hugo || true)}"
    HUGO_ABSENT="not installed"
    if [[ "$HUGO" == none ]]; then
        HUGO=""
        HUGO_ABSENT="left out (HUGO_BIN=none)"
    elif [[ -z "$HUGO" ]]; then
        warn "hugo not found on PATH (apt-get install hugo): Hugo is left out"
    fi
}

# The generator is copied into bench/ so a clone needs nothing beside it; the
# shared original (../shared/bench relative to the repository) is the fallback.
find_generator() {
    GEN="${GEN_CORPUS:-}"
    if [[ -z "$GEN" ]]; then
        for candidate in "$BENCH_SRC/gen_corpus.py" "$REPO/../shared/bench/gen_corpus.py"; do
            if [[ -f "$candidate" ]]; then
                GEN="$candidate"
                break
            fi
        done
    fi
    [[ -n "$GEN" && -f "$GEN" ]] || die "corpus generator not found (set GEN_CORPUS=path/to/gen_corpus.py)"
    GEN_SHA="$(sha256sum "$GEN" | cut -c1-16)"
}

# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------

build_floor() {
    log "building the floor (release)"
    cargo build --release --quiet --manifest-path "$BENCH_SRC/floor/Cargo.toml" ||
        die "the floor program (bench/floor) failed to build" 1
    FLOOR="$CARGO_TARGET_DIR/release/dossier-bench-floor"
}

# Builds this checkout unless DOSSIER_BIN names a binary. A failed build stops the
# benchmark: a table without dossier would read as if dossier had been measured.
build_dossier() {
    DOSSIER="${DOSSIER_BIN:-}"
    DOSSIER_VERSION=""
    if [[ "$DOSSIER" == none ]]; then
        DOSSIER=""
        DOSSIER_VERSION="not built (DOSSIER_BIN=none)"
        warn "DOSSIER_BIN=none: dossier is not measured"
        return
    fi
    if [[ -z "$DOSSIER" ]]; then
        log "building dossier (release) in $REPO"
        cargo build --release --quiet --manifest-path "$REPO/Cargo.toml" ||
            die "cargo build --release of dossier failed: $CARGO_TARGET_DIR/release/dossier cannot be built (DOSSIER_BIN=none skips it)" 1
        DOSSIER="$CARGO_TARGET_DIR/release/dossier"
        DOSSIER_VERSION="built from git $(git -C "$REPO" describe --always --dirty 2>/dev/null || echo '(unknown)')"
    else
        DOSSIER_VERSION="$DOSSIER"
    fi
    [[ -x "$DOSSIER" ]] || die "dossier binary not found or not executable: $DOSSIER" 1
    local version
    version="$("$DOSSIER" --version 2>/dev/null | head -n 1 || true)"
    if [[ -n "$version" ]]; then
        DOSSIER_VERSION="$version, $DOSSIER_VERSION"
    fi
}

# ---------------------------------------------------------------------------
# Corpora
# ---------------------------------------------------------------------------

# Generating 30,000 articles takes about half a minute per format, so a corpus is
# kept and reused while its stamp (format, size, seed, generator hash) matches.
# It is written to a temporary folder and renamed, so an interrupted run never
# leaves a half-written corpus that a later run would take as complete.
corpus() {
    local format="$1" size="$2"
    local dir="$BENCH_DIR/corpus/$format-$size-s$SEED"
    local stamp="$format $size $SEED $GEN_SHA"
    if [[ -d "$dir" && "$(cat "$dir.stamp" 2>/dev/null)" == "$stamp" ]]; then
        log "reusing $dir"
    else
        log "generating $format corpus, $size articles, seed $SEED -> $dir"
        rm -rf "$dir" "$dir.tmp" "$dir.stamp"
        mkdir -p "$(dirname "$dir")"
        python3 "$GEN" --articles "$size" --seed "$SEED" --format "$format" --out "$dir.tmp" >&2
        mv "$dir.tmp" "$dir"
        printf '%s\n' "$stamp" >"$dir.stamp"
    fi
    printf '%s\n' "$dir"
}

# ---------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------

# measure SIZE TOOL OUTDIR CMD...
# Appends one line to $MEASUREMENTS:
#   size tool status wall_mean wall_sd cpu_s peak_kib other_cores
# The output folder is emptied before every run (untimed), so each run is a full
# build into an empty folder, as on a fresh checkout.
measure() {
    local size="$1" tool="$2" out="$3"
    shift 3
    local errlog="$RAW_DIR/$tool-$size.stderr" rc=0 pages attempt

    # Errors are checked by hand here: this function runs as `measure ... || STATUS=1`,
    # and bash ignores `set -e` inside a function called in such a list.
    log "$tool, $size articles"
    # One plain run first: it shows a failing tool's own error message, which
    # hyperfine would hide, and warms the page cache for every tool alike.
    rm -rf "$out"
    "$@" >/dev/null 2>"$errlog" || rc=$?
    if ((rc != 0)); then
        warn "$tool failed on $size articles (exit $rc); last lines of its stderr:"
        tail -n 15 "$errlog" >&2
        not_measured "$size" "$tool" "failed (exit $rc)"
        return 1
    fi
    pages="$(count_pages "$tool" "$out")"
    if ((pages != size)); then
        warn "$tool exited 0 but wrote $pages article pages for $size articles"
        not_measured "$size" "$tool" "wrong output ($pages of $size article pages)"
        return 1
    fi

    # On a shared machine (a compiler running beside the benchmark) a measurement
    # is repeated, after waiting for quiet, while other processes disturbed it;
    # the least disturbed attempt is kept.
    local best="" best_other=""
    for ((attempt = 0; ; attempt++)); do
        wait_quiet
        timed_runs "$size" "$tool" "$out" "$@" || {
            not_measured "$size" "$tool" "$M_FAILED"
            return 1
        }
        if [[ -z "$best" ]] || less_than "$M_OTHER" "$best_other"; then
            best="$(printf '%s\t%s\tok\t%s\t%s\t%s\t%s\t%s' "$size" "$tool" "$M_WALL" "$M_SD" "$M_CPU" "$M_PEAK" "$M_OTHER")"
            best_other="$M_OTHER"
        fi
        if ! is_disturbed "$M_OTHER" || ((attempt >= RETRIES)); then
            break
        fi
        warn "other processes used $M_OTHER cores during the runs: measuring $tool again"
    done
    printf '%s\n' "$best" >>"$MEASUREMENTS"
}

# less_than A B: A < B as numbers ("-", not measured, is never less).
less_than() {
    [[ "$1" != - && "$2" != - ]] && python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)' "$1" "$2"
}

# timed_runs SIZE TOOL OUTDIR CMD...: the timed runs of one tool. Sets M_WALL,
# M_SD, M_CPU (seconds), M_PEAK (KiB) and M_OTHER (cores used by other processes),
# "-" for what could not be measured; on failure sets M_FAILED and returns 1.
timed_runs() {
    local size="$1" tool="$2" out="$3"
    shift 3
    local name="$tool-$size"
    local json="$RAW_DIR/$name.json" tlog="$RAW_DIR/$name.time" errlog="$RAW_DIR/$name.stderr"
    local trash="$BENCH_DIR/trash" cmd prepare rc=0 busy0="-" busy1="-" t0=0 t1=0 ours=0
    M_WALL="-" M_SD="-" M_CPU="-" M_PEAK="-" M_OTHER="-" M_FAILED=""
    rm -f "$json" "$tlog"

    # The CPU time the whole system spent during the timed runs, minus the tool's
    # own, is what other processes took: it goes into the table so that a
    # disturbed row can be recognised instead of trusted.
    if ((HAVE_HYPERFINE)); then
        cmd="$(printf '%q ' "$@")"
        # Before every run the previous output is deleted, in hyperfine's
        # untimed prepare step. Kept until the end, the outputs of earlier runs
        # would make each run write into memory the machine had never touched,
        # which on a virtual machine costs a fault in the host per page: at
        # 30,000 articles that doubled a build's system time from run to run.
        # The deletion's CPU time is logged, to be told apart from other
        # processes' below.
        mkdir -p "$trash"
        local prepare_log="$RAW_DIR/$name.prepare" remove
        rm -f "$prepare_log"
        remove="rm -rf $(printf '%q' "$trash")/*"
        if ((HAVE_GNU_TIME)); then
            remove="/usr/bin/time -a -o $(printf '%q' "$prepare_log") -f '%U %S' $remove"
        fi
        prepare="if [ -e $(printf '%q' "$out") ]; then mv $(printf '%q' "$out") \"\$(mktemp -d -p $(printf '%q' "$trash"))\"; fi; $remove"
        busy0="$(system_busy)" t0="$(date +%s.%N)"
        hyperfine --style basic --warmup "$WARMUP" --runs "$RUNS" \
            --prepare "$prepare" --export-json "$json" --command-name "$name" "$cmd" >&2 || rc=$?
        busy1="$(system_busy)" t1="$(date +%s.%N)"
        rm -rf "$trash"
        if ((rc != 0)); then
            M_FAILED="failed under hyperfine"
            return 1
        fi
        # hyperfine's mean user + system time over the same runs is finer than
        # GNU time's 10 ms resolution, which matters for the floor at small sizes.
        read -r M_WALL M_SD M_CPU ours < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
cpu = r["user"] + r["system"]
# our own CPU time in the window: warm-up and timed runs alike
print("%.4f %.4f %.4f %.4f" % (r["mean"], r.get("stddev") or 0.0, cpu, cpu * (int(sys.argv[2]) + int(sys.argv[3]))))' \
            "$json" "$RUNS" "$WARMUP")
        # The prepare step's deletions are ours too, not other processes'.
        ours="$(awk -v ours="$ours" '{ s += $1 + $2 } END { printf "%.4f\n", ours + s }' \
            "$prepare_log" 2>/dev/null || echo "$ours")"
    fi

    if ((HAVE_GNU_TIME)); then
        # A separate run: GNU time reports the peak resident set (KiB) of the
        # process, which hyperfine 1.15 lacks, and the times when hyperfine is absent.
        local b0 b1 s0 s1 e u s
        rm -rf "$out"
        b0="$(system_busy)" s0="$(date +%s.%N)"
        /usr/bin/time -o "$tlog" -f '%e %U %S %M' "$@" >/dev/null 2>>"$errlog" || rc=$?
        b1="$(system_busy)" s1="$(date +%s.%N)"
        if ((rc != 0)); then
            M_FAILED="failed under time"
            return 1
        fi
        read -r e u s M_PEAK <"$tlog"
        if [[ "$M_WALL" == - ]]; then
            M_WALL="$e"
            M_CPU="$(python3 -c 'import sys; print("%.4f" % (float(sys.argv[1]) + float(sys.argv[2])))' "$u" "$s")"
            ours="$M_CPU" busy0="$b0" busy1="$b1" t0="$s0" t1="$s1"
        fi
    fi
    rm -rf "$out"
    # set -e does not reach in here (see measure), so check what was parsed.
    if ! [[ "$M_WALL" =~ ^[0-9.]+$ && ( "$M_PEAK" == - || "$M_PEAK" =~ ^[0-9]+$ ) ]]; then
        M_FAILED="measurement error (see $RAW_DIR/$name.*)"
        return 1
    fi
    if [[ "$busy0" != - && "$busy1" != - ]]; then
        M_OTHER="$(python3 -c 'import sys; b0, b1, t0, t1, o = map(float, sys.argv[1:]); print("%.2f" % max(0.0, (b1 - b0 - o) / (t1 - t0)))' \
            "$busy0" "$busy1" "$t0" "$t1" "$ours")"
    fi
}

# CPU seconds the whole system has spent busy since boot (all cores: user, nice,
# system, irq, softirq, steal), or "-" where /proc/stat is not available.
system_busy() {
    local hz
    hz="$(getconf CLK_TCK 2>/dev/null || echo 100)"
    awk -v hz="$hz" '/^cpu / { printf "%.2f\n", ($2 + $3 + $4 + $7 + $8 + $9) / hz; found = 1 }
        END { if (!found) print "-" }' /proc/stat 2>/dev/null || echo -
}

# Other processes used a quarter of a core or more on average: the times are
# inflated. (The same threshold marks rows in the table.)
is_disturbed() {
    [[ "$1" != - ]] && python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= 0.25 else 1)' "$1"
}

# Waits, up to $QUIET_WAIT seconds, until other processes use less than a quarter
# of a core over one second, so that a compile beside the benchmark does not
# inflate its times. Proceeds (the row will show it) when the machine stays busy.
wait_quiet() {
    local waited=0 b0 b1 t0 t1 other
    while ((waited < QUIET_WAIT)); do
        b0="$(system_busy)" t0="$(date +%s.%N)"
        sleep 1
        b1="$(system_busy)" t1="$(date +%s.%N)"
        [[ "$b0" == - || "$b1" == - ]] && return 0
        other="$(python3 -c 'import sys; b0, b1, t0, t1 = map(float, sys.argv[1:]); print("%.2f" % ((b1 - b0) / (t1 - t0)))' \
            "$b0" "$b1" "$t0" "$t1")"
        is_disturbed "$other" || return 0
        ((waited == 0)) && log "waiting for the machine to be quiet (other processes use $other cores)"
        waited=$((waited + 1))
    done
    if ((QUIET_WAIT > 0)); then
        warn "the machine stayed busy for ${QUIET_WAIT}s: measuring anyway"
    fi
}

# count_pages TOOL OUT: the article pages a tool wrote. A build that exits 0
# but writes nothing (a stub binary, a wrong path) must not pass as fast.
count_pages() {
    local tool="$1" out="$2"
    case "$tool" in
        floor) find "$out" -maxdepth 1 -name '*.html' | wc -l ;;
        dossier) find "$out/articles" -maxdepth 1 -name '*.html' ! -name index.html 2>/dev/null | wc -l ;;
        hugo) find "$out/articles" -mindepth 2 -maxdepth 2 -name index.html 2>/dev/null | wc -l ;;
    esac
}

not_measured() {
    printf '%s\t%s\t%s\t-\t-\t-\t-\t-\n' "$1" "$2" "$3" >>"$MEASUREMENTS"
}

bench_size() {
    local size="$1" dcorpus hcorpus
    dcorpus="$(corpus dossier "$size")"
    local content="$dcorpus/content"
    local out="$BENCH_DIR/out"

    measure "$size" floor "$out/floor-$size" "$FLOOR" "$content" "$out/floor-$size" || STATUS=1

    if [[ -n "$DOSSIER" ]]; then
        measure "$size" dossier "$out/dossier-$size" \
            "$DOSSIER" build --content "$content" --output "$out/dossier-$size" || STATUS=1
    else
        not_measured "$size" dossier "not built"
    fi

    if [[ -n "$HUGO" ]]; then
        hcorpus="$(corpus hugo "$size")"
        measure "$size" hugo "$out/hugo-$size" \
            "$HUGO" --source "$hcorpus" --destination "$out/hugo-$size" --quiet || STATUS=1
    else
        not_measured "$size" hugo "$HUGO_ABSENT"
    fi
    # The outputs are only needed while measuring; dropping them keeps tmpfs
    # (RAM) free for the next, larger size.
    rm -rf "$out/floor-$size" "$out/dossier-$size" "$out/hugo-$size"
}

# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

machine() {
    local cpu mem
    cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
    mem="$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null)"
    printf '%s, %s cores, %s RAM, %s' "${cpu:-unknown CPU}" "$(nproc)" "${mem:-?}" "$(uname -sr)"
}

# The table is computed in Python (already required by the generator) because
# bash has no floating point. Ratios are to the floor of the same size.
report() {
    local hugo_version=""
    if [[ -n "$HUGO" ]]; then
        hugo_version="$("$HUGO" version 2>/dev/null | head -n 1)"
    fi
    R_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" \
        R_MACHINE="$(machine)" \
        R_SEED="$SEED" R_GEN_SHA="$GEN_SHA" R_BENCH_DIR="$BENCH_DIR" R_RUNS="$RUNS" R_WARMUP="$WARMUP" \
        R_HYPERFINE="$HAVE_HYPERFINE" R_GNU_TIME="$HAVE_GNU_TIME" \
        R_DOSSIER="${DOSSIER_VERSION:-not built}" R_HUGO="${hugo_version:-$HUGO_ABSENT}" \
        R_RUSTC="$(rustc --version 2>/dev/null || echo 'rustc unknown')" \
        python3 - "$MEASUREMENTS" <<'PY'
import os
import sys

env = os.environ
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]


def num(x):
    try:
        return float(x)
    except ValueError:
        return None


def ratio(a, b):
    return "%.2f" % (a / b) if a is not None and b else "-"


def fmt(x, spec):
    return spec % x if x is not None else "-"


if env["R_HYPERFINE"] == "1":
    wall_how = "mean of %s hyperfine runs after %s warm-up (± standard deviation)" % (env["R_RUNS"], env["R_WARMUP"])
else:
    wall_how = "one GNU time run (hyperfine not installed)"
if env["R_HYPERFINE"] == "1":
    cpu_how = "CPU time: mean user + system time of the same hyperfine runs"
elif env["R_GNU_TIME"] == "1":
    cpu_how = "CPU time: user + system time of that GNU time run"
else:
    cpu_how = "CPU time not measured"
if env["R_GNU_TIME"] == "1":
    cpu_how += "; peak memory: maximum resident set size from one GNU time run"
else:
    cpu_how += "; peak memory not measured (GNU time not installed)"

out = [
    "Measured %s on %s." % (env["R_DATE"], env["R_MACHINE"]),
    "",
    "Corpus: `gen_corpus.py --articles N --seed %s` (generator sha256 %s…), output on %s; "
    "wall time: %s; %s." % (env["R_SEED"], env["R_GEN_SHA"], env["R_BENCH_DIR"], wall_how, cpu_how),
    "",
    "Tools: floor = bench/floor (pulldown-cmark, single-threaded); dossier = %s; hugo = %s; %s."
    % (env["R_DOSSIER"], env["R_HUGO"], env["R_RUSTC"]),
    "",
    "| articles | tool | wall s | CPU s | peak MiB | wall × floor | CPU × floor | memory × floor "
    "| ms / article | KiB / article | other CPU |",
    "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
]
floor = {r[0]: r for r in rows if r[1] == "floor" and r[2] == "ok"}
per = {}
busy = False
for size, tool, status, wall, sd, cpu, peak, other in rows:
    n = int(size)
    if status != "ok":
        out.append("| %d | %s | %s | | | | | | | | |" % (n, tool, status))
        continue
    # Other processes kept a quarter of a core busy or more: the row is disturbed.
    busy = busy or (num(other) or 0) >= 0.25
    wall, sd, cpu, peak = num(wall), num(sd), num(cpu), num(peak)
    f = floor.get(size)
    fw, fc, fp = (num(f[3]), num(f[5]), num(f[6])) if f else (None, None, None)
    wall_s = fmt(wall, "%.3f") + (" ± %.3f" % sd if sd is not None else "")
    out.append("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        n, tool, wall_s, fmt(cpu, "%.3f"), fmt(peak and peak / 1024, "%.1f"),
        ratio(wall, fw), ratio(cpu, fc), ratio(peak, fp),
        fmt(wall and wall * 1000 / n, "%.4f"), fmt(peak and peak / n, "%.2f"), other))
    per.setdefault(tool, {})[n] = (wall and wall / n, peak and peak / n)

if busy:
    out += ["", "**Warning:** other processes kept a quarter of a core or more busy during some runs "
            "(column \"other CPU\"): those rows' times are inflated. Rerun on an idle machine."]

# Linear growth: the per-article cost at the largest size over that at the
# smallest (the target for dossier: at most 1.25 for 30000 against 10000).
growth = []
for tool, by_size in per.items():
    if len(by_size) < 2:
        continue
    lo, hi = min(by_size), max(by_size)
    (tl, ml), (th, mh) = by_size[lo], by_size[hi]
    growth.append("| %s | %d / %d | %s | %s |" % (tool, hi, lo, ratio(th, tl), ratio(mh, ml)))
if growth:
    out += [
        "",
        "Growth: cost per article at the larger size over the smaller (1.00 = linear; "
        "target for dossier ≤ 1.25):",
        "",
        "| tool | articles | time per article | memory per article |",
        "| --- | --- | ---: | ---: |",
    ] + growth
print("\n".join(out))
PY
}

main() {
    if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
        usage
        exit 0
    fi
    local sizes=("$@")
    if ((${#sizes[@]} == 0)); then
        read -r -a sizes <<<"${BENCH_SIZES:-10000 30000}"
    fi
    local s
    for s in "${sizes[@]}"; do
        if ! [[ "$s" =~ ^[0-9]+$ ]] || ((s < 10)); then
            die "size must be a whole number of articles, at least 10: '$s'"
        fi
    done
    [[ "$RUNS" =~ ^[1-9][0-9]*$ && "$WARMUP" =~ ^[0-9]+$ && "$QUIET_WAIT" =~ ^[0-9]+$ && "$RETRIES" =~ ^[0-9]+$ ]] ||
        die "BENCH_RUNS must be ≥ 1, and BENCH_WARMUP, BENCH_QUIET_WAIT and BENCH_RETRIES whole numbers"

    check_tools
    find_generator
    case "$BENCH_DIR" in
        /dev/shm/*) ;;
        *) warn "BENCH_DIR=$BENCH_DIR is not under /dev/shm: disk speed will be part of every time" ;;
    esac
    build_floor
    build_dossier

    mkdir -p "$BENCH_DIR" "$RAW_DIR"
    : >"$MEASUREMENTS"
    STATUS=0
    for s in "${sizes[@]}"; do
        bench_size "$s"
    done

    local table
    table="$(report)"
    {
        echo "# Benchmark results"
        echo
        echo "Written by \`bench/run.sh ${sizes[*]}\`; see bench/README.md."
        echo
        echo "$table"
    } >"$RESULTS"
    echo
    echo "$table"
    echo
    log "table written to $RESULTS; raw hyperfine JSON and time logs in $RAW_DIR"
    exit "$STATUS"
}

main "$@"
