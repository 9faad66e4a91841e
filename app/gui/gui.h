/* gui.h - the entry point of the SDL2 window (implemented in gui*.c).
 * main.c calls gui_main when no subcommand is given. */
#ifndef VAE_GUI_H
#define VAE_GUI_H

/* argv holds the window's options (--data, --model, --paused, --screenshot, ...).
 * Returns the process exit code. */
int gui_main(int argc, char **argv);

#endif
