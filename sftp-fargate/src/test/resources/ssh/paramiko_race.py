"""Racing password logins with paramiko (Debian's python3-paramiko), for SessionRefusalTest.

Usage: paramiko_race.py HOST PORT USER PASSWORD COUNT

Starts COUNT logins at once. A login that is admitted opens SFTP, lists "/" and holds its session
until every login has an outcome, so the winners keep their slots while the others race for them.
Prints one JSON object per login on stdout: {"login": i, "outcome": "admitted" | "refused",
"error": ..., "log": [...]}, where "log" is what paramiko logged for that connection (a refused
login should show "Disconnect (code 12): ..."; a corrupted stream shows "Mismatched MAC").
"""
import json
import logging
import socket
import sys
import threading

import paramiko


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = {}
        self.guard = threading.Lock()

    def emit(self, record):
        with self.guard:
            self.lines.setdefault(record.name, []).append(record.levelname + " " + record.getMessage())


def main():
    host, port, user, password, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
    capture = Capture()
    root = logging.getLogger("race")
    root.setLevel(logging.INFO)
    root.addHandler(capture)
    root.propagate = False

    start = threading.Barrier(count)
    decided = threading.Barrier(count + 1)
    release = threading.Event()
    results = [None] * count

    def login(i):
        channel = "race.%d" % i
        transport = None
        result = {"login": i}
        try:
            start.wait()
            sock = socket.create_connection((host, port), timeout=60)
            transport = paramiko.Transport(sock)
            transport.set_log_channel(channel)
            transport.start_client(timeout=60)
            transport.auth_password(user, password)
            sftp = paramiko.SFTPClient.from_transport(transport)
            result["listing"] = sftp.listdir("/")
            result["outcome"] = "admitted"
        except Exception as e:  # every failure is reported, never raised
            result["outcome"] = "refused"
            result["error"] = "%s: %s" % (type(e).__name__, e)
        results[i] = result
        decided.wait()
        release.wait()
        if transport is not None:
            transport.close()

    threads = [threading.Thread(target=login, args=(i,), daemon=True) for i in range(count)]
    for t in threads:
        t.start()
    decided.wait()
    for i, result in enumerate(results):
        result["log"] = capture.lines.get("race.%d" % i, [])
        print(json.dumps(result), flush=True)
    release.set()
    for t in threads:
        t.join(60)


if __name__ == "__main__":
    main()
