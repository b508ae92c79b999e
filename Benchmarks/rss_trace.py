#!/usr/bin/env python3
"""Where a run's memory goes: runs a totsugo command with stderr on a pseudo-terminal (so its
progress lines show; TOTSUGO_PROGRESS_AFTER=0), samples the process's VmRSS every 10 ms, and
prints each stderr line (progress, and TOTSUGO_TRACE=1's phase lines when set) with the time and
the RSS at that moment, then the peak and when it came. BENCHMARKS.md's "by hand" memory
sections were measured with it.

usage: rss_trace.py [--samples FILE.json] COMMAND [ARG ...]
"""
import json
import os
import pty
import subprocess
import sys
import threading
import time


def main(argv):
    samples_path = None
    if argv[:1] == ["--samples"]:
        samples_path, argv = argv[1], argv[2:]
    if not argv:
        print(__doc__)
        return 2
    master, slave = pty.openpty()
    start = time.time()
    process = subprocess.Popen(argv, stderr=slave, stdout=subprocess.DEVNULL,
                               env=dict(os.environ, TOTSUGO_PROGRESS_AFTER="0"))
    os.close(slave)
    samples = []

    def sample():
        while process.poll() is None:
            try:
                with open(f"/proc/{process.pid}/status") as status:
                    for line in status:
                        if line.startswith("VmRSS"):
                            samples.append((time.time() - start, int(line.split()[1]) // 1024))
            except OSError:
                pass
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    pending = b""
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        pending += data
        while b"\n" in pending or b"\r" in pending:
            cut = min(i for i in (pending.find(b"\n"), pending.find(b"\r")) if i >= 0)
            line, pending = pending[:cut], pending[cut + 1:]
            if line.strip():
                rss = samples[-1][1] if samples else 0
                print(f"{time.time() - start:6.2f}s {rss:5d} MiB | {line.decode(errors='replace')}")
    process.wait()
    sampler.join()
    if samples_path:
        with open(samples_path, "w") as out:
            json.dump(samples, out)
    peak = max(samples, key=lambda s: s[1]) if samples else (0.0, 0)
    print(f"peak {peak[1]} MiB at {peak[0]:.2f}s; end {time.time() - start:.2f}s; exit {process.returncode}")
    return process.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
