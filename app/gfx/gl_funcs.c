/* gl_funcs.c - defines and loads the GL function pointers listed in gl_funcs.h.
 *
 * Owns: the vgl_* pointers. Must not: call GL before gl_load() succeeded. */
#include "gl_funcs.h"

#include <SDL.h>
#include <string.h>

#define VAE_GL_DEFINE(type, name) type vgl_##name;
VAE_GL_FUNCTIONS(VAE_GL_DEFINE)
#undef VAE_GL_DEFINE

int gl_load(const char **missing) {
    void *p;
#define VAE_GL_LOAD(type, name)                                                                                        \
    p = SDL_GL_GetProcAddress(#name);                                                                                  \
    memcpy(&vgl_##name, &p, sizeof vgl_##name);                                                                        \
    if (!p) {                                                                                                          \
        *missing = #name;                                                                                              \
        return -1;                                                                                                     \
    }
    VAE_GL_FUNCTIONS(VAE_GL_LOAD)
#undef VAE_GL_LOAD
    return 0;
}
