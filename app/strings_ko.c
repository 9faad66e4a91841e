/* strings_ko.c - the Korean string table (issue 7 fills it in).
 *
 * Owns: strings_ko[], keyed like strings_en[] in strings.c. An entry left NULL
 * falls back to English at run time; a test checks that both tables have every key.
 * Must not: hold anything but the table. */
#include "strings.h"

const char *const strings_ko[STR_COUNT] = {
    [STR_APP_TITLE] = "VAE Explorer",
};
