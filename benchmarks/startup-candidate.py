#!/usr/bin/env python3
"""Whether a change to shadowtx saves startup CPU: the benchmark application started side by side as
`off`, `on` and `candidate` (`on` with the jars of another build), and the main thread's CPU to a
started context compared run by run (see docs/benchmarks.md, "Startup"). Needs a build
(./mvnw -pl benchmarks -am package) and the candidate's jars in a directory of their own.

    benchmarks/startup-candidate.py --candidate=DIR               # 9 runs
    benchmarks/startup-candidate.py --candidate=DIR --runs=11 --jvm-arg=-Xint
    benchmarks/startup-candidate.py --cds --runs=7                # off and on, with and without a CDS archive

--candidate=DIR: every jar of DIR replaces the class path entry of the same file name (for example
shadow-spring-boot-starter-0.1.0-SNAPSHOT.jar from a patched build); the other entries stay.
--jvm-arg=ARG (repeatable): given to every variant, e.g. -Xint (interpreter only: no JIT compiler
threads compete with the main thread, so a run's ratio moves less, at four times the CPU).
--cds: instead of a candidate, starts `off` and `on` both without and with one dynamic class data
sharing archive dumped from a start of `on` (-XX:ArchiveClassesAtExit, the benchmark's own classes
jarred first, as an archive takes no directory): what is left of `on` - `off` once neither loads,
parses nor verifies a class from its jar.

Every variant of a run starts at once (same load) with -Dbench.startup-counts=true. Printed: each
run's main-thread CPU, then for each pair of variants the median of the per-run ratios and of the
per-run differences, with the distribution-free interval of the median (order statistics; its
coverage printed beside it).
"""
import importlib.util
import math
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile

BENCH = pathlib.Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("startup_breakdown", BENCH / "startup-breakdown.py")
breakdown = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(breakdown)

MAIN = "dev.shadowtx.benchmarks.app.BenchApplication"
COUNTS = re.compile(r"main thread CPU ([\d.]+) ms, (\d+) bean definitions, (\d+) conditions evaluated "
                    r"\((\d+) on beans\), (\d+) classes loaded")


def replaced(cp, directory):
    jars = {p.name: str(p.resolve()) for p in pathlib.Path(directory).glob("*.jar")}
    if not jars:
        sys.exit(f"no jar in {directory}")
    entries = cp.split(os.pathsep)
    missing = set(jars) - {os.path.basename(e) for e in entries}
    if missing:
        sys.exit(f"not on the benchmark's class path: {sorted(missing)}")
    return os.pathsep.join(jars.get(os.path.basename(e), e) for e in entries)


def jarred(cp, work):
    """The class path with the benchmark's classes directory as a jar (class data sharing takes none)."""
    jar = work / "benchmark-classes.jar"
    subprocess.run(["jar", "cf", str(jar), "-C", str(BENCH / "target/classes"), "."], check=True)
    return os.pathsep.join(str(jar) if e == "target/classes" else e for e in cp.split(os.pathsep))


def dump_archive(cp, work, jvm_args):
    archive = work / "on.jsa"
    cmd = ["java", "-Xms512m", "-Xmx512m", f"-XX:ArchiveClassesAtExit={archive}", "-Xlog:cds=off",
           "-Xlog:cds+dynamic=off", "-Dbench.startup-counts=true"] + jvm_args + [
        "-cp", cp, MAIN, "--server.port=0", "--shadow.enabled=true"]
    with open(work / "dump.out", "w") as out:
        if subprocess.run(cmd, cwd=BENCH, stdout=out, stderr=subprocess.STDOUT).returncode != 0 or not archive.exists():
            sys.exit(f"dumping the archive failed, see {work}/dump.out")
    return archive


def start_run(variants, work, run, jvm_args):
    procs = {}
    for name, (cp, extra, arguments) in variants.items():
        cmd = ["java", "-Xms512m", "-Xmx512m", "-Dbench.startup-counts=true"] + extra + jvm_args + [
            "-cp", cp, MAIN, "--server.port=0"] + arguments
        procs[name] = subprocess.Popen(cmd, cwd=BENCH, stdout=open(work / f"{name}-{run}.out", "w"),
                                       stderr=subprocess.STDOUT)
    found = {}
    for name, proc in procs.items():
        if proc.wait() != 0:
            sys.exit(f"{name} run {run} failed, see {work}/{name}-{run}.out")
        match = COUNTS.search((work / f"{name}-{run}.out").read_text())
        found[name] = (float(match.group(1)), [int(match.group(i)) for i in range(2, 6)])
    return found


def interval(values):
    """The median's distribution-free interval: the k-th lowest and highest of n values, k as large as
    keeps a coverage of at least 95 % (at least 2 in 5)."""
    n = len(values)
    ordered = sorted(values)
    k = 1
    while k + 1 <= n // 2 and coverage(n, k + 1) >= 0.95:
        k += 1
    return ordered[k - 1], ordered[n - k], coverage(n, k)


def coverage(n, k):
    return 1 - 2 * sum(math.comb(n, i) for i in range(k)) / 2 ** n


def main():
    runs, candidate, cds, jvm_args = 9, None, False, []
    for arg in sys.argv[1:]:
        if arg.startswith("--runs="):
            runs = int(arg.split("=", 1)[1])
        elif arg.startswith("--candidate="):
            candidate = arg.split("=", 1)[1]
        elif arg.startswith("--jvm-arg="):
            jvm_args.append(arg.split("=", 1)[1])
        elif arg == "--cds":
            cds = True
        else:
            sys.exit(__doc__)
    if (candidate is None) == (not cds):
        sys.exit(__doc__)
    work = pathlib.Path(tempfile.mkdtemp(prefix="startup-candidate-"))
    cp = breakdown.class_path()
    off, on = ["--shadow.enabled=false"], ["--shadow.enabled=true"]
    if cds:
        cp = jarred(cp, work)
        shared = ["-XX:SharedArchiveFile=" + str(dump_archive(cp, work, jvm_args)), "-Xlog:cds=off"]
        variants = {"off": (cp, [], off), "on": (cp, [], on), "off-cds": (cp, shared, off), "on-cds": (cp, shared, on)}
        pairs = [("on", "off"), ("on-cds", "off-cds"), ("off-cds", "off"), ("on-cds", "on")]
    else:
        variants = {"off": (cp, [], off), "on": (cp, [], on), "candidate": (replaced(cp, candidate), [], on)}
        pairs = [("on", "off"), ("candidate", "off"), ("candidate", "on")]
    figures = {name: [] for name in variants}
    for run in range(1, runs + 1):
        found = start_run(variants, work, run, jvm_args)
        for name, value in found.items():
            figures[name].append(value)
        print(f"run {run}: " + ", ".join(f"{name} {value[0]:.0f} ms" for name, value in found.items()), flush=True)
    print(f"\nstartup, {len(variants)} variants started side by side, {runs} runs"
          + (f", JVM arguments {' '.join(jvm_args)}" if jvm_args else "") + f"; logs in {work}")
    for name, values in figures.items():
        counts = values[0][1]
        print(f"  {name:<10} main thread CPU median {statistics.median(v[0] for v in values):7.0f} ms; "
              f"{counts[0]} bean definitions, {counts[1]} conditions ({counts[2]} on beans), "
              f"{statistics.median(v[1][3] for v in values):.0f} classes loaded")
    for a, b in pairs:
        ratios = [x[0] / y[0] for x, y in zip(figures[a], figures[b])]
        differences = [x[0] - y[0] for x, y in zip(figures[a], figures[b])]
        low, high, cover = interval(ratios)
        d_low, d_high, _ = interval(differences)
        below = sum(r < 1 for r in ratios)
        print(f"  {a + ' ÷ ' + b:<20} {statistics.median(ratios):.4f} ({low:.4f} to {high:.4f}, {cover:.1%}); "
              f"difference {statistics.median(differences):+.0f} ms ({d_low:+.0f} to {d_high:+.0f}); "
              f"{below} of {runs} runs below 1")
    if cds:
        (work / "on.jsa").unlink()


if __name__ == "__main__":
    main()
