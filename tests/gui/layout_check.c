/* layout_check.c - checks a --write-layout file (the window's real layout, in physical
 * pixels): every panel lies inside the window and no two panels overlap; every visible
 * widget lies inside its panel and the window; no two widgets overlap; and, given
 * "--controls", every control of the Controls panel is reachable (visible, or by
 * scrolling its panel). Prints what it found and exits 1 on the first kind of failure.
 * Usage: layout_check FILE.layout [--controls] [--expect-mode MODE] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITEMS 512

typedef struct {
    char panel[32], name[48];
    int x, y, w, h, scrolled, widget;
} Item;

static Item items[MAX_ITEMS];
static int n_items, win_w, win_h;
static char mode[32];

static int inside(const Item *a, int x, int y, int w, int h) {
    return a->x >= x && a->y >= y && a->x + a->w <= x + w && a->y + a->h <= y + h;
}

static int overlap(const Item *a, const Item *b) {
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static const Item *find_panel(const char *name) {
    for (int i = 0; i < n_items; i++)
        if (!items[i].widget && !strcmp(items[i].name, name)) return &items[i];
    return NULL;
}

static int read_layout(const char *path) {
    char line[256], state[32];
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "layout_check: cannot open %s\n", path);
        return -1;
    }
    while (fgets(line, sizeof line, f) && n_items < MAX_ITEMS) {
        Item *it = &items[n_items];
        memset(it, 0, sizeof *it);
        if (sscanf(line, "window %d %d", &win_w, &win_h) == 2) continue;
        if (sscanf(line, "mode %31s", mode) == 1) continue;
        if (sscanf(line, "panel %31s %d %d %d %d", it->name, &it->x, &it->y, &it->w, &it->h) == 5) {
            n_items++;
        } else if (sscanf(line, "widget %31s %47s %d %d %d %d %31s", it->panel, it->name, &it->x, &it->y, &it->w,
                          &it->h, state) == 7) {
            it->widget = 1;
            it->scrolled = !strcmp(state, "scrolled");
            if (!it->scrolled && strcmp(state, "visible") != 0) {
                fprintf(stderr, "layout_check: bad state '%s' in: %s", state, line);
                fclose(f);
                return -1;
            }
            n_items++;
        }
    }
    fclose(f);
    if (win_w <= 0 || win_h <= 0) {
        fprintf(stderr, "layout_check: no 'window W H' line in %s\n", path);
        return -1;
    }
    return 0;
}

/* Panels drawn above the others (dialogs, the keys overlay) are not part of the layout. */
static int overlay_panel(const char *name) { return !strcmp(name, "dialog") || !strcmp(name, "keys"); }

static int check_panels(void) {
    int bad = 0;
    for (int i = 0; i < n_items; i++) {
        const Item *a = &items[i];
        if (a->widget || overlay_panel(a->name)) continue;
        if (!inside(a, 0, 0, win_w, win_h)) {
            printf("FAIL panel %s (%d %d %d %d) is outside the %dx%d window\n", a->name, a->x, a->y, a->w, a->h, win_w,
                   win_h);
            bad++;
        }
        for (int j = i + 1; j < n_items; j++) {
            const Item *b = &items[j];
            if (!b->widget && !overlay_panel(b->name) && overlap(a, b)) {
                printf("FAIL panels %s and %s overlap\n", a->name, b->name);
                bad++;
            }
        }
    }
    return bad;
}

static int check_widgets(void) {
    int bad = 0;
    for (int i = 0; i < n_items; i++) {
        const Item *a = &items[i];
        if (!a->widget) continue;
        const Item *p = find_panel(a->panel);
        if (!p) {
            printf("FAIL widget %s names a panel %s that is not in the layout\n", a->name, a->panel);
            bad++;
            continue;
        }
        /* a scrolled widget lies in its panel's columns; a visible one wholly inside */
        int ok = a->scrolled ? a->x >= p->x && a->x + a->w <= p->x + p->w : inside(a, p->x, p->y, p->w, p->h);
        if (!ok || (!a->scrolled && !inside(a, 0, 0, win_w, win_h))) {
            printf("FAIL widget %s/%s (%d %d %d %d) is outside its panel (%d %d %d %d) or the window\n", a->panel,
                   a->name, a->x, a->y, a->w, a->h, p->x, p->y, p->w, p->h);
            bad++;
        }
        for (int j = i + 1; j < n_items; j++) {
            const Item *b = &items[j];
            if (!b->widget || a->scrolled || b->scrolled || overlay_panel(a->panel) != overlay_panel(b->panel))
                continue;
            if (overlap(a, b)) {
                printf("FAIL widgets %s/%s and %s/%s overlap\n", a->panel, a->name, b->panel, b->name);
                bad++;
            }
        }
    }
    return bad;
}

static int check_controls(void) {
    static const char *const need[] = {"lr",     "beta",       "batch",    "latent-", "latent+",
                                       "hidden", "mnist",      "fashion",  "folder",  "save",
                                       "open",   "screenshot", "manifold", "log",     "help"};
    int bad = 0, visible = 0, scrolled = 0;
    if (!find_panel("controls")) {
        printf("FAIL no controls panel in the layout\n");
        return 1;
    }
    for (size_t k = 0; k < sizeof need / sizeof need[0]; k++) {
        int found = 0;
        for (int i = 0; i < n_items; i++)
            if (items[i].widget && !strcmp(items[i].panel, "controls") && !strcmp(items[i].name, need[k])) {
                found = 1;
                items[i].scrolled ? scrolled++ : visible++;
            }
        if (!found) {
            printf("FAIL control %s is not reachable\n", need[k]);
            bad++;
        }
    }
    printf("controls: %d visible, %d by scrolling\n", visible, scrolled);
    return bad;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: layout_check FILE.layout [--controls] [--expect-mode MODE]\n");
        return 2;
    }
    if (read_layout(argv[1]) != 0) return 1;
    int bad = check_panels() + check_widgets(), panels = 0, widgets = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--controls"))
            bad += check_controls();
        else if (!strcmp(argv[i], "--expect-mode") && i + 1 < argc && strcmp(argv[++i], mode) != 0) {
            printf("FAIL layout mode %s, expected %s\n", mode, argv[i]);
            bad++;
        }
    }
    for (int i = 0; i < n_items; i++) items[i].widget ? widgets++ : panels++;
    printf("%s: window %dx%d, mode %s, %d panels, %d widgets: %s\n", argv[1], win_w, win_h, mode, panels, widgets,
           bad ? "FAIL" : "ok");
    return bad ? 1 : 0;
}
