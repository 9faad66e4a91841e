/* callgraph.c - the file-level call graph of C sources, and its cycles.
 *
 * usage: callgraph [--dot] DIR...
 * Reads every .c file under the given directories (recursively), finds the functions each
 * defines at top level (static ones stay local to their file) and the calls in each
 * function body (an identifier followed by '(', not after '.' or '->'), skipping comments,
 * string and character literals, preprocessor lines and '#if 0' blocks. An edge A -> B
 * means A calls a non-static function that B defines and A does not. Every strongly
 * connected component of more than one file is printed with one example call per edge;
 * the exit status is 1 if there is any, 0 if none, 2 on bad usage or an unreadable file.
 * With --dot the whole graph is printed as graphviz text instead (edges of a cycle in
 * red), with the same exit status; --defs lists the definitions found (to check the
 * lexer against a compiler's symbol table).
 *
 * Owns: a lexer good enough for this project's C (not a C parser: calls made through
 * macros defined in headers, or through function pointers, are not seen).
 * Must not: depend on anything beyond libc and POSIX directory reading. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- small helpers ---- */

static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("callgraph: out of memory\n", stderr);
        exit(2);
    }
    return q;
}

static char *xstrndup(const char *s, size_t n) {
    char *d = xrealloc(NULL, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

#define GROW(arr, count, cap)                                                                                          \
    do {                                                                                                               \
        if ((count) >= (cap)) {                                                                                        \
            (cap) = (cap) ? 2 * (cap) : 16;                                                                            \
            (arr) = xrealloc((arr), sizeof *(arr) * (size_t)(cap));                                                    \
        }                                                                                                              \
    } while (0)

/* ---- the file list ---- */

static char **files;
static int nfiles, capfiles;

static int ends_with_c(const char *name) {
    size_t n = strlen(name);
    return n > 2 && strcmp(name + n - 2, ".c") == 0;
}

static int walk(const char *path) {
    struct stat sb;
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "callgraph: %s: %s\n", path, strerror(errno));
        return 2;
    }
    if (S_ISREG(sb.st_mode)) {
        if (ends_with_c(path)) {
            GROW(files, nfiles, capfiles);
            files[nfiles++] = xstrndup(path, strlen(path));
        }
        return 0;
    }
    if (!S_ISDIR(sb.st_mode)) return 0;
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "callgraph: %s: %s\n", path, strerror(errno));
        return 2;
    }
    int rc = 0;
    struct dirent *e;
    size_t plen = strlen(path);
    while (!rc && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue; /* ., .., hidden folders (.git) */
        size_t n = plen + 1 + strlen(e->d_name);
        char *child = xrealloc(NULL, n + 1);
        if (plen && path[plen - 1] == '/')
            snprintf(child, n + 1, "%s%s", path, e->d_name);
        else
            snprintf(child, n + 1, "%s/%s", path, e->d_name);
        rc = walk(child);
        free(child);
    }
    closedir(d);
    return rc;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* ---- the lexer: a file to tokens ---- */

enum { T_IDENT, T_PUNCT, T_OTHER, T_PP_IF, T_PP_ELSE, T_PP_ENDIF };

typedef struct {
    int type;
    char *text; /* T_IDENT: the name; T_PUNCT: the character(s) */
    int line;
} Token;

typedef struct {
    Token *t;
    int n, cap;
} Tokens;

static void emit(Tokens *ts, int type, const char *s, size_t len, int line) {
    GROW(ts->t, ts->n, ts->cap);
    ts->t[ts->n++] = (Token){type, xstrndup(s, len), line};
}

static int is_ident_start(int c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_ident_char(int c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

typedef struct {
    const char *s;
    size_t i, n;
    int line;
} Src;

static int peek(const Src *s, size_t k) { return s->i + k < s->n ? (unsigned char)s->s[s->i + k] : -1; }

static void advance(Src *s) {
    if (s->i < s->n && s->s[s->i] == '\n') s->line++;
    s->i++;
}

/* Skips a block comment whose "/" "*" is at s->i. */
static void skip_block_comment(Src *s) {
    advance(s), advance(s);
    while (s->i < s->n && !(peek(s, 0) == '*' && peek(s, 1) == '/')) advance(s);
    if (s->i < s->n) advance(s), advance(s);
}

/* Skips a string or character literal starting at its quote. */
static void skip_literal(Src *s) {
    int q = peek(s, 0);
    advance(s);
    while (s->i < s->n && peek(s, 0) != q && peek(s, 0) != '\n') {
        if (peek(s, 0) == '\\') advance(s);
        advance(s);
    }
    if (peek(s, 0) == q) advance(s);
}

/* Reads the rest of a preprocessor line (after '#'), continuations and comments
 * included, into buf (comments dropped, whitespace squeezed). */
static void read_directive(Src *s, char *buf, size_t cap) {
    size_t k = 0;
    while (s->i < s->n && peek(s, 0) != '\n') {
        int c = peek(s, 0);
        if (c == '\\' && peek(s, 1) == '\n') {
            advance(s), advance(s);
            c = ' ';
        } else if (c == '/' && peek(s, 1) == '*') {
            skip_block_comment(s);
            c = ' ';
        } else if (c == '/' && peek(s, 1) == '/') {
            while (s->i < s->n && peek(s, 0) != '\n') advance(s);
            break;
        } else if (c == '"' || c == '\'') {
            skip_literal(s);
            c = '"';
        } else {
            advance(s);
        }
        if (c == '\t' || c == '\r') c = ' ';
        if (c == ' ' && (k == 0 || buf[k - 1] == ' ')) continue;
        if (k + 1 < cap) buf[k++] = (char)c;
    }
    while (k && buf[k - 1] == ' ') k--;
    buf[k] = '\0';
}

static int directive_is(const char *d, const char *name) {
    size_t n = strlen(name);
    return strncmp(d, name, n) == 0 && !is_ident_char((unsigned char)d[n]);
}

/* The conditional stack of the lexer: whether a group's #if was emitted as a token
 * (an '#if 0' group is skipped and its branches are not). */
typedef struct {
    char *emitted;
    int n, cap;
} CondStack;

static void cond_push(CondStack *c, char v) {
    GROW(c->emitted, c->n, c->cap);
    c->emitted[c->n++] = v;
}

/* Skips an '#if 0' group up to its matching #else, #elif or #endif (nested groups
 * inside are skipped whole). Returns 1 if lexing resumes in an #else or #elif branch,
 * 0 if the group ended with #endif. */
static int skip_false_group(Src *s) {
    char d[256];
    int nest = 0, bol = 1;
    while (s->i < s->n) {
        int c = peek(s, 0);
        if (c == '\n') {
            bol = 1;
            advance(s);
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
            advance(s);
        } else if (c == '/' && peek(s, 1) == '*') {
            skip_block_comment(s);
        } else if (c == '/' && peek(s, 1) == '/') {
            while (s->i < s->n && peek(s, 0) != '\n') advance(s);
        } else if (c == '#' && bol) {
            advance(s);
            read_directive(s, d, sizeof d);
            if (directive_is(d, "if") || directive_is(d, "ifdef") || directive_is(d, "ifndef")) {
                nest++;
            } else if (directive_is(d, "endif")) {
                if (nest-- == 0) return 0;
            } else if (nest == 0 && (directive_is(d, "else") || directive_is(d, "elif"))) {
                return 1;
            }
        } else {
            bol = 0;
            if (c == '"' || c == '\'')
                skip_literal(s);
            else
                advance(s);
        }
    }
    return 0;
}

static void lex(const char *text, size_t len, Tokens *ts) {
    Src s = {text, 0, len, 1};
    CondStack cs = {0};
    char d[256];
    int bol = 1;
    while (s.i < s.n) {
        int c = peek(&s, 0);
        if (c == '\n') {
            bol = 1;
            advance(&s);
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            advance(&s);
            continue;
        }
        if (c == '\\' && peek(&s, 1) == '\n') {
            advance(&s), advance(&s);
            continue;
        }
        if (c == '/' && peek(&s, 1) == '*') {
            skip_block_comment(&s);
            continue;
        }
        if (c == '/' && peek(&s, 1) == '/') {
            while (s.i < s.n && peek(&s, 0) != '\n') {
                if (peek(&s, 0) == '\\' && peek(&s, 1) == '\n') advance(&s);
                advance(&s);
            }
            continue;
        }
        if (c == '#' && bol) {
            int line = s.line;
            advance(&s);
            read_directive(&s, d, sizeof d);
            if (directive_is(d, "if") && (strcmp(d, "if 0") == 0 || strcmp(d, "if (0)") == 0)) {
                if (skip_false_group(&s)) cond_push(&cs, 0); /* the #else branch is read, its #endif emits nothing */
            } else if (directive_is(d, "if") || directive_is(d, "ifdef") || directive_is(d, "ifndef")) {
                cond_push(&cs, 1);
                emit(ts, T_PP_IF, "#if", 3, line);
            } else if (directive_is(d, "else") || directive_is(d, "elif")) {
                if (cs.n && cs.emitted[cs.n - 1]) emit(ts, T_PP_ELSE, "#else", 5, line);
            } else if (directive_is(d, "endif")) {
                if (cs.n && cs.emitted[--cs.n]) emit(ts, T_PP_ENDIF, "#endif", 6, line);
            }
            continue; /* #define, #include, ... are not code */
        }
        bol = 0;
        if (c == '"' || c == '\'') {
            skip_literal(&s);
            emit(ts, T_OTHER, "\"", 1, s.line);
            continue;
        }
        if (is_ident_start(c)) {
            size_t b = s.i;
            while (s.i < s.n && is_ident_char(peek(&s, 0))) advance(&s);
            /* L"..", u8"..", u'.': a prefixed literal, not an identifier */
            if (peek(&s, 0) == '"' || peek(&s, 0) == '\'') {
                size_t k = s.i - b;
                const char *p = s.s + b;
                if ((k == 1 && (*p == 'L' || *p == 'u' || *p == 'U')) || (k == 2 && p[0] == 'u' && p[1] == '8')) {
                    skip_literal(&s);
                    emit(ts, T_OTHER, "\"", 1, s.line);
                    continue;
                }
            }
            emit(ts, T_IDENT, s.s + b, s.i - b, s.line);
            continue;
        }
        if ((c >= '0' && c <= '9') || (c == '.' && peek(&s, 1) >= '0' && peek(&s, 1) <= '9')) {
            /* a pp-number: digits, letters, '.', and a sign after an exponent */
            size_t b = s.i;
            advance(&s);
            while (s.i < s.n) {
                int x = peek(&s, 0), prev = (unsigned char)s.s[s.i - 1];
                if (is_ident_char(x) || x == '.')
                    advance(&s);
                else if ((x == '+' || x == '-') && (prev == 'e' || prev == 'E' || prev == 'p' || prev == 'P'))
                    advance(&s);
                else
                    break;
            }
            emit(ts, T_OTHER, s.s + b, s.i - b, s.line);
            continue;
        }
        if (c == '-' && peek(&s, 1) == '>') {
            emit(ts, T_PUNCT, "->", 2, s.line);
            advance(&s), advance(&s);
            continue;
        }
        emit(ts, T_PUNCT, s.s + s.i, 1, s.line);
        advance(&s);
    }
    free(cs.emitted);
}

/* ---- the parser: definitions and calls of one file ---- */

static int is_keyword(const char *s) {
    static const char *const kw[] = {
        "auto",
        "break",
        "case",
        "char",
        "const",
        "continue",
        "default",
        "do",
        "double",
        "else",
        "enum",
        "extern",
        "float",
        "for",
        "goto",
        "if",
        "inline",
        "int",
        "long",
        "register",
        "restrict",
        "return",
        "short",
        "signed",
        "sizeof",
        "static",
        "struct",
        "switch",
        "typedef",
        "union",
        "unsigned",
        "void",
        "volatile",
        "while",
        "_Alignas",
        "_Alignof",
        "_Atomic",
        "_Bool",
        "_Complex",
        "_Generic",
        "_Imaginary",
        "_Noreturn",
        "_Static_assert",
        "_Thread_local",
        "__attribute__",
        "__asm__",
        "asm",
        "__typeof__",
        "typeof",
        "__declspec",
        "__extension__",
        "alignof",
        "static_assert",
    };
    for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
        if (strcmp(s, kw[i]) == 0) return 1;
    return 0;
}

typedef struct {
    char *name;
    int line;
} Call;

typedef struct {
    char **defs; /* every function defined at top level */
    char *def_static;
    int ndefs, capdefs;
    Call *calls;
    int ncalls, capcalls;
} FileInfo;

static FileInfo *info;
static Tokens *toks; /* every file's tokens: the names in info and edges point into them */

/* The parser's state, saved at #if and restored at #else so that both branches of a
 * conditional start from the same brace depth. */
typedef struct {
    int depth;      /* brace depth */
    int in_body;    /* inside a function body (depth >= 1) */
    int decl_start; /* first token of the current top-level declaration */
} ParseState;

static int tok_is(const Token *t, const char *s) { return t->type == T_PUNCT && strcmp(t->text, s) == 0; }

/* Names declared as function pointers "( * name )" in tokens [b, e): a call through
 * one of them is local, whatever another file defines. */
static int is_fnptr_local(const Tokens *ts, int b, int e, const char *name) {
    for (int i = b; i + 3 < e; i++)
        if (tok_is(&ts->t[i], "(") && tok_is(&ts->t[i + 1], "*") && ts->t[i + 2].type == T_IDENT &&
            tok_is(&ts->t[i + 3], ")") && strcmp(ts->t[i + 2].text, name) == 0)
            return 1;
    return 0;
}

/* The index of the "(" matching the ")" at tokens[close], or -1. */
static int open_paren(const Tokens *ts, int b, int close) {
    int nest = 0;
    for (int i = close; i >= b; i--) {
        if (tok_is(&ts->t[i], ")")) nest++;
        if (tok_is(&ts->t[i], "(") && --nest == 0) return i;
    }
    return -1;
}

static int is_attribute(const Token *t) {
    return t->type == T_IDENT && (strcmp(t->text, "__attribute__") == 0 || strcmp(t->text, "__declspec") == 0 ||
                                  strcmp(t->text, "__asm__") == 0 || strcmp(t->text, "asm") == 0);
}

/* The top-level declaration [b, e) ends in ')' before '{': a function definition. Its
 * name is the identifier before its parameter list (the last parenthesised group after
 * attributes are set aside), so a macro invoked at top level before it (an X-macro
 * without a ';') is not taken for the name. */
static void add_definition(FileInfo *fi, const Tokens *ts, int b, int e) {
    int close = e - 1, open = -1;
    while (close >= b) {
        open = open_paren(ts, b, close);
        if (open < 0) return;
        if (open > b && is_attribute(&ts->t[open - 1]))
            close = open - 2; /* skip "__attribute__ ((...))" */
        else
            break;
    }
    if (open <= b || ts->t[open - 1].type != T_IDENT || is_keyword(ts->t[open - 1].text)) {
        /* e.g. "int (*f(int))(void) {": the first non-keyword name followed by '(' */
        open = -1;
        for (int i = b; i + 1 < e && open < 0; i++)
            if (ts->t[i].type == T_IDENT && !is_keyword(ts->t[i].text) && !is_attribute(&ts->t[i]) &&
                tok_is(&ts->t[i + 1], "("))
                open = i + 1;
        if (open < 0) return;
    }
    int is_static = 0;
    for (int i = b; i < open - 1; i++)
        if (ts->t[i].type == T_IDENT && strcmp(ts->t[i].text, "static") == 0) is_static = 1;
    const char *name = ts->t[open - 1].text;
    for (int i = 0; i < fi->ndefs; i++)
        if (strcmp(fi->defs[i], name) == 0) return; /* the other branch of an #if */
    GROW(fi->defs, fi->ndefs, fi->capdefs);
    fi->def_static = xrealloc(fi->def_static, (size_t)fi->capdefs);
    fi->defs[fi->ndefs] = xstrndup(name, strlen(name));
    fi->def_static[fi->ndefs++] = (char)is_static;
}

static void parse(FileInfo *fi, const Tokens *ts) {
    ParseState st = {0, 0, 0};
    ParseState *saved = NULL; /* per open #if: state at #if, then after its first branch */
    int *seen_else = NULL, nsaved = 0, capsaved = 0, capelse = 0;
    int fn_decl_start = 0;
    for (int i = 0; i < ts->n; i++) {
        const Token *t = &ts->t[i];
        if (t->type == T_PP_IF) {
            GROW(saved, nsaved * 2 + 1, capsaved);
            GROW(saved, nsaved * 2 + 2, capsaved);
            GROW(seen_else, nsaved, capelse);
            saved[2 * nsaved] = st;
            seen_else[nsaved++] = 0;
            continue;
        }
        if (t->type == T_PP_ELSE) {
            if (!nsaved) continue;
            if (!seen_else[nsaved - 1]) saved[2 * nsaved - 1] = st; /* the first branch's end */
            seen_else[nsaved - 1] = 1;
            st = saved[2 * nsaved - 2];
            continue;
        }
        if (t->type == T_PP_ENDIF) {
            if (!nsaved) continue;
            nsaved--;
            if (seen_else[nsaved]) st = saved[2 * nsaved + 1];
            continue;
        }
        if (tok_is(t, "{")) {
            if (st.depth == 0 && i > 0 && tok_is(&ts->t[i - 1], ")") && i > st.decl_start) {
                add_definition(fi, ts, st.decl_start, i);
                st.in_body = 1;
                fn_decl_start = st.decl_start;
            }
            st.depth++;
            continue;
        }
        if (tok_is(t, "}")) {
            if (st.depth > 0) st.depth--;
            if (st.depth == 0 && st.in_body) {
                st.in_body = 0;
                st.decl_start = i + 1;
            }
            continue;
        }
        if (tok_is(t, ";") && st.depth == 0) {
            st.decl_start = i + 1;
            continue;
        }
        if (st.in_body && t->type == T_IDENT && i + 1 < ts->n && tok_is(&ts->t[i + 1], "(") && !is_keyword(t->text)) {
            const Token *prev = &ts->t[i - 1];
            if (tok_is(prev, ".") || tok_is(prev, "->")) continue; /* a member function pointer */
            if (is_fnptr_local(ts, fn_decl_start, i, t->text)) continue;
            GROW(fi->calls, fi->ncalls, fi->capcalls);
            fi->calls[fi->ncalls++] = (Call){t->text, t->line};
        }
    }
    free(saved);
    free(seen_else);
}

static int read_whole(const char *path, char **out, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "callgraph: %s: %s\n", path, strerror(errno));
        return 2;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 > cap) {
            cap = cap ? 2 * cap : 65536;
            buf = xrealloc(buf, cap);
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        fprintf(stderr, "callgraph: %s: read error\n", path);
        free(buf);
        return 2;
    }
    *out = buf;
    *len = n;
    return 0;
}

/* ---- the name table: non-static function name -> the files that define it ---- */

typedef struct {
    char *name;
    int *files;
    int nfiles, cap;
} Global;

static Global *globals;
static size_t nglobals, capglobals; /* open addressing, capglobals a power of two */

static size_t hash(const char *s) {
    size_t h = 1469598103934665603u;
    while (*s) h = (h ^ (unsigned char)*s++) * 1099511628211u;
    return h;
}

static Global *global_find(const char *name, int create) {
    if (create && 2 * (nglobals + 1) > capglobals) {
        size_t oldcap = capglobals;
        Global *old = globals;
        capglobals = capglobals ? 2 * capglobals : 1024;
        globals = calloc(capglobals, sizeof *globals);
        if (!globals) exit(2);
        for (size_t i = 0; i < oldcap; i++) {
            if (!old[i].name) continue;
            size_t h = hash(old[i].name) & (capglobals - 1);
            while (globals[h].name) h = (h + 1) & (capglobals - 1);
            globals[h] = old[i];
        }
        free(old);
    }
    if (!capglobals) return NULL;
    size_t h = hash(name) & (capglobals - 1);
    while (globals[h].name) {
        if (strcmp(globals[h].name, name) == 0) return &globals[h];
        h = (h + 1) & (capglobals - 1);
    }
    if (!create) return NULL;
    nglobals++;
    globals[h] = (Global){xstrndup(name, strlen(name)), NULL, 0, 0};
    return &globals[h];
}

/* ---- the graph and its strongly connected components (Tarjan) ---- */

typedef struct {
    const char *example; /* the first call that makes this edge, NULL = no edge */
    int line;
    int nfuncs; /* distinct functions of the target called */
} Edge;

static Edge *edges; /* nfiles x nfiles, edges[a * nfiles + b]: a calls b */
static int *idx, *low, *onstack, *stack, *comp, nstack, counter, ncomp;

static void strongconnect(int v) {
    idx[v] = low[v] = counter++;
    stack[nstack++] = v;
    onstack[v] = 1;
    for (int w = 0; w < nfiles; w++) {
        if (!edges[v * nfiles + w].example) continue;
        if (idx[w] < 0) {
            strongconnect(w);
            if (low[w] < low[v]) low[v] = low[w];
        } else if (onstack[w] && idx[w] < low[v]) {
            low[v] = idx[w];
        }
    }
    if (low[v] == idx[v]) {
        int w;
        do {
            w = stack[--nstack];
            onstack[w] = 0;
            comp[w] = ncomp;
        } while (w != v);
        ncomp++;
    }
}

static int defines_locally(const FileInfo *fi, const char *name) {
    for (int i = 0; i < fi->ndefs; i++)
        if (strcmp(fi->defs[i], name) == 0) return 1;
    return 0;
}

static void add_edge(int a, int b, const Call *c) {
    Edge *e = &edges[(size_t)a * (size_t)nfiles + (size_t)b];
    if (!e->example) {
        *e = (Edge){c->name, c->line, 1};
        return;
    }
    /* count distinct functions: an earlier call of the same name made this edge already */
    const FileInfo *fi = &info[a];
    for (int k = 0; k < fi->ncalls && &fi->calls[k] != c; k++)
        if (strcmp(fi->calls[k].name, c->name) == 0) return;
    e->nfuncs++;
}

int main(int argc, char **argv) {
    int dot = 0, defs = 0, ndirs = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dot") == 0) {
            dot = 1;
        } else if (strcmp(argv[i], "--defs") == 0) {
            defs = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            puts("usage: callgraph [--dot|--defs] DIR...\n"
                 "  prints every file-level call cycle of the .c files under DIR...; exit 1 if any\n"
                 "  --dot   print the whole graph as graphviz text instead (cycle edges in red)\n"
                 "  --defs  list the functions each file defines (static or global) and exit 0");
            return 0;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "callgraph: unknown option '%s' (usage: callgraph [--dot] DIR...)\n", argv[i]);
            return 2;
        } else {
            int rc = walk(argv[i]);
            if (rc) return rc;
            ndirs++;
        }
    }
    if (!ndirs) {
        fputs("callgraph: no directory given (usage: callgraph [--dot] DIR...)\n", stderr);
        return 2;
    }
    qsort(files, (size_t)nfiles, sizeof *files, cmp_str);
    info = calloc((size_t)nfiles + 1, sizeof *info);
    toks = calloc((size_t)nfiles + 1, sizeof *toks);
    if (!info || !toks) return 2;
    for (int f = 0; f < nfiles; f++) {
        char *text;
        size_t len;
        if (read_whole(files[f], &text, &len)) return 2;
        lex(text, len, &toks[f]);
        free(text);
        parse(&info[f], &toks[f]);
        for (int d = 0; d < info[f].ndefs; d++) {
            if (info[f].def_static[d]) continue;
            Global *g = global_find(info[f].defs[d], 1);
            if (g->nfiles && g->files[g->nfiles - 1] == f) continue;
            GROW(g->files, g->nfiles, g->cap);
            g->files[g->nfiles++] = f;
        }
    }
    if (defs) { /* what the lexer found, to check it against the compiler's symbols */
        for (int f = 0; f < nfiles; f++)
            for (int d = 0; d < info[f].ndefs; d++)
                printf("%s %s %s\n", files[f], info[f].def_static[d] ? "static" : "global", info[f].defs[d]);
        return 0;
    }
    edges = calloc((size_t)nfiles * (size_t)nfiles + 1, sizeof *edges);
    if (!edges) return 2;
    int nedges = 0;
    for (int a = 0; a < nfiles; a++) {
        for (int k = 0; k < info[a].ncalls; k++) {
            const Call *c = &info[a].calls[k];
            if (defines_locally(&info[a], c->name)) continue;
            const Global *g = global_find(c->name, 0);
            for (int j = 0; g && j < g->nfiles; j++) {
                if (g->files[j] == a) continue;
                if (!edges[(size_t)a * (size_t)nfiles + (size_t)g->files[j]].example) nedges++;
                add_edge(a, g->files[j], c);
            }
        }
    }
    idx = malloc(sizeof(int) * ((size_t)nfiles + 1));
    low = malloc(sizeof(int) * ((size_t)nfiles + 1));
    onstack = calloc((size_t)nfiles + 1, sizeof(int));
    stack = malloc(sizeof(int) * ((size_t)nfiles + 1));
    comp = malloc(sizeof(int) * ((size_t)nfiles + 1));
    int *compsize = calloc((size_t)nfiles + 1, sizeof(int));
    if (!idx || !low || !onstack || !stack || !comp || !compsize) return 2;
    for (int v = 0; v < nfiles; v++) idx[v] = -1;
    for (int v = 0; v < nfiles; v++)
        if (idx[v] < 0) strongconnect(v);
    for (int v = 0; v < nfiles; v++) compsize[comp[v]]++;
    int ncycles = 0;
    for (int c = 0; c < ncomp; c++) ncycles += compsize[c] > 1;

    if (dot) {
        puts("digraph callgraph {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\", fontsize=10];");
        for (int v = 0; v < nfiles; v++) printf("  \"%s\";\n", files[v]);
        for (int a = 0; a < nfiles; a++)
            for (int b = 0; b < nfiles; b++) {
                const Edge *e = &edges[(size_t)a * (size_t)nfiles + (size_t)b];
                if (!e->example) continue;
                int cyc = comp[a] == comp[b];
                printf("  \"%s\" -> \"%s\" [tooltip=\"%s\"%s];\n", files[a], files[b], e->example,
                       cyc ? ", color=red" : "");
            }
        puts("}");
        free(compsize);
        return ncycles ? 1 : 0;
    }

    printf("callgraph: %d files, %d file-level edges, %d cycle%s\n", nfiles, nedges, ncycles, ncycles == 1 ? "" : "s");
    /* components in the order of their first file */
    int *printed = calloc((size_t)ncomp + 1, sizeof(int));
    if (!printed) return 2;
    int k = 0;
    for (int v = 0; v < nfiles; v++) {
        int c = comp[v];
        if (compsize[c] < 2 || printed[c]) continue;
        printed[c] = 1;
        printf("cycle %d: %d files:", ++k, compsize[c]);
        for (int w = 0; w < nfiles; w++)
            if (comp[w] == c) printf(" %s", files[w]);
        putchar('\n');
        for (int a = 0; a < nfiles; a++) {
            if (comp[a] != c) continue;
            for (int b = 0; b < nfiles; b++) {
                const Edge *e = &edges[(size_t)a * (size_t)nfiles + (size_t)b];
                if (comp[b] != c || !e->example) continue;
                printf("  %s -> %s (%s, line %d", files[a], files[b], e->example, e->line);
                if (e->nfuncs > 1) printf("; %d functions", e->nfuncs);
                puts(")");
            }
        }
    }
    free(printed);
    free(compsize);
    return ncycles ? 1 : 0;
}
