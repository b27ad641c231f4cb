"""Runs sluice inside Apache Spark with rdd.pipe on a JSONL file and checks that the records
Spark collects are byte for byte what sluice writes when it runs on the file itself.

    python scripts/spark_pipe_check.py SLUICE_BINARY WORK_DIR [DEV_DIR]

Called by scripts/spark-test, which sets up the Python environment.
"""
import glob
import json
import os
import subprocess
import sys
import time

from pyspark import SparkConf, SparkContext


def write_records(path, dev_dir):
    """A JSONL file: every eval input (when there) and synthetic records with escapes,
    astral characters, a lone surrogate, extra fields, an empty text and a malformed line."""
    with open(path, "w", encoding="utf-8") as out:
        for n, name in enumerate(sorted(glob.glob(os.path.join(dev_dir or "", "*.input.txt")))):
            with open(name, encoding="utf-8", errors="replace") as f:
                text = f.read()
            out.write(json.dumps({"id": n, "url": "https://example.org/%d" % n, "text": text}) + "\n")
        for n in range(5000):
            text = "Caf\u0065\u0301\u00a0 n\u00b0%d  \U0001F600\r\n\r\n\r\nend\u200b" % n
            out.write(json.dumps({"n": n, "text": text, "tags": ["a", {"text": "nested  "}]},
                                 ensure_ascii=(n % 2 == 0)) + "\n")
        out.write('{"text": "lone \\ud800 surrogate", "x": 1}\n')
        out.write('{"text": "  \\u200b  "}\n')
        out.write("not a record\n")


def main():
    sluice, work = sys.argv[1], sys.argv[2]
    dev_dir = sys.argv[3] if len(sys.argv) > 3 else None
    os.makedirs(work, exist_ok=True)
    records = os.path.join(work, "records.jsonl")
    write_records(records, dev_dir)

    with open(records, "rb") as f:
        direct = subprocess.run([sluice, "--format", "jsonl", "--jobs", "1", "--quiet"], stdin=f,
                                capture_output=True, check=False).stdout

    started = time.time()
    conf = (SparkConf().setMaster("local[2]").setAppName("sluice-pipe-check")
            .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false"))
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        lines = sc.textFile(records, minPartitions=4)
        cleaned = lines.pipe("%s --format jsonl --jobs 1 --quiet" % sluice).collect()
    finally:
        sc.stop()
    piped = ("\n".join(cleaned) + "\n").encode("utf-8")

    if piped != direct:
        print("spark-test: FAIL: rdd.pipe output differs from sluice's own run "
              "(%d bytes vs %d bytes)" % (len(piped), len(direct)))
        return 1
    print("spark-test: %d records through rdd.pipe in %.1f s, identical to sluice's own run (%d bytes)"
          % (len(cleaned), time.time() - started, len(direct)))
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
