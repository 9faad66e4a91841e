/* test_datadir.c - datadir.c's user folders and lookups, with a temporary HOME:
 * XDG_DATA_HOME / XDG_CONFIG_HOME used when absolute and ignored when relative (the
 * XDG rule), XDG_PICTURES_DIR read from user-dirs.dirs ($HOME/..., absolute, "$HOME/"
 * meaning disabled, a missing folder falling back to home), datadir_make making nested
 * folders, VAE_DATA_DIR naming a dataset folder, and this test binary (neither in an
 * installed prefix nor the build folder) finding no assets at all.
 * Must not: touch the real home folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datadir.h"

static int failures;
#define EXPECT(cond, ...)                                                                                              \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            failures++;                                                                                                \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                                                            \
            fprintf(stderr, __VA_ARGS__);                                                                              \
            fputc('\n', stderr);                                                                                       \
        }                                                                                                              \
    } while (0)

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
}

static void expect_path(const char *what, int rc, const char *got, const char *want) {
    EXPECT(rc == 0, "%s: returned %d", what, rc);
    EXPECT(rc != 0 || strcmp(got, want) == 0, "%s: '%s', expected '%s'", what, got, want);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: test_datadir TMPDIR MNIST_DIR\n");
        return 2;
    }
    char home[1024], want[2048], got[2048], file[2048];
    snprintf(home, sizeof home, "%s/home", argv[1]);
    snprintf(want, sizeof want, "rm -rf '%s'", argv[1]);
    if (system(want) != 0) return 1;
    EXPECT(datadir_make(home) == 0, "datadir_make %s", home);
    setenv("HOME", home, 1);
    unsetenv("XDG_DATA_HOME");
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("VAE_DATA_DIR");

    /* defaults under HOME */
    snprintf(want, sizeof want, "%s/.local/share/vae-explorer", home);
    expect_path("data default", datadir_user_data(got, sizeof got), got, want);
    snprintf(want, sizeof want, "%s/.config/vae-explorer", home);
    expect_path("config default", datadir_user_config(got, sizeof got), got, want);
    expect_path("pictures without user-dirs.dirs", datadir_user_pictures(got, sizeof got), got, home);

    /* absolute XDG variables are used, relative ones ignored */
    setenv("XDG_DATA_HOME", "/srv/d", 1);
    setenv("XDG_CONFIG_HOME", "/srv/c", 1);
    expect_path("XDG_DATA_HOME", datadir_user_data(got, sizeof got), got, "/srv/d/vae-explorer");
    expect_path("XDG_CONFIG_HOME", datadir_user_config(got, sizeof got), got, "/srv/c/vae-explorer");
    setenv("XDG_DATA_HOME", "relative/d", 1);
    setenv("XDG_CONFIG_HOME", "", 1);
    snprintf(want, sizeof want, "%s/.local/share/vae-explorer", home);
    expect_path("relative XDG_DATA_HOME", datadir_user_data(got, sizeof got), got, want);
    snprintf(want, sizeof want, "%s/.config/vae-explorer", home);
    expect_path("empty XDG_CONFIG_HOME", datadir_user_config(got, sizeof got), got, want);
    unsetenv("XDG_DATA_HOME");
    unsetenv("XDG_CONFIG_HOME");

    /* pictures from ~/.config/user-dirs.dirs */
    snprintf(file, sizeof file, "%s/.config", home);
    EXPECT(datadir_make(file) == 0, "datadir_make %s", file);
    snprintf(file, sizeof file, "%s/.config/user-dirs.dirs", home);
    write_file(file, "# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\n"
                     "XDG_PICTURES_DIR=\"$HOME/Bilder\"\n");
    expect_path("pictures folder missing", datadir_user_pictures(got, sizeof got), got, home);
    snprintf(want, sizeof want, "%s/Bilder", home);
    EXPECT(datadir_make(want) == 0, "datadir_make %s", want);
    expect_path("pictures $HOME/Bilder", datadir_user_pictures(got, sizeof got), got, want);
    write_file(file, "XDG_PICTURES_DIR=\"$HOME/\"\n");
    expect_path("pictures disabled", datadir_user_pictures(got, sizeof got), got, home);
    snprintf(want, sizeof want, "%s/abs/pics", argv[1]);
    EXPECT(datadir_make(want) == 0, "datadir_make nested %s", want);
    char text[4200];
    snprintf(text, sizeof text, "#XDG_PICTURES_DIR=\"$HOME/Bilder\"\nXDG_PICTURES_DIR=\"%s/\"\n", want);
    write_file(file, text);
    expect_path("pictures absolute", datadir_user_pictures(got, sizeof got), got, want);
    write_file(file, "XDG_PICTURES_DIR=\"Pictures\"\n");
    expect_path("pictures relative (invalid)", datadir_user_pictures(got, sizeof got), got, home);

    /* no home: the user folders are unknown */
    unsetenv("HOME");
    EXPECT(datadir_user_data(got, sizeof got) == -1, "data without HOME");
    EXPECT(datadir_user_pictures(got, sizeof got) == -1, "pictures without HOME");
    setenv("HOME", home, 1);

    /* datadir_make on a file fails */
    EXPECT(datadir_make(file) == -1, "datadir_make on a file succeeded");

    /* VAE_DATA_DIR names the folder that holds <name> */
    char parent[1500];
    snprintf(parent, sizeof parent, "%s/vdd", argv[1]);
    EXPECT(datadir_make(parent) == 0, "datadir_make %s", parent);
    snprintf(file, sizeof file, "%s/mnist", parent);
    EXPECT(symlink(argv[2], file) == 0, "symlink %s", file);
    setenv("VAE_DATA_DIR", parent, 1);
    EXPECT(chdir(argv[1]) == 0, "chdir");
    expect_path("VAE_DATA_DIR/mnist", datadir_resolve("mnist", got, sizeof got), got, file);
    unsetenv("VAE_DATA_DIR");
    EXPECT(datadir_resolve("mnist", got, sizeof got) == -1, "mnist found at %s with nothing set", got);
    EXPECT(datadir_resolve(argv[2], got, sizeof got) == 0, "a folder path is taken as it is");

    /* this binary is neither installed nor in the build folder: no assets, no source tree */
    EXPECT(datadir_installed(got, sizeof got) == 0, "test binary counted as installed (%s)", got);
    EXPECT(datadir_from_build() == 0, "test binary counted as the build folder's");
    EXPECT(datadir_asset("fonts/DejaVuSans.ttf", got, sizeof got) == -1, "asset found at %s", got);

    if (failures)
        fprintf(stderr, "test_datadir: %d failures\n", failures);
    else
        printf("test_datadir: all passed\n");
    return failures != 0;
}
