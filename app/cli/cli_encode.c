/* cli_encode.c - `vae-explorer encode`: each picture preprocessed to a 28x28 MNIST
 * digit (as the window does for a dropped file) and its q(z|x) printed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "checkpoint.h"
#include "cli.h"
#include "image.h"

#define CMD "encode"

int cli_encode(int argc, char **argv) {
    const char *model = NULL;
    int first = 0, rc = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return puts("usage: vae-explorer encode --model FILE IMAGE..."), 0;
        if (strcmp(argv[i], "--model") == 0) {
            if (cli_need_value(CMD, argc, argv, i)) return 2;
            model = argv[++i];
        } else if (strncmp(argv[i], "--", 2) == 0) {
            return cli_usage_error(CMD, "unknown option '%s'", argv[i]);
        } else if (!first) {
            first = i;
        }
    }
    if (!model || !first) return cli_usage_error(CMD, "needs --model FILE and at least one image");
    Vae *vae;
    if (checkpoint_load(model, &vae, NULL) != VAE_OK)
        return fprintf(stderr, "vae-explorer encode: %s\n", vae_last_error()), 1;
    for (int i = first; i < argc; i++) {
        if (strcmp(argv[i], "--model") == 0) {
            i++;
            continue;
        }
        VaeImage img;
        float mu[VAE_MAX_LATENT], lv[VAE_MAX_LATENT];
        if (image_load_file(argv[i], &img) != VAE_OK) {
            fprintf(stderr, "vae-explorer encode: %s\n", vae_last_error());
            rc = 1;
            continue;
        }
        vae_encode(&vae->model, vae->work, img.mnist, 1, mu, lv);
        printf("%s: %dx%d", argv[i], img.width, img.height);
        printf(" mu=");
        for (int k = 0; k < vae->model.cfg.latent_dim; k++) printf("%s%.4f", k ? "," : "", mu[k]);
        printf(" sigma=");
        for (int k = 0; k < vae->model.cfg.latent_dim; k++) printf("%s%.4f", k ? "," : "", exp(0.5 * lv[k]));
        printf("\n");
        image_free(&img);
    }
    vae_free(vae);
    return rc;
}
