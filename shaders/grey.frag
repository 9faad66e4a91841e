#version 330 core
// grey.frag - greyscale images (digits, the manifold): the red channel as a grey
// level, multiplied by the vertex colour.
in vec2 v_uv;
in vec4 v_color;
uniform sampler2D u_tex;
out vec4 o_color;
void main()
{
    float g = texture(u_tex, v_uv).r;
    o_color = vec4(v_color.rgb * g, v_color.a);
}
