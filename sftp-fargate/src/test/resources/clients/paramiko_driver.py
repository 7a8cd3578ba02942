"""One SFTP operation with paramiko (Debian's python3-paramiko), for the client matrix.

Usage: paramiko_driver.py HOST PORT USER KEY_FILE OP ARGS...

OP is one of: put LOCAL REMOTE, get REMOTE LOCAL, reget REMOTE LOCAL (resume a download at the
local file's size), mkdir PATH, rename FROM TO, rm PATH, rmdir PATH, ls DIR (prints one JSON
object per entry: {"name", "size", "dir"}). Exits 0 on success; on failure prints the error and
exits 1.
"""
import json
import stat
import sys

import paramiko


def main():
    host, port, user, key_file, op, args = (
        sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:])
    transport = paramiko.Transport((host, port))
    try:
        transport.connect(username=user, pkey=paramiko.Ed25519Key.from_private_key_file(key_file))
        sftp = paramiko.SFTPClient.from_transport(transport)
        if op == "put":
            sftp.put(args[0], args[1])
        elif op == "get":
            sftp.get(args[0], args[1])
        elif op == "reget":
            # paramiko has no resume command: its API reads from an offset, as a resuming
            # application would.
            with open(args[1], "ab") as local, sftp.open(args[0], "rb") as remote:
                remote.seek(local.tell())
                remote.prefetch()
                while True:
                    chunk = remote.read(32768)
                    if not chunk:
                        break
                    local.write(chunk)
        elif op == "mkdir":
            sftp.mkdir(args[0])
        elif op == "rename":
            sftp.rename(args[0], args[1])
        elif op == "rm":
            sftp.remove(args[0])
        elif op == "rmdir":
            sftp.rmdir(args[0])
        elif op == "ls":
            for a in sftp.listdir_attr(args[0]):
                print(json.dumps({"name": a.filename, "size": a.st_size,
                                  "dir": stat.S_ISDIR(a.st_mode)}))
        else:
            raise ValueError("unknown operation " + op)
    except Exception as e:  # the test reads the message
        print("%s: %s" % (type(e).__name__, e))
        sys.exit(1)
    finally:
        transport.close()


if __name__ == "__main__":
    main()
