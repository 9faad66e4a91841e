/* strings_check.c - the string tables agree key for key (issue 7):
 *   - every StrId has an English entry and a Korean entry, and neither is empty
 *     (a key in one table only is reported, whichever table it is);
 *   - each Korean printf format has exactly the English conversions, in order, with
 *     the same flags, width, precision and length ("%ld" is not "%d", "%.2f" not "%.1f");
 *   - help-overlay entries ("keys\tdescription") keep their one tab in both languages;
 *   - every entry is valid UTF-8 (SDL2_ttf renders nothing for a broken sequence).
 * Must not: need a display. */
#include <stdio.h>
#include <string.h>

#include "strings.h"

/* The printf conversions in s, each written out whole ("%.2f|%ld|"); -1 on a stray '%'. */
static int conversions(const char *s, char *out, size_t len) {
    size_t o = 0;
    out[0] = 0;
    for (; *s; s++) {
        if (*s != '%') continue;
        if (s[1] == '%') {
            s++;
            continue;
        }
        const char *start = s++;
        while (*s && strchr("0123456789.+- #'*hlLqjzt", *s)) s++;
        if (!*s || !strchr("diouxXeEfFgGaAcspn", *s)) return -1;
        size_t n = (size_t)(s - start) + 1;
        if (o + n + 2 > len) return -1;
        memcpy(out + o, start, n);
        o += n;
        out[o++] = '|';
        out[o] = 0;
    }
    return 0;
}

static int valid_utf8(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
        if (n < 0 || (n == 1 && *p < 0xC2)) return 0;
        p++;
        for (int k = 0; k < n; k++, p++)
            if ((*p & 0xC0) != 0x80) return 0;
    }
    return 1;
}

static int count_char(const char *s, char c) {
    int n = 0;
    for (; *s; s++) n += *s == c;
    return n;
}

int main(void) {
    int bad = 0, n_ko = 0;
    for (int i = 0; i < STR_COUNT; i++) {
        const char *en = tr_lang(LANG_EN, (StrId)i), *ko = tr_lang(LANG_KO, (StrId)i);
        if (!en || !*en) {
            printf("key %d: %s, but no English text\n", i, ko ? "a Korean entry" : "no entry at all");
            bad++;
        }
        if (!ko || !*ko) {
            printf("key %d: no Korean text (English: \"%s\")\n", i, en ? en : "(none)");
            bad++;
        }
        if (!en || !*en || !ko || !*ko) continue;
        n_ko++;
        for (int k = 0; k < 2; k++) {
            if (!valid_utf8(k ? ko : en)) {
                printf("key %d: the %s text is not valid UTF-8\n", i, k ? "Korean" : "English");
                bad++;
            }
        }
        char a[128], b[128];
        if (conversions(en, a, sizeof a) != 0) {
            printf("key %d: English \"%s\" has a malformed %% conversion\n", i, en);
            bad++;
        } else if (conversions(ko, b, sizeof b) != 0 || strcmp(a, b) != 0) {
            printf("key %d: Korean \"%s\" does not have the English conversions \"%s\"\n", i, ko, a);
            bad++;
        }
        if (count_char(en, '\t') != count_char(ko, '\t')) {
            printf("key %d: Korean \"%s\" and English \"%s\" differ in tabs (keys\\tdescription)\n", i, ko, en);
            bad++;
        }
    }
    printf("%d keys, %d with both English and Korean text, %d problems\n", STR_COUNT, n_ko, bad);
    return bad ? 1 : 0;
}
