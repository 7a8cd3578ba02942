// Command generate writes SFTPGo dumpdata fixtures for Sluice's restore tests: one dump per
// SFTPGo release (2.4, 2.5, 2.6, 2.7) in that release's shape, expected.json (the plain
// passwords, API keys and secrets behind them, and what each object holds), and
// secret-vectors.json (secrets sealed as SFTPGo's KMS providers seal them).
//
// Hashes and secrets are made the way SFTPGo makes them, with the same libraries where Debian
// packages them (golang.org/x/crypto bcrypt, argon2, hkdf, nacl/secretbox) and mkpasswd for the
// crypt(3) formats Linux migrations bring. See generate.sh for how to run it.
package main

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/hkdf"
	"golang.org/x/crypto/nacl/secretbox"
	"golang.org/x/crypto/pbkdf2"
)

// ---------------------------------------------------------------------------------------------
// JSON objects with a fixed key order (SFTPGo marshals structs, so its keys come in field order).

type kv struct {
	k string
	v any
}

type obj []kv

func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(e.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(e.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// set always adds the key (a Go field without omitempty).
func (o *obj) set(k string, v any) *obj {
	*o = append(*o, kv{k, v})
	return o
}

// opt adds the key unless v is a zero value (a Go field with omitempty).
func (o *obj) opt(k string, v any) *obj {
	switch x := v.(type) {
	case nil:
		return o
	case string:
		if x == "" {
			return o
		}
	case int:
		if x == 0 {
			return o
		}
	case int64:
		if x == 0 {
			return o
		}
	case bool:
		if !x {
			return o
		}
	case []string:
		if len(x) == 0 {
			return o
		}
	case []any:
		if len(x) == 0 {
			return o
		}
	case []obj:
		if len(x) == 0 {
			return o
		}
	case obj:
		if len(x) == 0 {
			return o
		}
	}
	*o = append(*o, kv{k, v})
	return o
}

func (o obj) keys() []string {
	out := make([]string, 0, len(o))
	for _, e := range o {
		out = append(out, e.k)
	}
	return out
}

// ---------------------------------------------------------------------------------------------
// Secrets, as sdk/kms BaseSecret: every field omitempty, so an empty secret is {}.

type secret struct {
	Status         string `json:"status,omitempty"`
	Payload        string `json:"payload,omitempty"`
	Key            string `json:"key,omitempty"`
	AdditionalData string `json:"additional_data,omitempty"`
	Mode           int    `json:"mode,omitempty"`
}

func random(n int) []byte {
	b := make([]byte, n)
	if _, err := io.ReadFull(rand.Reader, b); err != nil {
		panic(err)
	}
	return b
}

// sealSecretbox is SFTPGo's internal/kms/local.go Encrypt: the default "local://" provider.
// Without a master key the HKDF secret is SHA256(key || additional_data || key) and mode is 0;
// with one it is the master key string itself and mode is 1.
func sealSecretbox(plain, additionalData, masterKey string) secret {
	secretKey := random(32)
	var material []byte
	mode := 0
	if masterKey == "" {
		var combined []byte
		combined = append(combined, secretKey...)
		combined = append(combined, []byte(additionalData)...)
		combined = append(combined, secretKey...)
		sum := sha256.Sum256(combined)
		material = sum[:]
	} else {
		material = []byte(masterKey)
		mode = 1
	}
	var info []byte
	if additionalData != "" {
		info = []byte(additionalData)
	}
	var derived [32]byte
	if _, err := io.ReadFull(hkdf.New(sha256.New, material, secretKey, info), derived[:]); err != nil {
		panic(err)
	}
	// gocloud.dev/secrets/localsecrets Keeper.Encrypt: a random 24-byte nonce, then the box.
	var nonce [24]byte
	copy(nonce[:], random(24))
	sealed := secretbox.Seal(nonce[:], []byte(plain), &nonce, &derived)
	return secret{
		Status:         "Secretbox",
		Payload:        base64.StdEncoding.EncodeToString(sealed),
		Key:            hex.EncodeToString(secretKey),
		AdditionalData: additionalData,
		Mode:           mode,
	}
}

// sealBuiltin is SFTPGo's internal/kms/builtin.go Encrypt ("builtin://"): AES-256-GCM under
// SHA256(key || additional_data || key), payload hex(nonce || ciphertext || tag).
func sealBuiltin(plain, additionalData string) secret {
	key := random(32)
	var combined []byte
	combined = append(combined, key...)
	combined = append(combined, []byte(additionalData)...)
	combined = append(combined, key...)
	sum := sha256.Sum256(combined)
	block, err := aes.NewCipher(sum[:])
	if err != nil {
		panic(err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	nonce := random(gcm.NonceSize())
	var aad []byte
	if additionalData != "" {
		aad = []byte(additionalData)
	}
	return secret{
		Status:         "AES-256-GCM",
		Payload:        hex.EncodeToString(gcm.Seal(nonce, nonce, []byte(plain), aad)),
		Key:            hex.EncodeToString(key),
		AdditionalData: additionalData,
	}
}

// ---------------------------------------------------------------------------------------------
// Password hashes.

// hashBcrypt is SFTPGo's default ("algo": "bcrypt", cost 10): golang.org/x/crypto/bcrypt
// writes $2a$.
func hashBcrypt(password string) string {
	h, err := bcrypt.GenerateFromPassword([]byte(password), 10)
	if err != nil {
		panic(err)
	}
	return string(h)
}

// hashArgon2id is github.com/alexedwards/argon2id CreateHash with SFTPGo's argon2_options
// (memory 65536, iterations 1, parallelism 2), salt 16 and key 32 bytes, unpadded base64.
func hashArgon2id(password string) string {
	salt := random(16)
	key := argon2.IDKey([]byte(password), salt, 1, 65536, 2, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, 65536, 1, 2,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// hashPbkdf2Sha256 is the form SFTPGo's comparePbkdf2PasswordAndHash reads:
// $pbkdf2-sha256$<iterations>$<salt as literal text>$<padded base64 key>.
func hashPbkdf2Sha256(password string) string {
	salt := shortID()[:16]
	iterations := 150000
	key := pbkdf2.Key([]byte(password), []byte(salt), iterations, 32, sha256.New)
	return fmt.Sprintf("$pbkdf2-sha256$%d$%s$%s", iterations, salt,
		base64.StdEncoding.EncodeToString(key))
}

// mkpasswd runs whois's mkpasswd, the tool that makes the $6$ and $1$ hashes of shadow files.
func mkpasswd(method, password string) string {
	cmd := exec.Command("mkpasswd", "-m", method, "--stdin")
	cmd.Stdin = strings.NewReader(password)
	out, err := cmd.Output()
	if err != nil {
		panic(fmt.Sprintf("mkpasswd -m %s: %v", method, err))
	}
	return strings.TrimSpace(string(out))
}

func hash(format, password string) string {
	switch format {
	case "bcrypt":
		return hashBcrypt(password)
	case "argon2id":
		return hashArgon2id(password)
	case "pbkdf2-sha256":
		return hashPbkdf2Sha256(password)
	case "sha512-crypt":
		return mkpasswd("sha512crypt", password)
	case "md5-crypt":
		return mkpasswd("md5crypt", password)
	}
	panic("unknown hash format " + format)
}

// shortID is util.GenerateUniqueID: shortuuid's DefaultEncoder over a random UUID, 22 base57
// digits, most significant first.
func shortID() string {
	const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	u := random(16)
	u[6] = (u[6] & 0x0f) | 0x40
	u[8] = (u[8] & 0x3f) | 0x80
	n := new(big.Int).SetBytes(u)
	base := big.NewInt(int64(len(alphabet)))
	out := make([]byte, 22)
	for i := 21; i >= 0; i-- {
		m := new(big.Int)
		n.DivMod(n, base, m)
		out[i] = alphabet[m.Int64()]
	}
	return string(out)
}

// tlsCert is a self-signed certificate for filters.tls_certs (2.7).
func tlsCert(commonName string) string {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: commonName},
		NotBefore:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC),
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, priv)
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// ---------------------------------------------------------------------------------------------
// The data every dump holds. Times are fixed so the files only differ where salts and keys do.

const (
	created     int64 = 1735689600000 // 2025-01-01T00:00:00Z
	updated     int64 = 1738368000000 // 2025-02-01T00:00:00Z
	lastLogin   int64 = 1739000000000
	expiresSoon int64 = 1893456000000 // 2030-01-01T00:00:00Z
	// heidi's access secret was sealed under this master key (kms.secrets.master_key); the
	// dump alone cannot open it.
	masterKey = "test-only-sftpgo-master-key"
)

type release struct {
	name    string
	version int
	file    string
}

var releases = []release{
	{"2.4", 13, "dump-2.4.json"},
	{"2.5", 15, "dump-2.5.json"},
	{"2.6", 16, "dump-2.6.json"},
	{"2.7", 17, "dump-2.7.json"},
}

type userSpec struct {
	name, format, password string
}

var users = []userSpec{
	{"alice", "bcrypt", "alice-Bcrypt-pw1"},
	{"bob", "argon2id", "bob-Argon2id-pw2"},
	{"carol", "pbkdf2-sha256", "carol-Pbkdf2-pw3"},
	{"dave", "sha512-crypt", "dave-Sha512crypt-pw4"},
	{"erin", "md5-crypt", "erin-Md5crypt-pw5"},
	{"frank", "", ""},
	{"grace", "bcrypt", "gräce-Pässwörd-6 ✓"},
	{"heidi", "bcrypt", "heidi-Bcrypt-pw8"},
}

var admins = []userSpec{
	{"admin", "bcrypt", "admin-Bcrypt-pw1"},
	{"ops", "argon2id", "ops-Argon2id-pw2"},
	{"auditor", "bcrypt", "auditor-Bcrypt-pw3"},
}

// Plain values of the sealed secrets.
const (
	bobS3Secret     = "bob/S3+secret/Key0123456789abcdefghijKL"
	carolS3Secret   = "carol/S3+secret/Key0123456789abcdefghiJK"
	heidiS3Secret   = "heidi/S3+secret/Key0123456789abcdefghiJK"
	erinGCSCreds    = `{"type":"service_account","project_id":"test-only"}`
	reportsS3Secret = "reports/S3+secret/Key0123456789abcdefgHIJ"
	sharePassword   = "share-Bcrypt-pw"
)

// 2.7 removed the granular admin permissions SFTPGo 2.6.3 release notes list (and
// metadata_checks); `*` replaces them.
var validAdminPerms27 = map[string]bool{
	"*": true, "add_users": true, "edit_users": true, "del_users": true, "view_users": true,
	"manage_folders": true, "manage_groups": true, "view_conns": true, "close_conns": true,
	"view_status": true, "quota_scans": true, "manage_defender": true, "view_defender": true,
	"view_events": true, "disable_mfa": true,
}

func opsPermissions(version int) []string {
	switch version {
	case 13: // 2.4 validAdminPerms
		return []string{"add_users", "edit_users", "del_users", "view_users", "view_conns",
			"close_conns", "view_status", "manage_admins", "manage_groups", "manage_apikeys",
			"quota_scans", "manage_system", "manage_defender", "view_defender",
			"retention_checks", "metadata_checks", "view_events"}
	case 15: // 2.5 adds event rules and roles
		return []string{"add_users", "edit_users", "del_users", "view_users", "view_conns",
			"close_conns", "view_status", "manage_admins", "manage_groups", "manage_apikeys",
			"quota_scans", "manage_system", "manage_defender", "view_defender",
			"retention_checks", "metadata_checks", "view_events", "manage_event_rules",
			"manage_roles"}
	case 16: // 2.6 before 2.6.3: manage_folders and manage_ip_lists, the old ones still valid
		return []string{"add_users", "edit_users", "del_users", "view_users", "manage_folders",
			"manage_groups", "view_conns", "close_conns", "view_status", "manage_admins",
			"manage_roles", "manage_event_rules", "manage_apikeys", "quota_scans",
			"manage_system", "manage_defender", "view_defender", "manage_ip_lists",
			"retention_checks", "metadata_checks", "view_events"}
	default: // 2.7
		return []string{"add_users", "edit_users", "del_users", "view_users", "manage_folders",
			"manage_groups", "view_conns", "close_conns", "view_status", "quota_scans",
			"manage_defender", "view_defender", "view_events", "disable_mfa"}
	}
}

// ---------------------------------------------------------------------------------------------
// Object builders, one field list per Go struct, gated by dump version.

// filesystem is vfs.Filesystem: every backend's config is a struct, so each is present, with
// its secrets as {} when unset (SetEmptySecretsIfNil runs before a dump).
func filesystem(version, provider int, s3, gcs obj) obj {
	fs := obj{}
	fs.set("provider", provider)
	if version >= 15 {
		fs.set("osconfig", obj{})
	}
	if s3 == nil {
		s3 = obj{{"access_secret", secret{}}}
	}
	if gcs == nil {
		gcs = obj{{"credentials", secret{}}}
	}
	fs.set("s3config", s3)
	fs.set("gcsconfig", gcs)
	fs.set("azblobconfig", obj{{"account_key", secret{}}, {"sas_url", secret{}}})
	fs.set("cryptconfig", obj{{"passphrase", secret{}}})
	fs.set("sftpconfig", obj{{"password", secret{}}, {"private_key", secret{}},
		{"key_passphrase", secret{}}})
	fs.set("httpconfig", obj{{"password", secret{}}, {"api_key", secret{}}})
	return fs
}

func s3config(bucket, region, accessKey, keyPrefix string, accessSecret secret) obj {
	o := obj{}
	o.set("bucket", bucket)
	o.set("region", region)
	o.set("access_key", accessKey)
	o.set("access_secret", accessSecret)
	o.opt("key_prefix", keyPrefix)
	return o
}

type folderSpec struct {
	name, mappedPath, description string
	provider                      int
	s3                            obj
	users                         []string
}

// baseFolder is vfs.BaseVirtualFolder's fields, in order.
func baseFolder(version int, id int64, f folderSpec, withUsers bool) obj {
	o := obj{}
	o.set("id", id)
	o.set("name", f.name)
	o.opt("mapped_path", f.mappedPath)
	o.opt("description", f.description)
	o.set("used_quota_size", int64(0))
	o.set("used_quota_files", 0)
	o.set("last_quota_update", int64(0))
	if withUsers {
		o.opt("users", f.users)
	}
	o.set("filesystem", filesystem(version, f.provider, f.s3, nil))
	return o
}

func mount(version int, id int64, f folderSpec, virtualPath string, quotaSize int64,
	quotaFiles int) obj {
	o := baseFolder(version, id, f, false)
	o.set("virtual_path", virtualPath)
	o.set("quota_size", quotaSize)
	o.set("quota_files", quotaFiles)
	return o
}

func perms(version int, list ...string) []string {
	out := []string{}
	for _, p := range list {
		if p == "copy" && version < 16 {
			continue // PermCopy arrived in 2.6
		}
		out = append(out, p)
	}
	return out
}

type userOpts struct {
	status         int
	email, descr   string
	expiration     int64
	publicKeys     []string
	homeDir        string
	maxSessions    int
	quotaSize      int64
	quotaFiles     int
	permissions    obj
	usedQuotaSize  int64
	usedQuotaFiles int
	upBW, downBW   int64
	lastLogin      int64
	groups         []obj
	filters        obj
	mounts         []obj
	fs             obj
}

// user is dataprovider.User: sdk.BaseUser's fields, then filters, virtual_folders, filesystem.
func user(id int64, name, passwordHash string, u userOpts) obj {
	o := obj{}
	o.set("id", id)
	o.set("status", u.status)
	o.set("username", name)
	o.opt("email", u.email)
	o.opt("expiration_date", u.expiration)
	o.opt("password", passwordHash)
	o.opt("public_keys", u.publicKeys)
	o.set("home_dir", u.homeDir)
	o.set("uid", 0)
	o.set("gid", 0)
	o.set("max_sessions", u.maxSessions)
	o.set("quota_size", u.quotaSize)
	o.set("quota_files", u.quotaFiles)
	o.set("permissions", u.permissions)
	o.opt("used_quota_size", u.usedQuotaSize)
	o.opt("used_quota_files", u.usedQuotaFiles)
	if u.usedQuotaSize > 0 {
		o.set("last_quota_update", updated)
	}
	o.opt("upload_bandwidth", u.upBW)
	o.opt("download_bandwidth", u.downBW)
	o.set("upload_data_transfer", int64(0))
	o.set("download_data_transfer", int64(0))
	o.set("total_data_transfer", int64(0))
	o.opt("last_login", u.lastLogin)
	o.set("created_at", created)
	o.set("updated_at", updated)
	o.opt("description", u.descr)
	o.opt("groups", u.groups)
	o.set("filters", u.filters)
	o.opt("virtual_folders", u.mounts)
	o.set("filesystem", u.fs)
	return o
}

// userFilters is dataprovider.UserFilters: sdk.BaseUserFilters flattened (all omitempty except
// hooks, a struct), then require_password_change, additional_emails (2.7), totp_config,
// recovery_codes.
func userFilters(version int, f func(base *obj), additionalEmails []string) obj {
	o := obj{}
	f(&o)
	o.set("hooks", obj{{"external_auth_disabled", false}, {"pre_login_disabled", false},
		{"check_password_disabled", false}})
	if version >= 17 {
		o.opt("additional_emails", additionalEmails)
	}
	o.set("totp_config", obj{{"secret", secret{}}})
	return o
}

func adminFilters(version int, allowList []string, apiKeyAuth bool, hideSections int,
	defaultUsersExpiration int) obj {
	o := obj{}
	o.opt("allow_list", allowList)
	o.opt("allow_api_key_auth", apiKeyAuth)
	if version >= 16 {
		o.set("require_two_factor", false)
	}
	o.set("totp_config", obj{{"secret", secret{}}})
	prefs := obj{}
	prefs.opt("hide_user_page_sections", hideSections)
	if version >= 16 {
		prefs.opt("default_users_expiration", defaultUsersExpiration)
	}
	o.set("preferences", prefs)
	return o
}

// admin is dataprovider.Admin.
func admin(id int64, name, passwordHash, email, descr string, permissions []string,
	filters obj) obj {
	o := obj{}
	o.set("id", id)
	o.set("status", 1)
	o.set("username", name)
	o.set("password", passwordHash)
	o.opt("email", email)
	o.set("permissions", permissions)
	o.set("filters", filters)
	o.opt("description", descr)
	o.set("created_at", created)
	o.set("updated_at", updated)
	o.set("last_login", lastLogin)
	return o
}

// ---------------------------------------------------------------------------------------------
// What expected.json says about each object.

type expectedSecret struct {
	Path           string `json:"path"`
	Status         string `json:"status"`
	Mode           int    `json:"mode"`
	AdditionalData string `json:"additional_data"`
	Plain          string `json:"plain"`
	Opens          bool   `json:"opens_from_dump"`
}

type expectedUser struct {
	Username     string         `json:"username"`
	Password     *string        `json:"password"`
	HashFormat   *string        `json:"hash_format"`
	Restore      string         `json:"restore"`
	Reason       string         `json:"reason,omitempty"`
	Keys         []string       `json:"keys"`
	FilterKeys   []string       `json:"filter_keys"`
	Expect       map[string]any `json:"expect"`
	PublicKeyTag string         `json:"public_key_file,omitempty"`
}

type expectedAdmin struct {
	Username          string   `json:"username"`
	Password          string   `json:"password"`
	HashFormat        string   `json:"hash_format"`
	Keys              []string `json:"keys"`
	FilterKeys        []string `json:"filter_keys"`
	Permissions       []string `json:"permissions"`
	RemovedIn27       []string `json:"permissions_removed_in_2_7"`
	AllowAPIKeyAuth   bool     `json:"allow_api_key_auth"`
	AllowList         []string `json:"allow_list"`
	PreferenceKeys    []string `json:"preference_keys"`
	DefaultExpiration int      `json:"default_users_expiration"`
}

type expectedKey struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Plain  string `json:"plain_key"`
	Scope  int    `json:"scope"`
	User   string `json:"user,omitempty"`
	Admin  string `json:"admin,omitempty"`
	Expiry int64  `json:"expires_at"`
}

type expectedDump struct {
	File         string           `json:"file"`
	Release      string           `json:"sftpgo"`
	Version      int              `json:"version"`
	TopLevelKeys []string         `json:"top_level_keys"`
	Users        []expectedUser   `json:"users"`
	Admins       []expectedAdmin  `json:"admins"`
	APIKeys      []expectedKey    `json:"api_keys"`
	Folders      []any            `json:"folders"`
	Groups       []any            `json:"groups"`
	Shares       []any            `json:"shares"`
	Secrets      []expectedSecret `json:"secrets"`
	Unsupported  []string         `json:"unsupported"`
}

func strp(s string) *string { return &s }

// ---------------------------------------------------------------------------------------------

func build(r release, publicKey string) (obj, expectedDump) {
	v := r.version
	exp := expectedDump{File: r.file, Release: r.name, Version: v}
	var secrets []expectedSecret
	addSecret := func(path string, s secret, plain string, opens bool) secret {
		secrets = append(secrets, expectedSecret{path, s.Status, s.Mode, s.AdditionalData,
			plain, opens})
		return s
	}

	// Folders: a local one mounted into alice inside her quota (-1), an S3 one mounted into
	// carol with its own quota.
	shared := folderSpec{name: "shared", mappedPath: "/srv/sftpgo/shared",
		description: "team share", provider: 0, users: []string{"alice"}}
	reports := folderSpec{name: "reports", description: "monthly reports on S3", provider: 1,
		users: []string{"carol"}}
	reports.s3 = s3config("sftpgo-reports", "eu-central-1", "AKIATESTONLYREPORTS", "reports/",
		addSecret("folders[1].filesystem.s3config.access_secret",
			sealSecretbox(reportsS3Secret, "folder_reports", ""), reportsS3Secret, true))
	folders := []obj{baseFolder(v, 1, shared, true), baseFolder(v, 2, reports, true)}
	exp.Folders = []any{
		map[string]any{"name": "shared", "provider": 0, "mapped_path": "/srv/sftpgo/shared",
			"description": "team share"},
		map[string]any{"name": "reports", "provider": 1, "bucket": "sftpgo-reports",
			"region": "eu-central-1", "access_key": "AKIATESTONLYREPORTS",
			"key_prefix": "reports/", "access_secret": reportsS3Secret},
	}

	// A group dave belongs to (primary).
	groupFilters := obj{}
	groupFilters.set("max_upload_file_size", int64(52428800))
	groupFilters.set("hooks", obj{{"external_auth_disabled", false},
		{"pre_login_disabled", false}, {"check_password_disabled", false}})
	settings := obj{}
	settings.set("home_dir", "/srv/sftpgo/groups/staff")
	settings.set("max_sessions", 0)
	settings.set("quota_size", int64(0))
	settings.set("quota_files", 0)
	settings.set("permissions", obj{{"/", []string{"list", "download"}}})
	settings.set("upload_bandwidth", int64(0))
	settings.set("download_bandwidth", int64(0))
	settings.set("upload_data_transfer", int64(0))
	settings.set("download_data_transfer", int64(0))
	settings.set("total_data_transfer", int64(0))
	settings.set("filters", groupFilters)
	settings.set("filesystem", filesystem(v, 0, nil, nil))
	group := obj{}
	group.set("id", int64(1))
	group.set("name", "staff")
	group.set("description", "staff members")
	group.set("created_at", created)
	group.set("updated_at", updated)
	group.set("user_settings", settings)
	group.set("users", []string{"dave"})
	exp.Groups = []any{map[string]any{"name": "staff", "users": []string{"dave"}}}

	hashes := map[string]string{}
	for _, u := range users {
		if u.password != "" {
			hashes[u.name] = hash(u.format, u.password)
		}
	}

	var userObjs []obj
	var expUsers []expectedUser
	addUser := func(spec userSpec, o obj, restore, reason string, expect map[string]any) {
		userObjs = append(userObjs, o)
		e := expectedUser{Username: spec.name, Restore: restore, Reason: reason,
			Keys: o.keys(), Expect: expect}
		if spec.password != "" {
			e.Password = strp(spec.password)
			e.HashFormat = strp(spec.format)
		}
		for _, f := range o {
			if f.k == "filters" {
				e.FilterKeys = f.v.(obj).keys()
			}
		}
		expUsers = append(expUsers, e)
	}

	// alice: local home, a folder inside her quota, per-directory permissions, most filters.
	alicePerms := obj{
		{"/", []string{"*"}},
		{"/uploads", perms(v, "list", "upload", "create_dirs", "overwrite", "copy")},
		{"/readonly", []string{"list", "download"}},
	}
	aliceFilters := userFilters(v, func(f *obj) {
		f.set("allowed_ip", []string{"192.0.2.0/24", "2001:db8::/32"})
		f.set("denied_login_methods", []string{"keyboard-interactive"})
		f.set("denied_protocols", []string{"FTP"})
		f.set("file_patterns", []obj{{{"path", "/uploads"},
			{"denied_patterns", []string{"*.exe", "*.bat"}}}})
		f.set("max_upload_file_size", int64(104857600))
		f.set("allow_api_key_auth", true)
		if v >= 16 {
			f.set("max_shares_expiration", 30)
		}
		if v >= 17 {
			f.set("tls_certs", []string{tlsCert("alice")})
		}
		if v >= 16 {
			f.set("access_time", []obj{
				{{"day_of_week", 1}, {"from", "08:00"}, {"to", "18:00"}},
				{{"day_of_week", 2}, {"from", "08:00"}, {"to", "18:00"}},
			})
		}
	}, []string{"alice.alt@example.com"})
	addUser(users[0], user(1, "alice", hashes["alice"], userOpts{
		status: 1, email: "alice@example.com", descr: "Alice, local home",
		homeDir: "/srv/sftpgo/data/alice", maxSessions: 2, quotaSize: 1073741824,
		quotaFiles: 1000, permissions: alicePerms, usedQuotaSize: 123456, usedQuotaFiles: 3,
		upBW: 512, downBW: 1024, lastLogin: lastLogin, filters: aliceFilters,
		mounts: []obj{mount(v, 1, shared, "/shared", -1, -1)},
		fs:     filesystem(v, 0, nil, nil),
	}), "restore", "", map[string]any{
		"status": 1, "email": "alice@example.com", "home_dir": "/srv/sftpgo/data/alice",
		"provider": 0, "max_sessions": 2, "quota_size": 1073741824, "quota_files": 1000,
		"upload_bandwidth": 512, "download_bandwidth": 1024,
		"permissions": alicePerms,
		"virtual_folders": []map[string]any{{"name": "shared", "virtual_path": "/shared",
			"quota_size": -1, "quota_files": -1}},
		"allowed_ip":       []string{"192.0.2.0/24", "2001:db8::/32"},
		"denied_protocols": []string{"FTP"}, "allow_api_key_auth": true,
	})

	// bob: S3 home sealed by the default local:// KMS (Secretbox, mode 0).
	bobSecret := addSecret("users[1].filesystem.s3config.access_secret",
		sealSecretbox(bobS3Secret, "bob", ""), bobS3Secret, true)
	addUser(users[1], user(2, "bob", hashes["bob"], userOpts{
		status: 1, email: "bob@example.com", homeDir: "/srv/sftpgo/data/bob",
		permissions: obj{{"/", []string{"*"}}},
		filters:     userFilters(v, func(f *obj) {}, nil),
		fs: filesystem(v, 1, s3config("sftpgo-bob", "eu-west-1", "AKIATESTONLYBOB", "bob/",
			bobSecret), nil),
	}), "restore", "", map[string]any{"status": 1, "provider": 1, "bucket": "sftpgo-bob",
		"region": "eu-west-1", "access_key": "AKIATESTONLYBOB", "key_prefix": "bob/",
		"access_secret": bobS3Secret})

	// carol: S3 home sealed by builtin:// (AES-256-GCM), plus the S3 folder.
	carolSecret := addSecret("users[2].filesystem.s3config.access_secret",
		sealBuiltin(carolS3Secret, "carol"), carolS3Secret, true)
	addUser(users[2], user(3, "carol", hashes["carol"], userOpts{
		status: 1, homeDir: "/srv/sftpgo/data/carol", quotaSize: 5368709120,
		permissions: obj{{"/", []string{"list", "download", "upload", "overwrite", "delete",
			"rename", "create_dirs"}}},
		filters: userFilters(v, func(f *obj) {}, nil),
		mounts:  []obj{mount(v, 2, reports, "/reports", 10485760, 100)},
		fs: filesystem(v, 1, s3config("sftpgo-carol", "us-east-1", "AKIATESTONLYCAROL", "",
			carolSecret), nil),
	}), "restore", "", map[string]any{"status": 1, "provider": 1, "bucket": "sftpgo-carol",
		"region": "us-east-1", "access_key": "AKIATESTONLYCAROL", "access_secret": carolS3Secret,
		"quota_size": 5368709120,
		"virtual_folders": []map[string]any{{"name": "reports", "virtual_path": "/reports",
			"quota_size": 10485760, "quota_files": 100}}})

	// dave: shadow-file hash, member of a group.
	addUser(users[3], user(4, "dave", hashes["dave"], userOpts{
		status: 1, homeDir: "/srv/sftpgo/data/dave",
		permissions: obj{{"/", []string{"list", "download", "upload"}}},
		groups:      []obj{{{"name", "staff"}, {"type", 1}}},
		filters:     userFilters(v, func(f *obj) {}, nil),
		fs:          filesystem(v, 0, nil, nil),
	}), "restore", "", map[string]any{"status": 1, "provider": 0,
		"home_dir": "/srv/sftpgo/data/dave",
		"groups":   []map[string]any{{"name": "staff", "type": 1}}})

	// erin: Google Cloud Storage, which Sluice cannot serve.
	gcs := obj{}
	gcs.set("bucket", "sftpgo-erin")
	gcs.set("credentials", addSecret("users[4].filesystem.gcsconfig.credentials",
		sealSecretbox(erinGCSCreds, "erin", ""), erinGCSCreds, true))
	gcs.set("storage_class", "STANDARD")
	addUser(users[4], user(5, "erin", hashes["erin"], userOpts{
		status: 1, homeDir: "/srv/sftpgo/data/erin", permissions: obj{{"/", []string{"*"}}},
		filters: userFilters(v, func(f *obj) {}, nil),
		fs:      filesystem(v, 2, nil, gcs),
	}), "skip", "filesystem provider 2 (Google Cloud Storage) is not supported",
		map[string]any{"provider": 2})

	// frank: public key only.
	addUser(users[5], user(6, "frank", "", userOpts{
		status: 1, homeDir: "/srv/sftpgo/data/frank", publicKeys: []string{publicKey},
		permissions: obj{{"/", []string{"list", "download", "upload"}}},
		filters: userFilters(v, func(f *obj) {
			f.set("denied_login_methods", []string{"password", "keyboard-interactive"})
		}, nil),
		fs: filesystem(v, 0, nil, nil),
	}), "restore", "", map[string]any{"status": 1, "public_keys": []string{publicKey},
		"denied_login_methods": []string{"password", "keyboard-interactive"}})
	expUsers[5].PublicKeyTag = "test-only-ed25519.pub"

	// grace: disabled, expiring, non-ASCII password, bandwidth and (before 2.7) transfer limits.
	addUser(users[6], user(7, "grace", hashes["grace"], userOpts{
		status: 0, descr: "Grace, disabled", expiration: expiresSoon,
		homeDir: "/srv/sftpgo/data/grace", permissions: obj{{"/", []string{"list"}}},
		filters: userFilters(v, func(f *obj) {
			f.set("bandwidth_limits", []obj{{{"sources", []string{"10.0.0.0/8"}},
				{"upload_bandwidth", int64(256)}, {"download_bandwidth", int64(256)}}})
			if v < 17 {
				f.set("data_transfer_limits", []obj{{{"sources", []string{"10.0.0.0/8"}},
					{"upload_data_transfer", int64(0)}, {"download_data_transfer", int64(0)},
					{"total_data_transfer", int64(2048)}}})
			}
			f.set("start_directory", "/inbox")
		}, nil),
		fs: filesystem(v, 0, nil, nil),
	}), "restore", "", map[string]any{"status": 0, "expiration_date": expiresSoon,
		"description": "Grace, disabled"})

	// heidi: S3 secret sealed with a master key (mode 1): the dump alone cannot open it.
	heidiSecret := addSecret("users[7].filesystem.s3config.access_secret",
		sealSecretbox(heidiS3Secret, "heidi", masterKey), heidiS3Secret, false)
	addUser(users[7], user(8, "heidi", hashes["heidi"], userOpts{
		status: 1, homeDir: "/srv/sftpgo/data/heidi", permissions: obj{{"/", []string{"*"}}},
		filters: userFilters(v, func(f *obj) {}, nil),
		fs: filesystem(v, 1, s3config("sftpgo-heidi", "eu-west-1", "AKIATESTONLYHEIDI", "",
			heidiSecret), nil),
	}), "refuse", "filesystem.s3config.access_secret is sealed with SFTPGo's master key (mode 1)",
		map[string]any{"provider": 1})

	// Admins.
	var adminObjs []obj
	for i, a := range admins {
		h := hash(a.format, a.password)
		var p []string
		var f obj
		var allow []string
		apiKeyAuth := false
		hide, expiration := 0, 0
		email, descr := "", ""
		switch a.name {
		case "admin":
			p = []string{"*"}
			f = adminFilters(v, nil, false, 0, 0)
			email = "admin@example.com"
		case "ops":
			p = opsPermissions(v)
			hide, expiration = 8+64, 90
			f = adminFilters(v, nil, false, hide, expiration)
			descr = "operations"
		case "auditor":
			p = []string{"view_users", "view_conns", "view_status", "view_defender"}
			allow = []string{"192.0.2.0/24"}
			apiKeyAuth = true
			f = adminFilters(v, allow, true, 0, 0)
			descr = "read-only, API key"
		}
		o := admin(int64(i+1), a.name, h, email, descr, p, f)
		adminObjs = append(adminObjs, o)
		var removed []string
		for _, x := range p {
			if !validAdminPerms27[x] {
				removed = append(removed, x)
			}
		}
		prefs := []string{}
		for _, e := range f {
			if e.k == "preferences" {
				prefs = e.v.(obj).keys()
			}
		}
		if v < 16 {
			expiration = 0
		}
		exp.Admins = append(exp.Admins, expectedAdmin{a.name, a.password, a.format, o.keys(),
			f.keys(), p, nonNil(removed), apiKeyAuth, nonNil(allow), prefs, expiration})
	}

	// API keys: one admin-scope key bound to auditor, one user-scope key bound to alice.
	var keyObjs []obj
	for _, k := range []struct {
		name, descr, user, admin string
		scope                    int
		expires                  int64
	}{
		{"auditor-key", "monitoring", "", "auditor", 1, 0},
		{"alice-key", "alice's sync job", "alice", "", 2, expiresSoon},
	} {
		id, secretPart := shortID(), shortID()
		o := obj{}
		o.set("id", id)
		o.set("name", k.name)
		o.set("key", hashBcrypt(secretPart))
		o.set("scope", k.scope)
		o.set("created_at", created)
		o.set("updated_at", updated)
		o.opt("expires_at", k.expires)
		o.opt("description", k.descr)
		o.opt("user", k.user)
		o.opt("admin", k.admin)
		keyObjs = append(keyObjs, o)
		exp.APIKeys = append(exp.APIKeys, expectedKey{id, k.name, id + "." + secretPart,
			k.scope, k.user, k.admin, k.expires})
	}

	// A share of alice's uploads, password protected.
	shareID := shortID()
	share := obj{}
	share.set("id", shareID)
	share.set("name", "alice-share")
	share.set("description", "for a customer")
	share.set("scope", 1)
	share.set("paths", []string{"/uploads"})
	share.set("username", "alice")
	share.set("created_at", created)
	share.set("updated_at", updated)
	share.set("expires_at", expiresSoon)
	share.set("password", hashBcrypt(sharePassword))
	share.set("max_tokens", 10)
	share.set("allow_from", []string{"192.0.2.0/24"})
	exp.Shares = []any{map[string]any{"id": shareID, "name": "alice-share",
		"username": "alice", "password": sharePassword}}

	dump := obj{}
	dump.set("users", userObjs)
	dump.set("groups", []obj{group})
	dump.set("folders", folders)
	dump.set("admins", adminObjs)
	dump.set("api_keys", keyObjs)
	dump.set("shares", []obj{share})
	unsupported := []string{"groups[0]", "shares[0]"}
	if v >= 16 {
		// Event-action placeholders became Go templates in dump version 17.
		name := "{{Name}}"
		if v >= 17 {
			name = "{{.Name}}"
		}
		options := obj{}
		options.set("http_config", obj{{"endpoint", "https://hooks.example.com/sftpgo"},
			{"password", secret{}}, {"timeout", 20}, {"method", "POST"},
			{"body", `{"user":"` + name + `"}`}})
		options.set("cmd_config", obj{})
		options.set("email_config", obj{})
		options.set("retention_config", obj{})
		options.set("fs_config", obj{{"compress", obj{}}})
		options.set("pwd_expiration_config", obj{})
		options.set("user_inactivity_config", obj{})
		options.set("idp_config", obj{})
		action := obj{{"id", int64(1)}, {"name", "notify-upload"}, {"type", 1},
			{"options", options}}
		ruleAction := append(obj{}, action...)
		ruleAction = append(ruleAction, kv{"order", 1}, kv{"relation_options",
			obj{{"is_failure_action", false}, {"stop_on_failure", false},
				{"execute_sync", false}}})
		rule := obj{{"id", int64(1)}, {"name", "on-upload"}, {"status", 1},
			{"description", "notify on every upload"}, {"created_at", created},
			{"updated_at", updated}, {"trigger", 1},
			{"conditions", obj{{"fs_events", []string{"upload"}},
				{"options", obj{{"names", []obj{{{"pattern", "alice"}}}}}}}},
			{"actions", []obj{ruleAction}}}
		dump.set("event_actions", []obj{action})
		dump.set("event_rules", []obj{rule})
		unsupported = append(unsupported, "event_actions[0]", "event_rules[0]")
	} else {
		dump.set("event_actions", []obj{})
		dump.set("event_rules", []obj{})
	}
	if v >= 15 {
		dump.set("roles", []obj{})
		dump.set("ip_lists", []obj{{{"ipornet", "192.0.2.10/32"}, {"description", "office"},
			{"type", 1}, {"mode", 1}, {"protocols", 0}, {"created_at", created},
			{"updated_at", updated}}})
		dump.set("configs", obj{{"sftpd", obj{{"host_key_algos", []string{"ssh-ed25519",
			"rsa-sha2-512"}}}}, {"updated_at", updated}})
		unsupported = append(unsupported, "ip_lists[0]", "configs")
	}
	dump.set("version", v)

	exp.TopLevelKeys = dump.keys()
	exp.Users = expUsers
	exp.Secrets = secrets
	exp.Unsupported = unsupported
	return dump, exp
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// vector is one entry of secret-vectors.json.
type vector struct {
	Name   string `json:"name"`
	Plain  string `json:"plain"`
	Opens  bool   `json:"opens"`
	Secret secret `json:"secret"`
}

func vectors() []vector {
	return []vector{
		{"secretbox, user additional data", "AKIA/secret+value=1", true,
			sealSecretbox("AKIA/secret+value=1", "alice", "")},
		{"secretbox, folder additional data", "folder secret 2", true,
			sealSecretbox("folder secret 2", "folder_reports", "")},
		{"secretbox, no additional data", "no-ad secret 3", true,
			sealSecretbox("no-ad secret 3", "", "")},
		{"secretbox, non-ASCII plain text", "Pässwörd-密码-🔑", true,
			sealSecretbox("Pässwörd-密码-🔑", "grace", "")},
		{"secretbox, 1000-byte plain text", strings.Repeat("0123456789", 100), true,
			sealSecretbox(strings.Repeat("0123456789", 100), "smtp", "")},
		{"secretbox, mode 1 (master key " + masterKey + ")", "needs the master key", false,
			sealSecretbox("needs the master key", "alice", masterKey)},
		{"AES-256-GCM builtin, user additional data", "builtin secret 1", true,
			sealBuiltin("builtin secret 1", "carol")},
		{"AES-256-GCM builtin, no additional data", "builtin no-ad 2", true,
			sealBuiltin("builtin no-ad 2", "")},
		{"AES-256-GCM builtin, non-ASCII plain text", "Pässwörd-密码-🔑", true,
			sealBuiltin("Pässwörd-密码-🔑", "group_staff")},
	}
}

func writeJSON(path string, v any) {
	// SFTPGo's dumpdata with indent=1 uses json.MarshalIndent(data, "", "  ").
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		panic(err)
	}
}

func main() {
	pub, err := os.ReadFile("test-only-ed25519.pub")
	if err != nil {
		panic(err)
	}
	publicKey := strings.TrimSpace(string(pub))
	var dumps []expectedDump
	for _, r := range releases {
		dump, exp := build(r, publicKey)
		writeJSON(r.file, dump)
		dumps = append(dumps, exp)
	}
	sort.SliceStable(dumps, func(i, j int) bool { return dumps[i].Version < dumps[j].Version })
	writeJSON("expected.json", obj{
		{"about", "What the SFTPGo dumps in this folder hold; written by generate.go with them."},
		{"passwords", "users[].password and admins[].password are the plain passwords behind " +
			"each dump's hashes; api_keys[].plain_key is <id>.<secret> as SFTPGo shows it once"},
		{"restore", "users[].restore: restore, skip (an unsupported backend) or refuse " +
			"(a secret the dump cannot open); expect lists values a faithful restore keeps, " +
			"in SFTPGo field names, secrets in plain; keys and filter_keys are the JSON keys " +
			"the object has in that dump"},
		{"unsupported", "objects Sluice had no counterpart for when these fixtures were " +
			"made (groups, shares, event actions and rules, IP lists, configs): a restore " +
			"reports them rather than loading them"},
		{"dumps", dumps},
	})
	writeJSON("secret-vectors.json", obj{
		{"about", "Secrets sealed as SFTPGo's local:// (Secretbox) and builtin:// " +
			"(AES-256-GCM) KMS providers seal them; written by generate.go."},
		{"vectors", vectors()},
	})
}
