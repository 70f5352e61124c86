#!/usr/bin/env python3
"""Which of shadowtx's auto-configurations holds the startup CPU that `on` adds to `off`: the
benchmark application started side by side as `off`, `on`, and `on` with one auto-configuration
excluded at a time (see docs/benchmarks.md, "Startup"). Needs a build (./mvnw -pl benchmarks -am
package).

    benchmarks/startup-ablation.py             # 9 runs
    benchmarks/startup-ablation.py --runs=5
    benchmarks/startup-ablation.py --runs=9 --logs=DIR   # the runs missing from a former run's logs, then all

Every variant of a run starts at once (same load), with -Dbench.startup-counts=true: the main
thread's CPU time to a started context, bean definitions, condition evaluations (those on beans
apart), classes loaded. The first run also logs class loading and invokedynamic bootstraps
(-Xlog:class+load, -Xlog:methodhandles+indy=debug), whose counts are printed; the later runs do
not, as the logging costs CPU per class. For each variant: the median of its main thread's CPU,
the median of the per-run ratios to `off`, and what excluding it saves against `on` (median of the
per-run differences).
"""
import importlib.util
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

EXCLUDED = [
    "dev.shadowtx.web.autoconfigure.ShadowServletAutoConfiguration",
    "dev.shadowtx.observation.autoconfigure.ShadowObservationAutoConfiguration",
    "dev.shadowtx.jdbc.autoconfigure.ShadowJdbcAutoConfiguration",
    "dev.shadowtx.transaction.autoconfigure.ShadowTransactionAutoConfiguration",
    "dev.shadowtx.http.autoconfigure.ShadowHttpClientAutoConfiguration",
    "dev.shadowtx.http.autoconfigure.ShadowHttpClientBeansAutoConfiguration",
    "dev.shadowtx.async.autoconfigure.ShadowAsyncAutoConfiguration",
    "dev.shadowtx.annotation.autoconfigure.ShadowAnnotationsAutoConfiguration",
    "dev.shadowtx.cache.autoconfigure.ShadowCacheAutoConfiguration",
    "dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration",
    "dev.shadowtx.summary.autoconfigure.ShadowSummaryAutoConfiguration",
]


def variants():
    found = {"off": ["--shadow.enabled=false"], "on": ["--shadow.enabled=true"]}
    for name in EXCLUDED:
        found["-" + name.rsplit(".", 1)[1].replace("AutoConfiguration", "").replace("Shadow", "")] = [
            "--shadow.enabled=true", f"--spring.autoconfigure.exclude={name}"]
    # every auto-configuration but the core one (its beans are what the others use)
    found["core only"] = ["--shadow.enabled=true", "--spring.autoconfigure.exclude=" + ",".join(EXCLUDED)]
    return found


def file_name(name):
    return re.sub(r"[^A-Za-z0-9]+", "_", name)


def start_run(cp, work, run, found):
    procs = {}
    for name, arguments in found.items():
        log = work / f"{file_name(name)}-{run}"
        jvm = ["java", "-Xms512m", "-Xmx512m", "-Dbench.startup-counts=true"]
        if run == 1:
            jvm += [f"-Xlog:class+load=info:file={log}.classes", f"-Xlog:methodhandles+indy=debug:file={log}.indy"]
        cmd = jvm + ["-cp", cp, "dev.shadowtx.benchmarks.app.BenchApplication", "--server.port=0"] + arguments
        procs[name] = subprocess.Popen(cmd, cwd=BENCH, stdout=open(f"{log}.out", "w"), stderr=subprocess.STDOUT)
    for name, proc in procs.items():
        if proc.wait() != 0:
            sys.exit(f"{name} run {run} failed, see {work}/{file_name(name)}-{run}.out")


def counts(path):
    match = re.search(r"main thread CPU ([\d.]+) ms, (\d+) bean definitions, (\d+) conditions evaluated "
                      r"\((\d+) on beans\), (\d+) classes loaded", path.read_text())
    return float(match.group(1)), [int(match.group(i)) for i in range(2, 6)]


def logged(work, name):
    classes = (work / f"{file_name(name)}-1.classes").read_text().splitlines()
    hidden = [line for line in classes if "$$Lambda$" in line]
    ours = [line for line in hidden if "] dev.shadowtx." in line and "dev.shadowtx.benchmarks." not in line]
    indy = [line for line in (work / f"{file_name(name)}-1.indy").read_text().splitlines()
            if "resolve_invokedynamic Bootstrap in" in line]
    ours_indy = [line for line in indy if " in dev/shadowtx/" in line and " in dev/shadowtx/benchmarks/" not in line]
    concat = [line for line in indy if "makeConcatWithConstants" in line]
    ours_concat = [line for line in ours_indy if "makeConcatWithConstants" in line]
    return len(hidden), len(ours), len(indy), len(ours_indy), len(concat), len(ours_concat)


def main():
    runs = 9
    work = None
    for arg in sys.argv[1:]:
        if arg.startswith("--runs="):
            runs = int(arg.split("=", 1)[1])
        elif arg.startswith("--logs="):
            work = pathlib.Path(arg.split("=", 1)[1])
        else:
            sys.exit(__doc__)
    found = variants()
    if work is None:
        work = pathlib.Path(tempfile.mkdtemp(prefix="startup-ablation-"))
    cp = breakdown.class_path()
    for run in range(1, runs + 1):
        # with --logs, only the runs missing from the directory are started
        if not (work / f"{file_name('on')}-{run}.out").exists():
            start_run(cp, work, run, found)
            print(f"run {run} of {runs} done", file=sys.stderr)
    figures = {name: [counts(work / f"{file_name(name)}-{run}.out") for run in range(1, runs + 1)] for name in found}
    off = [f[0] for f in figures["off"]]
    on = [f[0] for f in figures["on"]]
    print(f"startup ablation: {len(found)} variants started side by side, {runs} runs; logs in {work}")
    print("main thread CPU to a started context (median ms), median of per-run ratios to off, on minus the variant "
          "(median of per-run differences, ms); bean definitions, conditions evaluated (on beans), classes "
          "loaded; first run: lambda classes (ours), invokedynamic sites bootstrapped (ours), of them string "
          "concatenations (ours)")
    print(f"{'variant':<22} {'main ms':>8} {'÷ off':>7} {'saves':>7}  {'beans':>5} {'conds':>5} {'onBean':>6} "
          f"{'classes':>7}  {'lambdas':>11} {'indy':>11} {'concat':>9}")
    for name, values in figures.items():
        main_cpu = [f[0] for f in values]
        ratio = statistics.median(m / o for m, o in zip(main_cpu, off))
        saves = statistics.median(o - m for m, o in zip(main_cpu, on))
        beans, conds, on_bean, classes = (statistics.median(f[1][i] for f in values) for i in range(4))
        hidden, ours, indy, ours_indy, concat, ours_concat = logged(work, name)
        print(f"{name:<22} {statistics.median(main_cpu):8.0f} {ratio:7.3f} {saves:+7.0f}  {beans:5.0f} {conds:5.0f} "
              f"{on_bean:6.0f} {classes:7.0f}  {hidden:5d} ({ours:3d}) {indy:5d} ({ours_indy:3d}) "
              f"{concat:4d} ({ours_concat:2d})")


if __name__ == "__main__":
    main()
