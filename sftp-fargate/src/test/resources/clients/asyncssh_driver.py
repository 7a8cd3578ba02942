"""One SFTP operation with asyncssh (Debian's python3-asyncssh), for the client matrix.

Usage: asyncssh_driver.py HOST PORT USER KEY_FILE OP ARGS...

OP is one of: put LOCAL REMOTE, get REMOTE LOCAL, reget REMOTE LOCAL (resume a download at the
local file's size), mkdir PATH, rename FROM TO, rm PATH, rmdir PATH, ls DIR (prints one JSON
object per entry: {"name", "size", "dir"}). Exits 0 on success; on failure prints the error and
exits 1.
"""
import asyncio
import json
import stat
import sys
import warnings

warnings.simplefilter("ignore")  # Debian's cryptography warns about ciphers asyncssh imports

import asyncssh  # noqa: E402


async def run(host, port, user, key_file, op, args):
    async with asyncssh.connect(host, port, username=user, client_keys=[key_file],
                                known_hosts=None, agent_path=None) as conn:
        async with conn.start_sftp_client() as sftp:
            if op == "put":
                await sftp.put(args[0], args[1])
            elif op == "get":
                await sftp.get(args[0], args[1])
            elif op == "reget":
                # asyncssh 2.10 has no resume command: its API reads from an offset, as a
                # resuming application would.
                with open(args[1], "ab") as local:
                    async with sftp.open(args[0], "rb") as remote:
                        await remote.seek(local.tell())
                        while True:
                            chunk = await remote.read(65536)
                            if not chunk:
                                break
                            local.write(chunk)
            elif op == "mkdir":
                await sftp.mkdir(args[0])
            elif op == "rename":
                await sftp.rename(args[0], args[1])
            elif op == "rm":
                await sftp.remove(args[0])
            elif op == "rmdir":
                await sftp.rmdir(args[0])
            elif op == "ls":
                for entry in await sftp.readdir(args[0]):
                    if entry.filename in (".", ".."):
                        continue
                    print(json.dumps({"name": entry.filename, "size": entry.attrs.size,
                                      "dir": stat.S_ISDIR(entry.attrs.permissions or 0)}))
            else:
                raise ValueError("unknown operation " + op)


def main():
    try:
        asyncio.run(run(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5],
                        sys.argv[6:]))
    except Exception as e:  # the test reads the message
        print("%s: %s" % (type(e).__name__, e))
        sys.exit(1)


if __name__ == "__main__":
    main()
