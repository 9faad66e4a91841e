#version 330 core
// flat.frag - panels, rectangles, lines and curves: one colour, no texture.
in vec2 v_uv;
in vec4 v_color;
out vec4 o_color;
void main()
{
    o_color = v_color;
}
