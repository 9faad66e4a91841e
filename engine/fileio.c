/* fileio.c - whole-file reads with checks (see fileio.h). */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static VaeStatus check_stat(int fd, const char *path, size_t max_bytes, const char *what, size_t *len) {
    struct stat st;
    if (fstat(fd, &st) != 0) return vae_fail(VAE_ERR_IO, "cannot read %s: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) return vae_fail(VAE_ERR_IO, "%s is a folder, not %s", path, what);
    if (!S_ISREG(st.st_mode)) return vae_fail(VAE_ERR_IO, "%s is not a regular file", path);
    if ((unsigned long long)st.st_size > max_bytes)
        return vae_fail(VAE_ERR_FORMAT, "%s: the file is %lld bytes, over the %zu MiB limit for %s", path,
                        (long long)st.st_size, max_bytes >> 20, what);
    *len = (size_t)st.st_size;
    return VAE_OK;
}

static VaeStatus read_fd(int fd, const char *path, uint8_t *buf, size_t len) {
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return vae_fail(VAE_ERR_IO, "cannot read %s: %s", path, strerror(errno));
        if (n == 0) return vae_fail(VAE_ERR_IO, "%s: the file shrank while reading", path);
        got += (size_t)n;
    }
    return VAE_OK;
}

VaeStatus file_read_all(const char *path, size_t max_bytes, const char *what, uint8_t **out, size_t *out_len) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return vae_fail(VAE_ERR_IO, "cannot open %s: %s", path, strerror(errno));
    size_t len = 0;
    uint8_t *buf = NULL;
    VaeStatus s = check_stat(fd, path, max_bytes, what, &len);
    if (s == VAE_OK && !(buf = malloc(len ? len : 1))) s = vae_fail(VAE_ERR_NOMEM, "%s: out of memory", path);
    if (s == VAE_OK) s = read_fd(fd, path, buf, len);
    close(fd);
    if (s != VAE_OK) {
        free(buf);
        return s;
    }
    *out = buf;
    *out_len = len;
    return VAE_OK;
}
