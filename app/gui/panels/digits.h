/* digits.h - the "Your image" panel: the selected image (a dropped file or a picked
 * test digit) as original, 28x28 input and reconstruction, with its q(z|x).
 *
 * Owns: DigitsPanel - the Selection (read by the map and the teaching views through
 * Frame.sel), its textures, and dropped-file handling (a refusal becomes a message in
 * the panel and a toast intent; the app goes on).
 * Must not: block on the worker, call other panels or the shell. */
#ifndef VAE_DIGITS_H
#define VAE_DIGITS_H

#include "panel.h"

typedef struct {
    Selection sel;
    Rect panel;   /* set by the layout */
    float scroll; /* when the panel is shorter than its content */
    int dirty;
} DigitsPanel;

/* Re-encodes the selection with the newest model. */
void digits_refresh(DigitsPanel *d, const Frame *f);
void digits_clear(DigitsPanel *d);
void digits_drop_file(DigitsPanel *d, const Frame *f, const char *path);
void digits_pick(DigitsPanel *d, const Frame *f, int index);
void digits_draw(DigitsPanel *d, const Frame *f);

#endif
