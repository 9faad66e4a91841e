#version 330 core
// ui.vert - every 2-D primitive of the window: pixel positions to clip space.
layout(location = 0) in vec2 a_pos;   // framebuffer pixels, origin top-left
layout(location = 1) in vec2 a_uv;    // texture coordinates, or [-1, 1] across a disc
layout(location = 2) in vec4 a_color; // straight alpha
uniform vec2 u_viewport;              // framebuffer size in pixels
out vec2 v_uv;
out vec4 v_color;
void main()
{
    vec2 ndc = a_pos / u_viewport * 2.0 - 1.0;
    gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
    v_uv = a_uv;
    v_color = a_color;
}
