"""A throw-away PostgreSQL cluster for the tests: Debian's server binaries, a temporary folder, a free port.

``python tests/pg/cluster.py start FOLDER`` prints the connection string of a new cluster and leaves it
running; ``python tests/pg/cluster.py stop FOLDER`` stops it and removes the folder. The test command
(``tests/run.sh``) starts one before the tests and stops it at the end, whatever happened.

``initdb`` refuses to run as root, so as root the cluster belongs to the ``postgres`` user (the Debian
package creates it); otherwise it belongs to whoever runs the tests. Only a Unix socket in the folder
and the loopback address are listened on. The cluster has a superuser ``cockpit_admin`` that the tests
use to make databases and roles; the app itself is given ordinary roles, as in the README.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ADMIN = "cockpit_admin"


def binaries() -> Path:
    """The newest installed PostgreSQL server's ``bin`` folder (Debian: ``/usr/lib/postgresql/N/bin``)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise SystemExit("PostgreSQL's server is not installed (Debian/Ubuntu package: postgresql).")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


#: who may connect how: everyone over the socket and the loopback without a password, except PASSWORD_ROLE,
#: which must give one (the tests of libpq's password sources and of the app's password prompt)
PASSWORD_ROLE = "cockpit_pw"
HBA = f"""local all all trust
host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
"""


def _certificates(folder: Path) -> None:
    """A certificate authority (``ca.crt``) and a server certificate for ``localhost`` signed by it, so
    ``sslmode=verify-full`` can be tested against the cluster."""
    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, cwd=folder, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    openssl("req", "-new", "-x509", "-days", "2", "-nodes", "-subj", "/CN=Release Cockpit test CA",
            "-keyout", "ca.key", "-out", "ca.crt")
    openssl("req", "-new", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr")
    (folder / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
            "-out", "server.crt", "-extfile", "san.ext")
    key = folder / "server.key"
    key.chmod(0o600)
    if os.geteuid() == 0:
        shutil.chown(key, "postgres")


def start(folder: Path) -> str:
    """Create and start a cluster in ``folder``; return its connection string (superuser)."""
    folder.mkdir(parents=True, exist_ok=True)
    data, sockets = folder / "data", folder / "socket"
    sockets.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
        folder.chmod(0o755)
    bin_ = binaries()
    subprocess.run(_as_owner([str(bin_ / "initdb"), "-D", str(data), "-U", ADMIN, "--auth=trust", "-E", "UTF8",
                              "--locale=C.UTF-8", "--no-sync"]), check=True, stdout=subprocess.DEVNULL)
    _certificates(folder)
    (data / "pg_hba.conf").write_text(HBA)
    port = free_port()
    options = (f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off "
               "-c synchronous_commit=off -c max_connections=200 -c shared_buffers=64MB "
               f"-c ssl=on -c ssl_cert_file={folder / 'server.crt'} -c ssl_key_file={folder / 'server.key'}")
    subprocess.run(_as_owner([str(bin_ / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-o", options,
                              "-w", "-t", "60", "start"]), check=True, stdout=subprocess.DEVNULL)
    dsn = f"host={sockets} port={port} user={ADMIN} dbname=postgres"
    (folder / "dsn").write_text(dsn)
    return dsn


def stop(folder: Path) -> None:
    """Stop the cluster in ``folder`` (if it runs) and remove the folder."""
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(_as_owner([str(binaries() / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(50):
        try:
            shutil.rmtree(folder)
            return
        except OSError:
            time.sleep(0.1)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: cluster.py start|stop FOLDER", file=sys.stderr)
        return 2
    folder = Path(argv[1])
    if argv[0] == "start":
        print(start(folder))
    else:
        stop(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
