#!/usr/bin/env bash
# Regenerates vectors.tsv: password hashes made by the real tools, for PasswordHasherVectorsTest.
# Needs: apt-get install -y whois apache2-utils argon2 (mkpasswd, htpasswd, argon2), openssl,
# coreutils, python3 (3.11: its crypt module calls the system libxcrypt).
# Salts are random, so every run gives a different (equally valid) file.
#   bash generate-vectors.sh > vectors.tsv
set -euo pipefail
export LC_ALL=C.UTF-8

P_ASCII='correct horse battery staple'
P_UNICODE='Pässwörd-密码-🔑'
P_SPECIAL='p@ss $w0rd\with"quotes'"'"'&:'
# 106 bytes: longer than bcrypt's 72-byte limit (both sides must truncate the same way).
P_LONG='The quick brown fox jumps over the lazy dog; 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVW'
P_SHORT='x'

row() { printf '%s\t%s\t%s\n' "$1" "$2" "$3"; }
section() { printf '#\n# %s\n' "$1"; }
pyhash() { python3 -W ignore -c "$1" "$2"; }

cat <<HEAD
# Password hashes produced by real tools on Debian 12 (libxcrypt $(dpkg-query -W -f='${Version}' libcrypt1),
# whois/mkpasswd $(dpkg-query -W -f='${Version}' whois), apache2-utils $(dpkg-query -W -f='${Version}' apache2-utils),
# argon2 $(dpkg-query -W -f='${Version}' argon2), $(openssl version | cut -d' ' -f1-2), Python $(python3 -c 'import platform; print(platform.python_version())')).
# Regenerate with generate-vectors.sh (random salts, so the lines change).
# Columns: format (a HashFormat name) TAB password (UTF-8, may be empty) TAB hash.
# Lines starting with # are comments.
HEAD

section 'yescrypt: mkpasswd -m yescrypt PASSWORD (Debian default, j9T = N 4096, r 32), -R COST where shown'
for p in "$P_ASCII" "$P_UNICODE" "$P_SPECIAL" "$P_LONG" "$P_SHORT"; do
  row YESCRYPT "$p" "$(mkpasswd -m yescrypt -- "$p")"
done
section 'yescrypt with other costs: mkpasswd -m yescrypt -R 1 (N 1024, r 8), -R 3 (N 1024, r 32), -R 7 (N 16384, r 32)'
row YESCRYPT "$P_ASCII" "$(mkpasswd -m yescrypt -R 1 -- "$P_ASCII")"
row YESCRYPT "$P_UNICODE" "$(mkpasswd -m yescrypt -R 3 -- "$P_UNICODE")"
row YESCRYPT "$P_SHORT" "$(mkpasswd -m yescrypt -R 7 -- "$P_SHORT")"
section "yescrypt, empty password and hand-written settings: python3 -c 'import crypt; print(crypt.crypt(PASSWORD, SETTING))' (libxcrypt)"
row YESCRYPT "" "$(pyhash 'import crypt,sys; print(crypt.crypt("", sys.argv[1]))' '$y$j9T$F5pmJ6tbsUA9PB7Q3Nd0b/')"
# Settings with the optional fields (yescrypt-common.c, yescrypt_encode_params_r): after flavor, N_log2, r
# comes "have" (min 1; bit 1 = p follows, bit 2 = t follows), then p (min 2) and/or t (min 1).
# "j8T/0": flavor j (YESCRYPT_DEFAULTS), N 2^11, r 32, have 2, t 3
row YESCRYPT "$P_ASCII" "$(pyhash 'import crypt,sys; print(crypt.crypt(sys.argv[1], "$y$j8T/0$Hrmyx4Q9x3SXyzAlB3/Ry0"))' "$P_ASCII")"
# "j9T..": flavor j, N 2^12, r 32, have 1, p 2
row YESCRYPT "$P_UNICODE" "$(pyhash 'import crypt,sys; print(crypt.crypt(sys.argv[1], "$y$j9T..$sVnQHRmR2HgtiEK8ky1aD."))' "$P_UNICODE")"
# ".8T": flavor 0 (classic scrypt), N 2^11, r 32; "/8T/0": flavor 1 (YESCRYPT_WORM), N 2^11, r 32, t 3
row YESCRYPT "$P_ASCII" "$(pyhash 'import crypt,sys; print(crypt.crypt(sys.argv[1], "$y$.8T$Sa1tSa1tSa1t"))' "$P_ASCII")"
row YESCRYPT "$P_ASCII" "$(pyhash 'import crypt,sys; print(crypt.crypt(sys.argv[1], "$y$/8T/0$Sa1tSa1tSa1t"))' "$P_ASCII")"

section 'bcrypt: mkpasswd -m bcrypt ($2b$), mkpasswd -m bcrypt-a ($2a$), htpasswd -nbB -C 5 user PASSWORD ($2y$)'
row BCRYPT "$P_ASCII" "$(mkpasswd -m bcrypt -- "$P_ASCII")"
row BCRYPT "$P_UNICODE" "$(mkpasswd -m bcrypt -- "$P_UNICODE")"
row BCRYPT "$P_LONG" "$(mkpasswd -m bcrypt -- "$P_LONG")"
row BCRYPT "$P_SPECIAL" "$(mkpasswd -m bcrypt-a -- "$P_SPECIAL")"
row BCRYPT "$P_ASCII" "$(htpasswd -nbB -C 5 user "$P_ASCII" | head -1 | cut -d: -f2-)"
row BCRYPT "$P_LONG" "$(htpasswd -nbB -C 5 user "$P_LONG" | head -1 | cut -d: -f2-)"

section 'sha512-crypt: mkpasswd -m sha512crypt [-R ROUNDS], openssl passwd -6, htpasswd -nb5 user PASSWORD'
row SHA512_CRYPT "$P_ASCII" "$(mkpasswd -m sha512crypt -- "$P_ASCII")"
row SHA512_CRYPT "$P_UNICODE" "$(mkpasswd -m sha512crypt -R 10000 -- "$P_UNICODE")"
row SHA512_CRYPT "$P_SPECIAL" "$(openssl passwd -6 -- "$P_SPECIAL")"
row SHA512_CRYPT "$P_LONG" "$(htpasswd -nb5 user "$P_LONG" | head -1 | cut -d: -f2-)"
section 'sha256-crypt: mkpasswd -m sha256crypt [-R ROUNDS], openssl passwd -5, htpasswd -nb2 user PASSWORD'
row SHA256_CRYPT "$P_ASCII" "$(mkpasswd -m sha256crypt -- "$P_ASCII")"
row SHA256_CRYPT "$P_UNICODE" "$(mkpasswd -m sha256crypt -R 2000 -- "$P_UNICODE")"
row SHA256_CRYPT "$P_SPECIAL" "$(openssl passwd -5 -- "$P_SPECIAL")"
row SHA256_CRYPT "$P_SHORT" "$(htpasswd -nb2 user "$P_SHORT" | head -1 | cut -d: -f2-)"
section 'md5-crypt: mkpasswd -m md5crypt, openssl passwd -1'
row MD5_CRYPT "$P_ASCII" "$(mkpasswd -m md5crypt -- "$P_ASCII")"
row MD5_CRYPT "$P_UNICODE" "$(openssl passwd -1 -- "$P_UNICODE")"
section 'apr1 (Apache MD5): htpasswd -nbm user PASSWORD, openssl passwd -apr1'
row APR1_CRYPT "$P_ASCII" "$(htpasswd -nbm user "$P_ASCII" | head -1 | cut -d: -f2-)"
row APR1_CRYPT "$P_UNICODE" "$(openssl passwd -apr1 -- "$P_UNICODE")"
row APR1_CRYPT "$P_SPECIAL" "$(htpasswd -nbm user "$P_SPECIAL" | head -1 | cut -d: -f2-)"

section 'argon2: printf %s PASSWORD | argon2 SALT -id|-i|-d -t T -k KIB -p P [-v 10] -e'
row ARGON2ID "$P_ASCII" "$(printf %s "$P_ASCII" | argon2 "$(openssl rand -hex 8)" -id -t 3 -k 65536 -p 1 -e)"
row ARGON2ID "$P_UNICODE" "$(printf %s "$P_UNICODE" | argon2 "$(openssl rand -hex 8)" -id -t 2 -k 19456 -p 1 -e)"
row ARGON2ID "$P_SPECIAL" "$(printf %s "$P_SPECIAL" | argon2 "$(openssl rand -hex 12)" -id -t 1 -k 8192 -p 4 -l 16 -e)"
row ARGON2I "$P_ASCII" "$(printf %s "$P_ASCII" | argon2 "$(openssl rand -hex 8)" -i -t 3 -k 4096 -p 1 -e)"
row ARGON2I "$P_UNICODE" "$(printf %s "$P_UNICODE" | argon2 "$(openssl rand -hex 8)" -i -t 2 -k 1024 -p 2 -v 10 -e)"
row ARGON2D "$P_ASCII" "$(printf %s "$P_ASCII" | argon2 "$(openssl rand -hex 8)" -d -t 2 -k 4096 -p 1 -e)"
row ARGON2D "$P_UNICODE" "$(printf %s "$P_UNICODE" | argon2 "$(openssl rand -hex 8)" -d -t 1 -k 2048 -p 2 -e)"

section "PBKDF2 in SFTPGo's format, made with Python's hashlib.pbkdf2_hmac (the salt is the literal text in"
printf '# $pbkdf2-<digest>$ and base64-decoded in $pbkdf2-b64salt-sha256$; the key is standard base64 with padding).\n'
pbkdf2() { # digest iterations salt-mode password
  python3 -c '
import base64, hashlib, os, sys
digest, iterations, mode, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
if mode == "b64":
    salt = os.urandom(16); salt_text = base64.b64encode(salt).decode(); prefix = "pbkdf2-b64salt-" + digest
else:
    salt_text = base64.b64encode(os.urandom(9), b"./").decode(); salt = salt_text.encode(); prefix = "pbkdf2-" + digest
key = hashlib.pbkdf2_hmac(digest, password.encode(), salt, iterations)
print("$%s$%d$%s$%s" % (prefix, iterations, salt_text, base64.b64encode(key).decode()))
' "$@"
}
row PBKDF2_SHA1 "$P_ASCII" "$(pbkdf2 sha1 10000 text "$P_ASCII")"
row PBKDF2_SHA1 "$P_UNICODE" "$(pbkdf2 sha1 1000 text "$P_UNICODE")"
row PBKDF2_SHA256 "$P_ASCII" "$(pbkdf2 sha256 20000 text "$P_ASCII")"
row PBKDF2_SHA256 "$P_UNICODE" "$(pbkdf2 sha256 1000 text "$P_UNICODE")"
row PBKDF2_SHA512 "$P_SPECIAL" "$(pbkdf2 sha512 10000 text "$P_SPECIAL")"
row PBKDF2_SHA512 "$P_UNICODE" "$(pbkdf2 sha512 1000 text "$P_UNICODE")"
row PBKDF2_B64SALT_SHA256 "$P_ASCII" "$(pbkdf2 sha256 10000 b64 "$P_ASCII")"
row PBKDF2_B64SALT_SHA256 "$P_UNICODE" "$(pbkdf2 sha256 1000 b64 "$P_UNICODE")"

section "SFTPGo's own test vectors, verbatim from drakkan/sftpgo sftpd/sftpd_test.go (TestHashedPasswords)"
cat <<'SFTPGO'
PBKDF2_SHA1	password	$pbkdf2-sha1$150000$DveVjgYUD05R$X6ydQZdyMeOvpgND2nqGR/0GGic=
PBKDF2_SHA256	password	$pbkdf2-sha256$150000$E86a9YMX3zC7$R5J62hsSq+pYw00hLLPKBbcGXmq7fj5+/M0IFoYtZbo=
PBKDF2_SHA512	password	$pbkdf2-sha512$150000$dsu7T5R3IaVQ$1hFXPO1ntRBcoWkSLKw+s4sAP09Xtu4Ya7CyxFq64jM9zdUg8eRJVr3NcR2vQgb0W9HHvZaILHsL4Q/Vr6arCg==
MD5_CRYPT	password	$1$b5caebda$VODr/nyhGWgZaY8sJ4x05.
BCRYPT	secret	$2a$14$ajq8Q7fbtFRQvXpdCq7Jcuy.Rx1h/L4J60Otx.gyNLbAYctGMJ9tK
SHA512_CRYPT	secret	$6$459ead56b72e44bc$uog86fUxscjt28BZxqFBE2pp2QD8P/1e98MNF75Z9xJfQvOckZnQ/1YJqiq1XeytPuDieHZvDAMoP7352ELkO1
APR1_CRYPT	password	$apr1$OBWLeSme$WoJbB736e7kKxMBIAqilb1
SFTPGO
section "SFTPGo's TestPasswordsHashPbkdf2Sha256_389DS: its 389 Directory Server {PBKDF2_SHA256} hash for \"password\","
printf '# converted to $pbkdf2-b64salt-sha256$ exactly as that test does (python3 doing the same slicing).\n'
row PBKDF2_B64SALT_SHA256 password "$(python3 -c '
import base64, struct
raw = base64.b64decode("AAAIAMZIKG4ie44zJY4HOXI+upFR74PzWLUQV63jg+zzkbEjCK3N4qW583WF7EdcpeoOMQ4HY3aWEXB6lnXhXJixbJkU4vVSJkL6YCbU3TrD0qn1uUUVSkaIgAOtmZENitwbhYhiWfEzGyAtFqkFd75P5xhWJEog9XhQKYrR0f7S3WGGZq03JRcLJ460xpU97bE/sWRn7sshgkWzLuyrs0I+XRKmK7FJeaA9zd+1m44Y3IVmZ2YLdKATzjRHAIgpBC6i1TWOcpKJT1+feP1C9hrxH8vU9baw9thNiO8jSHaZlwb//KpJFe0ahVnG/1ubiG8cO0+CCqDqXVJR6Vr4QZxHP+4pwooW+4TP/L+HFdyA1y6z4gKfqYnBsmb3sD1R1TbxfH4btTdvgZAnBk9CmR3QASkFXxeTYsrmNd5+9IAHc6dm")
iterations = struct.unpack(">i", raw[0:4])[0]
print("$pbkdf2-b64salt-sha256$%d$%s$%s" % (iterations, base64.b64encode(raw[4:68]).decode(), base64.b64encode(raw[68:]).decode()))
')"

section 'Unsalted digests as SFTPGo stores them ({MD5}/{SHA256}/{SHA512} + lowercase hex): printf %s PASSWORD | md5sum|sha256sum|sha512sum'
row MD5_DIGEST "$P_ASCII" "{MD5}$(printf %s "$P_ASCII" | md5sum | cut -d' ' -f1)"
row MD5_DIGEST "$P_UNICODE" "{MD5}$(printf %s "$P_UNICODE" | md5sum | cut -d' ' -f1)"
row SHA256_DIGEST "$P_ASCII" "{SHA256}$(printf %s "$P_ASCII" | sha256sum | cut -d' ' -f1)"
row SHA256_DIGEST "$P_UNICODE" "{SHA256}$(printf %s "$P_UNICODE" | sha256sum | cut -d' ' -f1)"
row SHA512_DIGEST "$P_ASCII" "{SHA512}$(printf %s "$P_ASCII" | sha512sum | cut -d' ' -f1)"
row SHA512_DIGEST "$P_SPECIAL" "{SHA512}$(printf %s "$P_SPECIAL" | sha512sum | cut -d' ' -f1)"
row SHA512_DIGEST "$P_UNICODE" "{SHA512}$(printf %s "$P_UNICODE" | sha512sum | cut -d' ' -f1)"
