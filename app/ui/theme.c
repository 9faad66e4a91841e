/* theme.c - the dark and light themes and the class palette (see theme.h). */
#include "theme.h"

#include <stdio.h>

#include "strings.h"

const uint32_t class_palette[10] = {
    0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC,
};

const char *class_name(DatasetKind kind, int label, char *buf, size_t len) {
    if (kind == DATASET_FASHION && label >= 0 && label < 10) return tr((StrId)(STR_FASHION_0 + label));
    snprintf(buf, len, "%d", label);
    return buf;
}

void theme_init(Theme *th, int dark) {
    if (dark) {
        *th = (Theme){
            .bg = rgba(0x111418, 255),
            .panel = rgba(0x1B2027, 255),
            .border = rgba(0x2C333D, 255),
            .text = rgba(0xECEFF4, 255),
            .muted = rgba(0xA3ABB8, 255),
            .faint = rgba(0x6B7480, 255),
            .grid = rgba(0x2A3038, 255),
            .accent = rgba(0x4FC3F7, 255),
            .accent_text = rgba(0x0B1015, 255),
            .button = rgba(0x2A313B, 255),
            .button_hover = rgba(0x36404C, 255),
            .button_on = rgba(0x2F6F93, 255),
            .error_bg = rgba(0xB3261E, 255),
            .error_text = rgba(0xFFFFFF, 255),
            .ok_bg = rgba(0x2E6B3A, 255),
            .shadow = rgba(0x000000, 170),
            .recon = rgba(0x5DA5DA, 255),
            .kl = rgba(0x60BD68, 255),
            .elbo = rgba(0xFAA43A, 255),
            .cursor = rgba(0x4FC3F7, 255),
            .posterior = rgba(0xFFFFFF, 255),
            .prior = rgba(0xC5CCD6, 230),
        };
    } else {
        *th = (Theme){
            .bg = rgba(0xE9ECF0, 255),
            .panel = rgba(0xFFFFFF, 255),
            .border = rgba(0xC9CFD8, 255),
            .text = rgba(0x15191E, 255),
            .muted = rgba(0x4A5360, 255),
            .faint = rgba(0x7D8794, 255),
            .grid = rgba(0xE1E5EA, 255),
            .accent = rgba(0x0A6EBD, 255),
            .accent_text = rgba(0xFFFFFF, 255),
            .button = rgba(0xE3E7EC, 255),
            .button_hover = rgba(0xD3D9E0, 255),
            .button_on = rgba(0x0A6EBD, 255),
            .error_bg = rgba(0xB3261E, 255),
            .error_text = rgba(0xFFFFFF, 255),
            .ok_bg = rgba(0x2E6B3A, 255),
            .shadow = rgba(0x000000, 120),
            .recon = rgba(0x1F77B4, 255),
            .kl = rgba(0x2CA02C, 255),
            .elbo = rgba(0xD9600B, 255),
            .cursor = rgba(0x0A6EBD, 255),
            .posterior = rgba(0x000000, 255),
            .prior = rgba(0x5A6472, 200),
        };
    }
}
