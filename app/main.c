/* main.c - the one binary, vae-explorer: no subcommand (or only window options)
 * opens the window; `train`, `eval`, `sample`, `encode` run headless; `--version`
 * names the version, the OpenBLAS library and the kernel it runs. First of all, the
 * OpenBLAS kernel is settled (blas_kernel.c: it may re-exec the process once). */
#include <stdio.h>
#include <string.h>

#include "blas_kernel.h"
#include "cli.h"
#include "gui.h"

#ifndef VAE_VERSION
#define VAE_VERSION "0.0.0-dev"
#endif

static const char *usage = "VAE Explorer - watch and touch a Variational Auto-Encoder\n"
                           "usage: vae-explorer [window options]     open the window (trains on MNIST)\n"
                           "       vae-explorer train [options]      train headless, a line per epoch\n"
                           "       vae-explorer eval --model FILE    test ELBO, log p(x) (IWAE, quadrature), gap\n"
                           "       vae-explorer sample --model FILE --grid N --out FILE.png\n"
                           "       vae-explorer encode --model FILE IMAGE...\n"
                           "       vae-explorer --version            the version, OpenBLAS and its kernel\n"
                           "       vae-explorer data fetch|list      get MNIST for an installed app; where data is\n"
                           "Each command takes --help. Window options: vae-explorer --help-window\n";

int main(int argc, char **argv) {
    blas_kernel_startup(argc, argv);
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("vae-explorer %s\n%s\n", VAE_VERSION, blas_kernel_describe());
        return 0;
    }
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    if (argc > 1 && argv[1][0] != '-') {
        const char *cmd = argv[1];
        if (strcmp(cmd, "train") == 0) return cli_train(argc - 1, argv + 1);
        if (strcmp(cmd, "eval") == 0) return cli_eval(argc - 1, argv + 1);
        if (strcmp(cmd, "sample") == 0) return cli_sample(argc - 1, argv + 1);
        if (strcmp(cmd, "encode") == 0) return cli_encode(argc - 1, argv + 1);
        if (strcmp(cmd, "data") == 0) return cli_data(argc - 1, argv + 1);
        fprintf(stderr, "vae-explorer: unknown command '%s' (see vae-explorer --help)\n", cmd);
        return 2;
    }
    return gui_main(argc, argv);
}
