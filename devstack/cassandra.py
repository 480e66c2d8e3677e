"""Apache Cassandra 5.0 on JDK 17 from Maven Central's cassandra-all jars: one node under var/cassandra/.

No Debian or PyPI package has a Cassandra server, so Maven materialises cassandra-all's runtime classpath
(devstack/cassandra/pom.xml) and this module assembles what Cassandra's own bin/cassandra would run.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import string
import subprocess
from pathlib import Path
from typing import ClassVar

from devstack.common import LOOPBACK, REPO, Port, ServiceError, SpawnedService, env_port, probe, run

HERE = Path(__file__).resolve().parent / "cassandra"
MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon"

# From Cassandra 5.0's conf/jvm17-server.options: the JDK internals the server reaches into.
JDK17_OPTIONS = [
    "-Djdk.attach.allowAttachSelf=true",
    "-Dio.netty.tryReflectionSetAccessible=true",
    *(
        f"--add-exports={target}=ALL-UNNAMED"
        for target in (
            "java.base/jdk.internal.misc",
            "java.management.rmi/com.sun.jmx.remote.internal.rmi",
            "java.management/com.sun.jmx.remote.security",
            "java.rmi/sun.rmi.registry",
            "java.rmi/sun.rmi.server",
            "java.sql/java.sql",
            "java.base/java.lang.ref",
            "jdk.unsupported/sun.misc",
        )
    ),
    *(
        f"--add-opens={target}=ALL-UNNAMED"
        for target in (
            "java.base/java.lang.module",
            "java.base/jdk.internal.loader",
            "java.base/jdk.internal.ref",
            "java.base/jdk.internal.reflect",
            "java.base/jdk.internal.math",
            "java.base/jdk.internal.module",
            "java.base/jdk.internal.util.jar",
            "jdk.management/com.sun.management.internal",
            "java.base/sun.nio.ch",
            "java.base/java.io",
            "java.base/java.lang.reflect",
            "java.base/java.lang",
            "java.base/java.util",
            "java.base/java.nio",
        )
    ),
]
# What bin/cassandra.in.sh adds when the Java runtime is a full JDK (one with javac).
JDK_COMPILER_OPTIONS = [
    "--add-exports=jdk.attach/sun.tools.attach=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
]
# A CQL v4 OPTIONS request on stream 1; a ready node answers SUPPORTED (opcode 6) in a v4 response.
CQL_OPTIONS = bytes([0x04, 0, 0, 1, 0x05, 0, 0, 0, 0])


def find_java17() -> Path | None:
    """Cassandra 5.0 needs Java 17 exactly: Debian's, or whatever `java` is if that is 17."""
    debian = sorted(Path("/usr/lib/jvm").glob("java-17-openjdk-*/bin/java"))
    if debian:
        return debian[0]
    java = shutil.which("java")
    if java is None:
        return None
    version = subprocess.run(
        [java, "-version"],
        check=False,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ).stdout
    return Path(java) if re.search(r'version "17[."]', version) else None


class Cassandra(SpawnedService):
    name = "cassandra"
    marker = MAIN_CLASS
    startup_timeout: ClassVar[float] = 180.0

    def __init__(self) -> None:
        super().__init__()
        self.lib = self.dir / "lib"
        self.conf = self.dir / "conf"
        self.logs = self.dir / "logs"
        self.tmp = self.dir / "tmp"

    @property
    def ports(self) -> list[Port]:
        return [
            env_port("PHOTOGRAM_CASSANDRA_PORT", 19042, "Cassandra CQL"),
            env_port("PHOTOGRAM_CASSANDRA_STORAGE_PORT", 17000, "Cassandra storage"),
            env_port("PHOTOGRAM_CASSANDRA_JMX_PORT", 17199, "Cassandra JMX"),
        ]

    @property
    def console_log(self) -> Path:
        return self.logs / "output.log"

    def missing_packages(self) -> list[str]:
        missing = [] if find_java17() else ["openjdk-17-jdk-headless"]
        return missing + ([] if shutil.which("mvn") else ["maven"])

    def prepare(self) -> None:
        self._materialise_classpath()
        for path in (self.conf, self.logs, self.tmp):
            path.mkdir(parents=True, exist_ok=True)
        native, storage, _ = self.ports
        template = string.Template((HERE / "cassandra.yaml.template").read_text())
        (self.conf / "cassandra.yaml").write_text(
            template.substitute(address=LOOPBACK, native_port=native.number, storage_port=storage.number)
        )
        shutil.copyfile(HERE / "logback.xml", self.conf / "logback.xml")

    def _materialise_classpath(self) -> None:
        pom = HERE / "pom.xml"
        # The marker holds the pom's hash, so editing the pom (a new version) refetches the jars.
        stamp = hashlib.sha256(pom.read_bytes()).hexdigest()
        marker = self.lib / ".complete"
        if marker.is_file() and marker.read_text() == stamp:
            return
        shutil.rmtree(self.lib, ignore_errors=True)
        print("cassandra: fetching cassandra-all's runtime classpath with Maven (once)...", flush=True)
        run(
            [
                "mvn",
                "-q",
                "-B",
                "-f",
                pom,
                "dependency:copy-dependencies",
                "-DincludeScope=runtime",
                f"-DoutputDirectory={self.lib}",
            ],
            "mvn dependency:copy-dependencies",
            cwd=REPO,
            timeout=900,
        )
        marker.write_text(stamp)

    def command(self) -> list[str]:
        java = find_java17()
        if java is None:
            raise ServiceError("Java 17 is not installed: run bin/services up cassandra")
        jars = sorted(self.lib.glob("*.jar"))
        heap = os.environ.get("PHOTOGRAM_CASSANDRA_HEAP", "1G")
        jmx = self.ports[2].number
        options = [
            f"-Xms{heap}",
            f"-Xmx{heap}",
            "-Xss256k",
            "-XX:+UseG1GC",
            # A node out of heap is in an unknown state: exit rather than limp on.
            "-XX:+ExitOnOutOfMemoryError",
            "-ea",
            "-Djava.net.preferIPv4Stack=true",
            *JDK17_OPTIONS,
            *(JDK_COMPILER_OPTIONS if (java.parent / "javac").exists() else []),
            # jamm measures object sizes for memtable accounting (5.0 falls back to Unsafe without it).
            *(f"-javaagent:{jar}" for jar in jars if jar.name.startswith("jamm-")),
            f"-Dcassandra.config={(self.conf / 'cassandra.yaml').as_uri()}",
            f"-Dcassandra.storagedir={self.dir}",
            f"-Dcassandra.logdir={self.logs}",
            f"-Dlogback.configurationFile={self.conf / 'logback.xml'}",
            # Else Cassandra closes stdout and stderr, and a crash would leave no trace in output.log.
            "-Dcassandra-foreground=yes",
            # JMX (nodetool) on loopback only, registry and RMI server on the one port.
            f"-Dcassandra.jmx.local.port={jmx}",
            f"-Dcom.sun.management.jmxremote.rmi.port={jmx}",
            # A single node has no gossip to wait for: this takes tens of seconds off each start.
            "-Dcassandra.skip_wait_for_gossip_to_settle=0",
            "-Dcassandra.ring_delay_ms=1000",
            "-Dcassandra.superuser_setup_delay_ms=0",
            # Dev and test data only: schema changes skip flushing system tables, so DDL in tests is fast.
            "-Dcassandra.unsafesystem=true",
            # JNA unpacks its native library here; it must not be a noexec mount.
            f"-Djava.io.tmpdir={self.tmp}",
            f"-Djna.tmpdir={self.tmp}",
        ]
        # The conf dir comes first so that our logback.xml wins; jars are listed, never globbed.
        classpath = os.pathsep.join([str(self.conf), *map(str, jars)])
        return [str(java), *options, "-cp", classpath, MAIN_CLASS]

    def ready(self) -> bool:
        answer = probe(self.ports[0].number, CQL_OPTIONS)
        return len(answer) >= 5 and answer[0] == 0x84 and answer[4] == 0x06

    def log_files(self) -> list[Path]:
        return [self.console_log, self.logs / "system.log"]

    def wipe_paths(self) -> list[Path]:
        # Keep the classpath: it is no data, and fetching it again takes a while.
        return [path for path in self.dir.iterdir() if path != self.lib] if self.dir.is_dir() else []
