#!/usr/bin/env bash
# Makes the convert-users fixtures beside this script with the real tools, so the tests read what
# those tools write:
#   unix/passwd, unix/shadow      useradd -R / chpasswd -R / usermod -R / passwd -R on a test root
#   pure-ftpd/pureftpd.passwd     pure-pw useradd
#   proftpd/ftpd.passwd           ftpasswd --passwd
#   expected.json                 every account, its plain password and what convert-users does
#
# Needs (Debian 12): root (the -R options chroot), passwd (useradd, chpasswd, usermod, passwd),
# whois (mkpasswd), pure-ftpd (pure-pw), perl and ProFTPD's ftpasswd, jq, unshare (util-linux).
# Debian's pure-ftpd and proftpd-core conflict (both are the ftp-server), so when ftpasswd is not
# on the PATH this script takes it from proftpd-core's package (apt-get download, no install).
#   apt-get update && apt-get install -y pure-ftpd whois jq
#
# What the tools write (Debian 12, checked 2026-12-02):
# - chpasswd -R cannot use PAM in the test root, so each hash method is asked for with -c; Debian
#   12's PAM default is yescrypt, which -c YESCRYPT writes. bcrypt comes from mkpasswd (chpasswd
#   has no bcrypt), set with usermod -p.
# - pure-pw 1.0.50 hashes with libsodium's argon2id, its memory and passes calibrated to take
#   about a second here (m=8192 KiB, t=1023 by default; m*t is always far above the 512 MiB
#   passes Sluice verifies), so those accounts cannot come over with their passwords. pure-pw
#   built without libsodium writes crypt(3) hashes (bcrypt $2a$08$, else sha512-crypt, else
#   md5-crypt: best_crypt() in src/pure-pw.c), which pure-ftpd verifies with crypt(3): lee, mia
#   and ned are made by pure-pw and then given such a hash (from mkpasswd) in place of the
#   argon2id one; kim keeps pure-pw's own hash.
# - ftpasswd 1.3.0 (proftpd 1.3.8) writes md5-crypt, sha256-crypt (its default), sha512-crypt or
#   DES crypt; --lock puts '!' before the hash. It wants the home directory to exist: the homes
#   are made under /srv/ftp in a private mount namespace, so nothing is left on the machine.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for tool in useradd chpasswd usermod passwd mkpasswd pure-pw perl jq unshare; do
    command -v "$tool" >/dev/null || { echo "generate.sh: $tool is missing (see the header)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "generate.sh: run as root (useradd -R chroots)" >&2; exit 1; }
ftpasswd=$(command -v ftpasswd || true)
if [ -z "$ftpasswd" ]; then
    (cd "$work" && apt-get download proftpd-core >/dev/null 2>&1)
    dpkg-deb -x "$work"/proftpd-core_*.deb "$work/proftpd"
    ftpasswd="$work/proftpd/usr/sbin/ftpasswd"
fi

# ---- unix-passwd ----------------------------------------------------------------------------
root="$work/root"
mkdir -p "$root/etc"
cp /etc/login.defs "$root/etc/"
printf '%s\n' 'root:x:0:0:root:/root:/bin/bash' 'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin' \
    'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' >"$root/etc/passwd"
printf '%s\n' 'root:*:20000:0:99999:7:::' 'daemon:*:20000:0:99999:7:::' \
    'nobody:*:20000:0:99999:7:::' >"$root/etc/shadow"
printf '%s\n' 'root:x:0:' 'daemon:x:1:' 'nogroup:x:65534:' >"$root/etc/group"
printf '%s\n' 'root:*::' 'daemon:*::' 'nogroup:*::' >"$root/etc/gshadow"

add() { # name uid [useradd options...]
    local name=$1 uid=$2
    shift 2
    useradd -R "$root" -M -s /bin/bash -d "/home/$name" -u "$uid" "$@" "$name" 2>/dev/null
}
add alice 1001 -c "Alice Doe,,,"
echo 'alice:Yescrypt pass 1' | chpasswd -R "$root" -c YESCRYPT
add bob 1002 -e 2099-12-31
echo 'bob:sha512-Pässwörd' | chpasswd -R "$root" -c SHA512
add carol 1003
echo 'carol:sha256 secret' | chpasswd -R "$root" -c SHA256
add dave 1004
echo 'dave:md5-old-one' | chpasswd -R "$root" -c MD5
add erin 1005
usermod -R "$root" -p "$(mkpasswd -m bcrypt -R 8 'bcrypt-erin')" erin
add frank 1006
echo 'frank:locked-out' | chpasswd -R "$root" -c SHA512
usermod -R "$root" -L frank
add grace 1007
passwd -R "$root" -d grace >/dev/null
add heidi 1008
usermod -R "$root" -p '*' heidi
add ivan 1009
echo 'ivan:des-pw' | chpasswd -R "$root" -c DES
useradd -R "$root" -r -M -s /usr/sbin/nologin backupd 2>/dev/null
echo 'backupd:system-pw' | chpasswd -R "$root" -c SHA512
mkdir -p "$here/unix"
cp "$root/etc/passwd" "$here/unix/passwd"
cp "$root/etc/shadow" "$here/unix/shadow"

# ---- pure-ftpd ------------------------------------------------------------------------------
pure="$work/pureftpd.passwd"
pw() { # name password [pure-pw options...]
    local name=$1 password=$2
    shift 2
    printf '%s\n%s\n' "$password" "$password" | pure-pw useradd "$name" -f "$pure" "$@" >/dev/null
}
sethash() { # name hash: the hash pure-pw writes without libsodium, see the header
    awk -F: -v OFS=: -v n="$1" -v h="$2" '$1 == n { $2 = h } 1' "$pure" >"$pure.new"
    mv "$pure.new" "$pure"
}
pw kim 'argon2-kim' -u 2001 -g 2001 -d /srv/ftp/kim -c "Kim (pure-pw's argon2id)"
pw lee 'Lee sha512' -u 2002 -g 2000 -d /srv/ftp/lee -c "Lee Everything" -t 100 -T 200 \
    -n 50 -N 10 -q 1 -Q 10 -y 3 -r 127.0.0.0/8,192.0.2.0/24 -R 198.51.100.7 -i 127.0.0.1 \
    -z 0000-2359
sethash lee "$(mkpasswd -m sha-512 'Lee sha512')"
pw mia 'bcrypt mia' -u 2003 -g 2000 -D /srv/ftp/mia
sethash mia "$(mkpasswd -m bcrypt -R 8 'bcrypt mia' | sed 's/^\$2b\$/$2a$/')"
pw ned 'md5 ned' -u 2004 -g 2000 -d /srv/ftp/ned -N 1
sethash ned "$(mkpasswd -m md5crypt 'md5 ned')"
mkdir -p "$here/pure-ftpd"
cp "$pure" "$here/pure-ftpd/pureftpd.passwd"

# ---- proftpd --------------------------------------------------------------------------------
pro="$work/ftpd.passwd"
FTPASSWD="$ftpasswd" PRO="$pro" unshare -m --propagation private bash -euo pipefail -c '
    mount -t tmpfs tmpfs /srv
    mkdir -p /srv/ftp/quinn /srv/ftp/rose /srv/ftp/sam /srv/ftp/tina /srv/ftp/uma
    ftp() { # name uid password [ftpasswd options...]
        local name=$1 uid=$2 password=$3
        shift 3
        echo "$password" | perl "$FTPASSWD" --passwd --file "$PRO" --name "$name" --uid "$uid" \
            --gid 3000 --home "/srv/ftp/$name" --shell /bin/false --stdin "$@" >/dev/null 2>&1
    }
    ftp quinn 3001 "md5 quinn" --md5 --gecos "Quinn Q"
    ftp rose 3002 "sha256 rose"
    ftp sam 3003 "sha512 sam" --sha512
    ftp tina 3004 "des tina" --des
    ftp uma 3005 "locked uma" --sha512
    perl "$FTPASSWD" --passwd --file "$PRO" --name uma --lock >/dev/null 2>&1
' </dev/null
mkdir -p "$here/proftpd"
cp "$pro" "$here/proftpd/ftpd.passwd"

# ---- expected.json --------------------------------------------------------------------------
jq -n '
def c($u; $p; $f): {username: $u, password: $p, outcome: "converted", format: $f};
def s($u; $p; $r): {username: $u, password: $p, outcome: "skipped", reason: $r};
{
  "unix-passwd": [
    s("root"; null; "system account"), s("daemon"; null; "system account"),
    s("nobody"; null; "no password login"),
    c("alice"; "Yescrypt pass 1"; "yescrypt"), c("bob"; "sha512-Pässwörd"; "sha512-crypt"),
    c("carol"; "sha256 secret"; "sha256-crypt"), c("dave"; "md5-old-one"; "md5-crypt"),
    c("erin"; "bcrypt-erin"; "bcrypt"), s("frank"; "locked-out"; "locked"),
    s("grace"; null; "has no password"), s("heidi"; null; "no password login"),
    s("ivan"; "des-pw"; "not in a supported format"), s("backupd"; "system-pw"; "system account")
  ],
  "pure-ftpd": [
    s("kim"; "argon2-kim"; "set a new password"), c("lee"; "Lee sha512"; "sha512-crypt"),
    c("mia"; "bcrypt mia"; "bcrypt"), c("ned"; "md5 ned"; "md5-crypt")
  ],
  "proftpd": [
    c("quinn"; "md5 quinn"; "md5-crypt"), c("rose"; "sha256 rose"; "sha256-crypt"),
    c("sam"; "sha512 sam"; "sha512-crypt"), s("tina"; "des tina"; "not in a supported format"),
    s("uma"; "locked uma"; "locked")
  ]
}' >"$here/expected.json"
echo "generate.sh: fixtures written under $here"
