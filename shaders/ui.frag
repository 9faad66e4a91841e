#version 330 core
// ui.frag - colours a primitive: tinted RGBA texture (solids, text), an
// anti-aliased disc (scatter points, markers), or a greyscale image (digits).
in vec2 v_uv;
in vec4 v_color;
flat in int v_mode;
uniform sampler2D u_tex;
out vec4 o_color;
void main()
{
    if (v_mode == 1) {
        float d = length(v_uv);
        float aa = max(fwidth(d), 1e-4);
        float a = 1.0 - smoothstep(1.0 - aa, 1.0, d);
        o_color = vec4(v_color.rgb, v_color.a * a);
    } else if (v_mode == 2) {
        float g = texture(u_tex, v_uv).r;
        o_color = vec4(v_color.rgb * g, v_color.a);
    } else {
        o_color = v_color * texture(u_tex, v_uv);
    }
}
