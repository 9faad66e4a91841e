#version 330 core
// text.frag - RGBA images tinted by the vertex colour: text (white glyphs from
// SDL2_ttf) and the pre-rendered scatter of test encodings.
in vec2 v_uv;
in vec4 v_color;
uniform sampler2D u_tex;
out vec4 o_color;
void main()
{
    o_color = v_color * texture(u_tex, v_uv);
}
