"""The Spark JVMs run with `make java`'s class archive (tests/tools/sql/session.py): a stale one, written by
another JDK or for other jars, would be skipped without a word and every Spark JVM would start slower again."""

from __future__ import annotations

from pathlib import Path

from tests.tools.sql import session


def test_the_session_jvm_maps_the_class_archive(spark_engine):
    spark, _, _ = spark_engine
    pid = spark._jvm.java.lang.ProcessHandle.current().pid()
    mapped = Path(f"/proc/{pid}/maps").read_text(encoding="utf-8")
    stale = f"the session's JVM does not use {session.CDS_ARCHIVE}: it is stale, `rm -r _build/cds && make java`"
    assert str(session.CDS_ARCHIVE) in mapped, stale
