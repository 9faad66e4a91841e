#version 330 core
// disc.frag - anti-aliased filled circles (markers, cursor, slider knobs).
in vec2 v_uv;
in vec4 v_color;
out vec4 o_color;
void main()
{
    float d = length(v_uv);
    float aa = max(fwidth(d), 1e-4);
    o_color = vec4(v_color.rgb, v_color.a * (1.0 - smoothstep(1.0 - aa, 1.0, d)));
}
