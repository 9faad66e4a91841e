/* xdnd_drop.c - a minimal XDND drag source for the GUI tests: drops one file on a
 * window the way a file manager would (XdndEnter, XdndPosition, XdndStatus, XdndDrop,
 * the text/uri-list selection, XdndFinished).
 * Usage: xdnd_drop WINDOW_ID X Y FILE   (X, Y inside the window; exit 0 when the
 * target accepted and finished the drop).
 * Must not: wait forever: every wait has a deadline. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static Display *dpy;
static Atom A_aware, A_enter, A_position, A_status, A_drop, A_finished, A_selection, A_copy, A_urilist;

static void atoms(void) {
    A_aware = XInternAtom(dpy, "XdndAware", False);
    A_enter = XInternAtom(dpy, "XdndEnter", False);
    A_position = XInternAtom(dpy, "XdndPosition", False);
    A_status = XInternAtom(dpy, "XdndStatus", False);
    A_drop = XInternAtom(dpy, "XdndDrop", False);
    A_finished = XInternAtom(dpy, "XdndFinished", False);
    A_selection = XInternAtom(dpy, "XdndSelection", False);
    A_copy = XInternAtom(dpy, "XdndActionCopy", False);
    A_urilist = XInternAtom(dpy, "text/uri-list", False);
}

static void send_msg(Window target, Atom type, long l0, long l1, long l2, long l3, long l4) {
    XEvent ev;
    memset(&ev, 0, sizeof ev);
    ev.xclient.type = ClientMessage;
    ev.xclient.display = dpy;
    ev.xclient.window = target;
    ev.xclient.message_type = type;
    ev.xclient.format = 32;
    ev.xclient.data.l[0] = l0;
    ev.xclient.data.l[1] = l1;
    ev.xclient.data.l[2] = l2;
    ev.xclient.data.l[3] = l3;
    ev.xclient.data.l[4] = l4;
    XSendEvent(dpy, target, False, NoEventMask, &ev);
    XFlush(dpy);
}

static long xdnd_version(Window w) {
    Atom type;
    int fmt;
    unsigned long n, after;
    unsigned char *data = NULL;
    long v = -1;
    if (XGetWindowProperty(dpy, w, A_aware, 0, 1, False, XA_ATOM, &type, &fmt, &n, &after, &data) == Success && data &&
        n == 1)
        v = (long)*(Atom *)data;
    if (data) XFree(data);
    return v;
}

/* file:// URI with %-encoding of everything but unreserved characters and '/'. */
static void make_uri(const char *path, char *out, size_t len) {
    char abs_path[4096];
    if (!realpath(path, abs_path)) snprintf(abs_path, sizeof abs_path, "%s", path);
    size_t o = (size_t)snprintf(out, len, "file://");
    for (const unsigned char *p = (const unsigned char *)abs_path; *p && o + 4 < len; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("/-_.~", *p))
            out[o++] = (char)*p;
        else
            o += (size_t)snprintf(out + o, len - o, "%%%02X", *p);
    }
    snprintf(out + o, len - o, "\r\n");
}

static void answer_request(const XSelectionRequestEvent *rq, const char *uri) {
    XEvent reply;
    memset(&reply, 0, sizeof reply);
    reply.xselection.type = SelectionNotify;
    reply.xselection.display = dpy;
    reply.xselection.requestor = rq->requestor;
    reply.xselection.selection = rq->selection;
    reply.xselection.target = rq->target;
    reply.xselection.time = rq->time;
    reply.xselection.property = None;
    if (rq->target == A_urilist && rq->property != None) {
        XChangeProperty(dpy, rq->requestor, rq->property, A_urilist, 8, PropModeReplace, (const unsigned char *)uri,
                        (int)strlen(uri));
        reply.xselection.property = rq->property;
    }
    XSendEvent(dpy, rq->requestor, False, NoEventMask, &reply);
    XFlush(dpy);
}

/* Waits for a client message of `type` (answering selection requests meanwhile). */
static int wait_for(Atom type, const char *uri, long *l1) {
    time_t end = time(NULL) + 5;
    while (time(NULL) < end) {
        while (XPending(dpy)) {
            XEvent ev;
            XNextEvent(dpy, &ev);
            if (ev.type == SelectionRequest)
                answer_request(&ev.xselectionrequest, uri);
            else if (ev.type == ClientMessage && ev.xclient.message_type == type) {
                *l1 = ev.xclient.data.l[1];
                return 0;
            }
        }
        struct timespec ts = {0, 5000000};
        nanosleep(&ts, NULL);
    }
    return -1;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: xdnd_drop WINDOW_ID X Y FILE\n");
        return 2;
    }
    if (!(dpy = XOpenDisplay(NULL))) {
        fprintf(stderr, "xdnd_drop: no display\n");
        return 2;
    }
    atoms();
    Window target = (Window)strtoul(argv[1], NULL, 0), child;
    int rx, ry;
    long version = xdnd_version(target), l1 = 0;
    char uri[8192];
    if (version < 0) {
        fprintf(stderr, "xdnd_drop: window 0x%lx is not XdndAware\n", (unsigned long)target);
        return 1;
    }
    make_uri(argv[4], uri, sizeof uri);
    XTranslateCoordinates(dpy, target, DefaultRootWindow(dpy), atoi(argv[2]), atoi(argv[3]), &rx, &ry, &child);
    Window src = XCreateSimpleWindow(dpy, DefaultRootWindow(dpy), 0, 0, 1, 1, 0, 0, 0);
    XSetSelectionOwner(dpy, A_selection, src, CurrentTime);
    long v = version < 5 ? version : 5;
    send_msg(target, A_enter, (long)src, v << 24, (long)A_urilist, 0, 0);
    send_msg(target, A_position, (long)src, 0, ((long)rx << 16) | ry, CurrentTime, (long)A_copy);
    if (wait_for(A_status, uri, &l1) != 0 || !(l1 & 1)) {
        fprintf(stderr, "xdnd_drop: the target did not accept the drag\n");
        return 1;
    }
    send_msg(target, A_drop, (long)src, 0, CurrentTime, 0, 0);
    if (wait_for(A_finished, uri, &l1) != 0) {
        fprintf(stderr, "xdnd_drop: no XdndFinished\n");
        return 1;
    }
    printf("xdnd_drop: dropped %s", uri);
    XDestroyWindow(dpy, src);
    XCloseDisplay(dpy);
    return 0;
}
