/* strings_check.c - every StrId has an English string, format strings agree in their
 * conversions between the tables, and a Korean entry, where present, is non-empty.
 * (When the Korean table is complete, issue 7 turns the last check into "every key".)
 * Must not: need a display. */
#include <stdio.h>
#include <string.h>

#include "strings.h"

/* The sequence of printf conversions in s, e.g. "%d%s". */
static void conversions(const char *s, char *out, size_t len)
{
    size_t o = 0;
    for (; *s && o + 2 < len; s++) {
        if (*s != '%')
            continue;
        s++;
        if (*s == '%')
            continue;
        while (*s && strchr("0123456789.+- #l", *s))
            s++;
        if (!*s)
            break;
        out[o++] = *s;
    }
    out[o] = 0;
}

int main(void)
{
    int bad = 0;
    for (int i = 0; i < STR_COUNT; i++) {
        const char *en = tr_lang(LANG_EN, (StrId)i), *ko = tr_lang(LANG_KO, (StrId)i);
        if (!en || !*en) {
            printf("string %d has no English text\n", i);
            bad++;
            continue;
        }
        if (ko) {
            char a[32], b[32];
            conversions(en, a, sizeof a);
            conversions(ko, b, sizeof b);
            if (!*ko || strcmp(a, b) != 0) {
                printf("string %d: Korean \"%s\" does not match the English conversions \"%s\"\n", i, ko, a);
                bad++;
            }
        }
    }
    printf("%d strings, %d problems\n", STR_COUNT, bad);
    return bad ? 1 : 0;
}
